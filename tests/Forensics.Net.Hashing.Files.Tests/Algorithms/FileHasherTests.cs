using System.IO.Hashing;
using System.Security.Cryptography;
using CsCheck;

namespace Forensics.Net.Hashing.Files.Tests;

public class FileHasherTests
{
    private static readonly FileHashAlgorithm[] Every = FileHashAlgorithms.All.Where(FileHashAlgorithms.IsSupported).ToArray();

    // Published test vectors for "abc" (FIPS 180/202, RFC 1321, BLAKE3 and xxHash reference outputs, zlib CRC-32).
    [Theory]
    [InlineData(FileHashAlgorithm.Md5, "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData(FileHashAlgorithm.Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData(FileHashAlgorithm.Sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(FileHashAlgorithm.Sha384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")]
    [InlineData(FileHashAlgorithm.Sha512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData(FileHashAlgorithm.Sha3_256, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532")]
    [InlineData(FileHashAlgorithm.Sha3_512, "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0")]
    [InlineData(FileHashAlgorithm.Crc32, "352441c2")]
    [InlineData(FileHashAlgorithm.XxHash3, "78af5f94892f3950")]
    [InlineData(FileHashAlgorithm.XxHash128, "06b05ab6733a618578af5f94892f3950")]
    [InlineData(FileHashAlgorithm.Blake3, "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85")]
    public void Hash_Abc_MatchesPublishedVector(FileHashAlgorithm algorithm, string hex)
    {
        if (!FileHashAlgorithms.IsSupported(algorithm))
        {
            return; // SHA-3 on a platform without it: covered by AlgorithmTests
        }

        FileHasher.Hash("abc"u8, [algorithm]).GetHex(algorithm).Should().Be(hex);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(1_000_003)]
    public void HashStream_AllAlgorithmsAtOnce_EqualsOneShotHashes(int length)
    {
        byte[] data = RandomBytes(length, seed: length);
        var options = new FileHasherOptions { BufferSize = 4096, MaxDegreeOfParallelism = 4 };
        var digests = FileHasher.Hash(new MemoryStream(data), Every, options);

        digests.Length.Should().Be(length);
        digests.GetDigest(FileHashAlgorithm.Md5).ToArray().Should().Equal(MD5.HashData(data));
        digests.GetDigest(FileHashAlgorithm.Sha1).ToArray().Should().Equal(SHA1.HashData(data));
        digests.GetDigest(FileHashAlgorithm.Sha256).ToArray().Should().Equal(SHA256.HashData(data));
        digests.GetDigest(FileHashAlgorithm.Sha512).ToArray().Should().Equal(SHA512.HashData(data));
        digests.GetDigest(FileHashAlgorithm.XxHash3).ToArray().Should().Equal(XxHash3.Hash(data));
        digests.GetDigest(FileHashAlgorithm.XxHash128).ToArray().Should().Equal(XxHash128.Hash(data));
        digests.GetHex(FileHashAlgorithm.Crc32).Should().Be(Crc32.HashToUInt32(data).ToString("x8"));
        digests.GetDigest(FileHashAlgorithm.Blake3).ToArray().Should().Equal(Blake3.Hasher.Hash(data).AsSpan().ToArray());
    }

    [Fact]
    public void Hash_ParallelAndSequential_AgreeForRandomInputsAndBufferSizes()
    {
        Gen.Select(Gen.Int[0, 300_000], Gen.Int[4096, 70_000], Gen.Int[1, 4]).Sample((length, buffer, dop) =>
        {
            byte[] data = RandomBytes(length, length ^ buffer);
            FileHashAlgorithm[] algs = [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256, FileHashAlgorithm.Blake3];
            var parallel = FileHasher.Hash(new NonSeekable(data), algs, new FileHasherOptions { BufferSize = buffer, MaxDegreeOfParallelism = dop });
            var oneShot = FileHasher.Hash(data, algs);
            return algs.All(a => parallel.GetHex(a) == oneShot.GetHex(a)) && parallel.Length == length;
        }, iter: 40);
    }

    [Fact]
    public async Task HashAsync_NonSeekable_ReportsProgressAndMatchesSync()
    {
        byte[] data = RandomBytes(3_000_000, 7);
        var reported = new List<long>();
        var progress = new SyncProgress(reported.Add);
        var options = new FileHasherOptions { BufferSize = 1 << 16 };
        FileHashAlgorithm[] algs = [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha256];

        var async = await FileHasher.HashAsync(new NonSeekable(data), algs, options, progress);
        var sync = FileHasher.Hash(new MemoryStream(data), algs, options);

        async.GetHex(FileHashAlgorithm.Sha256).Should().Be(sync.GetHex(FileHashAlgorithm.Sha256));
        async.GetHex(FileHashAlgorithm.Md5).Should().Be(Convert.ToHexStringLower(MD5.HashData(data)));
        reported.Should().NotBeEmpty().And.BeInAscendingOrder();
        reported[^1].Should().Be(data.Length);
    }

    [Fact]
    public async Task HashAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await FluentActions.Awaiting(async () => await FileHasher.HashAsync(new MemoryStream(new byte[1 << 20]), [FileHashAlgorithm.Sha256], cancellationToken: cts.Token))
            .Should().ThrowAsync<OperationCanceledException>();
    }

    [SkippableFact]
    public async Task HashFile_SyncAndAsync_MatchSha256sum()
    {
        using var dir = new TempDir();
        string path = dir.File("data.bin", RandomBytes(2_500_000, 3));
        var sync = FileHasher.HashFile(path, [FileHashAlgorithm.Sha256, FileHashAlgorithm.Blake3]);
        var async = await FileHasher.HashFileAsync(path, [FileHashAlgorithm.Sha256, FileHashAlgorithm.Blake3]);

        string sha = Tool.Run("sha256sum", [path], dir.Path).Out.Split(' ')[0];
        string b3 = Tool.Run("b3sum", [path], dir.Path).Out.Split(' ')[0];
        sync.GetHex(FileHashAlgorithm.Sha256).Should().Be(sha);
        async.GetHex(FileHashAlgorithm.Sha256).Should().Be(sha);
        sync.GetHex(FileHashAlgorithm.Blake3).Should().Be(b3);
        async.GetHex(FileHashAlgorithm.Blake3).Should().Be(b3);
    }

    // One algorithm from a path, sync and async, with and without a second core allowed, and from a non-seekable
    // stream: all must agree with the one-shot hash at every chunk edge (chunk = 4096 here).
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(8191)]
    [InlineData(8192)]
    [InlineData(8193)]
    [InlineData(300_001)]
    public async Task HashFile_OneAlgorithm_EqualsOneShotAtChunkEdges(int length)
    {
        using var dir = new TempDir();
        byte[] data = RandomBytes(length, seed: length + 7);
        string path = dir.File("one.bin", data);
        var twoCores = new FileHasherOptions { BufferSize = 4096, MaxDegreeOfParallelism = 2 };
        var sequential = new FileHasherOptions { BufferSize = 4096, MaxDegreeOfParallelism = 1 };
        foreach (var algorithm in new[] { FileHashAlgorithm.Md5, FileHashAlgorithm.Sha256 })
        {
            byte[] expected = algorithm == FileHashAlgorithm.Md5 ? MD5.HashData(data) : SHA256.HashData(data);
            var a = FileHasher.HashFile(path, [algorithm], twoCores);
            var b = FileHasher.HashFile(path, [algorithm], sequential);
            var c = await FileHasher.HashFileAsync(path, [algorithm], twoCores);
            var d = FileHasher.Hash(new NonSeekable(data), [algorithm], twoCores);
            foreach (var digests in new[] { a, b, c, d })
            {
                digests.Length.Should().Be(length);
                digests.GetDigest(algorithm).ToArray().Should().Equal(expected);
            }
        }
    }

    [Fact]
    public void HashFile_TruncatedWhileRead_HashesWhatWasReadWithoutCrashing()
    {
        using var dir = new TempDir();
        byte[] data = RandomBytes(64 * 4096, seed: 11);
        string path = dir.File("shrinks.bin", data);
        var options = new FileHasherOptions { BufferSize = 4096, MaxDegreeOfParallelism = 2 };
        bool truncated = false;
        var progress = new SyncProgress(done =>
        {
            if (!truncated)
            {
                truncated = true;
                using var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                writer.SetLength(10_000);
            }
        });

        var digests = FileHasher.HashFile(path, [FileHashAlgorithm.Sha256], options, progress);

        truncated.Should().BeTrue();
        digests.Length.Should().BeLessThan(data.Length).And.BeGreaterThan(0);
        digests.GetDigest(FileHashAlgorithm.Sha256).ToArray().Should().Equal(SHA256.HashData(data.AsSpan(0, (int)digests.Length)));
    }

    [Fact]
    public void HashFile_Missing_ThrowsFileNotFound() =>
        FluentActions.Invoking(() => FileHasher.HashFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".bin"), [FileHashAlgorithm.Md5]))
            .Should().Throw<FileNotFoundException>();

    [Fact]
    public void MultiHasher_ResetsBetweenInputs_AndRejectsBadArguments()
    {
        using var hasher = new MultiHasher([FileHashAlgorithm.Sha1, FileHashAlgorithm.Crc32]);
        hasher.Append("ab"u8);
        hasher.Append("c"u8);
        hasher.BytesHashed.Should().Be(3);
        hasher.GetDigestsAndReset().GetHex(FileHashAlgorithm.Sha1).Should().Be("a9993e364706816aba3e25717850c26c9cd0d89d");
        hasher.BytesHashed.Should().Be(0);
        hasher.GetDigestsAndReset().GetHex(FileHashAlgorithm.Crc32).Should().Be("00000000");

        FluentActions.Invoking(() => new MultiHasher([])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new MultiHasher([FileHashAlgorithm.Md5], 0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new MultiHasher([(FileHashAlgorithm)42])).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void HashDigests_RejectsWrongLengthsAndDuplicates()
    {
        FluentActions.Invoking(() => new HashDigests([new(FileHashAlgorithm.Md5, new byte[15])])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new HashDigests([new(FileHashAlgorithm.Md5, new byte[16]), new(FileHashAlgorithm.Md5, new byte[16])]))
            .Should().Throw<ArgumentException>();
        var d = new HashDigests([new(FileHashAlgorithm.Md5, new byte[16])]);
        d.Length.Should().Be(-1);
        FluentActions.Invoking(() => d.GetHex(FileHashAlgorithm.Sha256)).Should().Throw<KeyNotFoundException>();
    }

    internal static byte[] RandomBytes(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>A stream that cannot seek and returns short reads, like a pipe.</summary>
    internal sealed class NonSeekable(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, 7919), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
