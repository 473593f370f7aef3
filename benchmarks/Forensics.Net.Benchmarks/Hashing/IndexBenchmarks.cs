using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Forensics.Net.Hashing.Files;

namespace Forensics.Net.Benchmarks.Hashing;

/// <summary>
/// Lookups in the on-disk <see cref="HashIndex"/> at 20 million SHA-256 keys by default, or at the count in the
/// <c>FNHASH_INDEX_KEYS</c> environment variable (the 100M: <c>FNHASH_INDEX_KEYS=100000000</c>, ~3.6 GB in
/// the temp folder). Each operation is one of 65,536 random probes (hits, misses, or hits on keys that carry a
/// name), so the probes touch far more pages than the TLB and caches hold, as real lookups of evidence do.
/// </summary>
[ShortRunJob]
public class IndexLookupBenchmarks
{
    /// <summary>Gets the key count: <c>FNHASH_INDEX_KEYS</c> when set (inherited by BenchmarkDotNet's child process), else 20M.</summary>
    public static int KeyCount { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("FNHASH_INDEX_KEYS"), out int n) && n > 0 ? n : 20_000_000;

    private const int Probes = 65536;
    private HashIndex _index = null!;
    private byte[][] _hits = [];
    private byte[][] _misses = [];
    private byte[][] _named = [];

    /// <summary>Gets or sets how the index is opened: <c>Open</c> maps the file, <c>Load</c> reads it into (huge-page) memory.</summary>
    [Params("Open", "Load")]
    public string Mode { get; set; } = "Open";

    [GlobalSetup]
    public void Setup()
    {
        string path = IndexBuild.EnsureIndex(KeyCount);
        var opening = System.Diagnostics.Stopwatch.StartNew();
        _index = Mode == "Load" ? HashIndex.LoadFile(path) : HashIndex.Open(path);
        Console.WriteLine($"// HashIndex.{Mode}: {opening.Elapsed.TotalMilliseconds:F0} ms for {new FileInfo(path).Length:N0} bytes");
        var rng = new Random(1);
        _hits = Enumerable.Range(0, Probes).Select(_ => IndexBuild.Key(rng.Next(KeyCount))).ToArray();
        _misses = Enumerable.Range(0, Probes).Select(i => IndexBuild.Key(KeyCount + i)).ToArray();
        _named = Enumerable.Range(0, Probes).Select(_ => IndexBuild.Key(IndexBuild.NameEvery * rng.Next(KeyCount / IndexBuild.NameEvery))).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Description = "HashIndex hit", OperationsPerInvoke = Probes)]
    public int Hit()
    {
        int found = 0;
        foreach (byte[] key in _hits)
        {
            found += _index.Contains(key) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(Description = "HashIndex miss", OperationsPerInvoke = Probes)]
    public int Miss()
    {
        int found = 0;
        foreach (byte[] key in _misses)
        {
            found += _index.Contains(key) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(Description = "HashIndex hit + name", OperationsPerInvoke = Probes)]
    public int HitWithName()
    {
        int length = 0;
        foreach (byte[] key in _named)
        {
            _index.TryLookup(FileHashAlgorithm.Sha256, key, out string? name);
            length += name?.Length ?? 0;
        }

        return length;
    }
}

/// <summary>Builds the index of <see cref="IndexLookupBenchmarks.KeyCount"/> keys once (one measured run: build time; the file size is printed).</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
public class IndexBuild
{
    /// <summary>Every this-many-th key carries a name (100,000 distinct names); the others have none.</summary>
    public const int NameEvery = 64;

    public static byte[] Key(int i) => SHA256.HashData(BitConverter.GetBytes(i));

    public static string EnsureIndex(int count)
    {
        string path = Path.Combine(Path.GetTempPath(), $"fnhash-bench-{count}.idx");
        if (!File.Exists(path))
        {
            Build(path, count);
        }

        return path;
    }

    private static HashIndexBuildResult Build(string path, int count)
    {
        var result = HashIndex.BuildFile(path, FileHashAlgorithm.Sha256, Entries(count));
        Console.WriteLine($"// index: {result.Count:N0} keys, {result.FileSize:N0} bytes ({(double)result.FileSize / result.Count:F1} bytes/key)");
        return result;
    }

    private static IEnumerable<HashEntry> Entries(int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return new HashEntry(i % NameEvery == 0 ? $"name{i % 100_000}" : string.Empty, -1,
                new HashDigests([new(FileHashAlgorithm.Sha256, Key(i))]));
        }
    }

    [Benchmark(Description = "HashIndex.BuildFile SHA-256 keys")]
    public long Build20M()
    {
        // Kept afterwards: IndexLookupBenchmarks opens the same file instead of building it again.
        string path = Path.Combine(Path.GetTempPath(), $"fnhash-bench-{IndexLookupBenchmarks.KeyCount}.idx");
        File.Delete(path);
        return Build(path, IndexLookupBenchmarks.KeyCount).FileSize;
    }
}
