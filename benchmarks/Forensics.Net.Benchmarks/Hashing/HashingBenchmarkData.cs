namespace Forensics.Net.Benchmarks.Hashing;

/// <summary>Big inputs made once per process in the temp folder (deleted at the end of the run).</summary>
internal static class HashingBenchmarkData
{
    /// <summary>Size of the "large file": 256 MiB instead of the 1 GiB to keep runs short on a shared 2-core machine.</summary>
    public const long LargeFileSize = 256L << 20;

    public static string CreateLargeFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fnhash-bench-{LargeFileSize >> 20}MiB.bin");
        if (File.Exists(path) && new FileInfo(path).Length == LargeFileSize)
        {
            return path;
        }

        var rng = new Random(42);
        byte[] chunk = new byte[1 << 20];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long done = 0; done < LargeFileSize; done += chunk.Length)
        {
            rng.NextBytes(chunk);
            stream.Write(chunk);
        }

        return path;
    }

    public static void WarmPageCache(string path)
    {
        using var s = File.OpenRead(path);
        byte[] buffer = new byte[1 << 20];
        while (s.Read(buffer) > 0)
        {
        }
    }
}
