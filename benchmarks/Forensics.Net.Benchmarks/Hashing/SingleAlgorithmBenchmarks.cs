using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Forensics.Net.Hashing.Files;

namespace Forensics.Net.Benchmarks.Hashing;

/// <summary>One algorithm over a 256 MiB file in the page cache: ours vs the BCL one-liners users would write.</summary>
[ShortRunJob]
public class SingleAlgorithmBenchmarks
{
    private string _path = string.Empty;

    [Params(FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256, FileHashAlgorithm.Sha512)]
    public FileHashAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = HashingBenchmarkData.CreateLargeFile();
        HashingBenchmarkData.WarmPageCache(_path);
    }

    [Benchmark(Baseline = true, Description = "XXX.HashData(stream)")]
    public byte[] HashDataStream()
    {
        using var stream = File.OpenRead(_path);
        return Algorithm switch
        {
            FileHashAlgorithm.Md5 => MD5.HashData(stream),
            FileHashAlgorithm.Sha1 => SHA1.HashData(stream),
            FileHashAlgorithm.Sha256 => SHA256.HashData(stream),
            _ => SHA512.HashData(stream),
        };
    }

    [Benchmark(Description = "IncrementalHash 1 MiB")]
    public byte[] Incremental()
    {
        var name = Algorithm switch
        {
            FileHashAlgorithm.Md5 => HashAlgorithmName.MD5,
            FileHashAlgorithm.Sha1 => HashAlgorithmName.SHA1,
            FileHashAlgorithm.Sha256 => HashAlgorithmName.SHA256,
            _ => HashAlgorithmName.SHA512,
        };
        using var hash = IncrementalHash.CreateHash(name);
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 0);
        byte[] buffer = new byte[1 << 20];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer.AsSpan(0, n));
        }

        return hash.GetHashAndReset();
    }

    [Benchmark(Description = "FileHasher.HashFile")]
    public HashDigests Ours() => FileHasher.HashFile(_path, [Algorithm]);
}
