namespace Forensics.Net.EncodingEval;

/// <summary>One row of an evaluation set's labels.csv.</summary>
public sealed record EvalFile(string Path, string Encoding, string Language, string Family, string Shape, string LengthBucket, string Split)
{
    /// <summary>Reads <c>labels.csv</c> (path,encoding,language,family,shape,length_bucket,split) of a set folder.</summary>
    /// <exception cref="InvalidDataException">a row has fewer than seven fields.</exception>
    public static IReadOnlyList<EvalFile> Load(string setDirectory)
    {
        var list = new List<EvalFile>();
        int line = 0;
        foreach (string row in File.ReadLines(System.IO.Path.Combine(setDirectory, "labels.csv")))
        {
            if (line++ == 0 || row.Length == 0)
            {
                continue;
            }

            string[] f = row.Split(',');
            if (f.Length < 7)
            {
                throw new InvalidDataException($"labels.csv line {line}: expected 7 fields, found {f.Length}");
            }

            list.Add(new EvalFile(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
        }

        return list;
    }
}
