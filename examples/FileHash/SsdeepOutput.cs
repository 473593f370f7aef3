using Forensics.Net.Hashing.Files;

namespace FileHash;

/// <summary><c>FileHash --algorithms ssdeep --format ssdeep [-r] PATH...</c>: the lines <c>ssdeep [-r] PATH...</c> prints.</summary>
internal static class SsdeepOutput
{
    public static int Write(List<string> paths, IReadOnlyList<FileHashAlgorithm> algorithms, TreeHasherOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (algorithms.Count != 1 || algorithms[0] != FileHashAlgorithm.Ssdeep)
        {
            stderr.Write("FileHash: --format ssdeep takes --algorithms ssdeep\n");
            return 2;
        }

        int exit = 0;
        using var writer = new SsdeepListWriter(stdout);
        writer.WriteHeader();
        foreach (var result in TreeHasher.Hash(paths, algorithms, options))
        {
            if (result.Status == TreeEntryStatus.Hashed)
            {
                // ssdeep prints the absolute, normalised path (symbolic links are not resolved).
                writer.Write(SsdeepDigest.Parse(result.Digests!.GetHex(FileHashAlgorithm.Ssdeep)), Path.GetFullPath(result.Path));
            }
            else
            {
                stderr.Write($"FileHash: {result.Path}: {result.Message}\n");
                exit = result.Status == TreeEntryStatus.Error ? 1 : exit;
            }
        }

        return exit;
    }
}
