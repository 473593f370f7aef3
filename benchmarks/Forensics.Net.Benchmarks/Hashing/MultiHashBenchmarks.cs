using BenchmarkDotNet.Attributes;
using Forensics.Net.Hashing.Files;

namespace Forensics.Net.Benchmarks.Hashing;

/// <summary>MD5 + SHA-1 + SHA-256 over a 256 MiB file in one read pass (compare with <c>hashdeep -c md5,sha1,sha256</c>), and BLAKE3 alone.</summary>
[ShortRunJob]
public class MultiHashBenchmarks
{
    private static readonly FileHashAlgorithm[] Three = [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256];
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _path = HashingBenchmarkData.CreateLargeFile();
        HashingBenchmarkData.WarmPageCache(_path);
    }

    [Benchmark(Baseline = true, Description = "3 algorithms, 1 core")]
    public HashDigests Sequential() => FileHasher.HashFile(_path, Three, new FileHasherOptions { MaxDegreeOfParallelism = 1 });

    [Benchmark(Description = "3 algorithms, all cores")]
    public HashDigests Parallel() => FileHasher.HashFile(_path, Three);

    [Benchmark(Description = "BLAKE3 (managed SIMD)")]
    public HashDigests Blake3() => FileHasher.HashFile(_path, [FileHashAlgorithm.Blake3]);

    [Benchmark(Description = "XXH3-64")]
    public HashDigests XxHash3() => FileHasher.HashFile(_path, [FileHashAlgorithm.XxHash3]);
}
