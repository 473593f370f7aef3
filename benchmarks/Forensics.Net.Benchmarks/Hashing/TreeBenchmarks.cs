using BenchmarkDotNet.Attributes;
using Forensics.Net.Hashing.Files;

namespace Forensics.Net.Benchmarks.Hashing;

/// <summary>SHA-256 over a tree of 20,000 small files (0.5–4 KiB, 100 directories); compare with <c>rhash --sha256 -r</c>.</summary>
[ShortRunJob]
public class TreeBenchmarks
{
    public const int FileCount = 20_000;
    private string _root = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "fnhash-bench-tree");
        if (Directory.Exists(_root) && Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Count() == FileCount)
        {
            return;
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }

        var rng = new Random(7);
        for (int i = 0; i < FileCount; i++)
        {
            string dir = Path.Combine(_root, $"d{i % 100:D2}");
            Directory.CreateDirectory(dir);
            byte[] data = new byte[rng.Next(512, 4096)];
            rng.NextBytes(data);
            File.WriteAllBytes(Path.Combine(dir, $"f{i:D5}.bin"), data);
        }
    }

    [Benchmark(Description = "TreeHasher SHA-256, 20k files", OperationsPerInvoke = FileCount)]
    public int Tree()
    {
        int n = 0;
        foreach (var r in TreeHasher.Hash([_root], [FileHashAlgorithm.Sha256]))
        {
            n += r.Status == TreeEntryStatus.Hashed ? 1 : 0;
        }

        return n;
    }
}
