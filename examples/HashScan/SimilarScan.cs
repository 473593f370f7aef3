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
    public static int Scan(IReadOnlyList<string> known, int threshold, IReadOnlyList<string> paths, bool recursive, TextWriter stdout, TextWriter stderr)
    {
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
        foreach (var result in TreeHasher.Hash(paths, [FileHashAlgorithm.Ssdeep], new TreeHasherOptions { Recursive = recursive }))
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
