using System.Globalization;
using Forensics.Net.Hashing.Files;

namespace HashScan;

/// <summary>
/// <c>HashScan --similar KNOWN.ssdeep [--threshold N] [-r] PATH...</c>: the lines <c>ssdeep -m KNOWN.ssdeep [-t N] [-r] PATH...</c>
/// prints, <c>PATH matches KNOWN.ssdeep:NAME (SCORE)</c> for every known entry scoring above the threshold (default 0).
/// Exit code 1 when anything matched, 0 when nothing did, 2 on usage or input errors.
/// </summary>
internal static class SimilarScan
{
    public const string Usage = "usage: HashScan --similar KNOWN.ssdeep [--threshold N] [-r] PATH...";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var known = new List<string>();
        var paths = new List<string>();
        bool recursive = false;
        int threshold = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            switch (a)
            {
                case "--similar" when i + 1 < args.Length: known.Add(args[++i]); break;
                case "--threshold" or "-t" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out threshold) || threshold > 100)
                    {
                        stderr.Write($"HashScan: --threshold takes 0-100\n{Usage}\n");
                        return 2;
                    }

                    break;
                case "-r": case "--recursive": recursive = true; break;
                case "--": paths.AddRange(args[(i + 1)..]); i = args.Length; break;
                default:
                    if (a.StartsWith('-') && a.Length > 1)
                    {
                        stderr.Write($"HashScan: unknown or incomplete option {a}\n{Usage}\n");
                        return 2;
                    }

                    paths.Add(a);
                    break;
            }
        }

        if (known.Count == 0 || paths.Count == 0)
        {
            stderr.Write(Usage + "\n");
            return 2;
        }

        // One index per known list, so that each match names the list it came from as ssdeep does.
        var indexes = new List<(string File, SimilarityIndex Index)>();
        foreach (string file in known)
        {
            var index = new SimilarityIndex();
            try
            {
                index.LoadSsdeepListFile(file, issue => stderr.Write($"HashScan: {file}: {issue}\n"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.Write($"HashScan: {file}: {ex.Message}\n");
                return 2;
            }

            indexes.Add((file, index));
        }

        int matched = 0;
        foreach (var result in TreeHasher.Hash(paths, [FileHashAlgorithm.Ssdeep], new TreeHashOptions { Recursive = recursive }))
        {
            if (result.Status != TreeEntryStatus.Hashed)
            {
                stderr.Write($"HashScan: {result.Path}: {result.Message}\n");
                continue;
            }

            var digest = SsdeepDigest.Parse(result.Digests!.GetHex(FileHashAlgorithm.Ssdeep));
            string path = Path.GetFullPath(result.Path);
            foreach (var (file, index) in indexes)
            {
                foreach (var m in index.FindSimilar(digest, threshold + 1))
                {
                    stdout.Write($"{path} matches {file}:{m.Name} ({m.Score.ToString(CultureInfo.InvariantCulture)})\n");
                    matched++;
                }
            }
        }

        return matched > 0 ? 1 : 0;
    }
}
