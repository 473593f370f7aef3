using System.Text;

namespace Forensics.Net.EncodingDetection.Tests;

public class StreamTests
{
    private const long FiftyMegabytes = 50L * 1000 * 1000;

    [Theory]
    [InlineData(false, false)] // seekable, read fully (50 MB < FullScanLimit)
    [InlineData(true, false)]  // non-seekable, read fully
    [InlineData(false, true)]  // seekable, sampled head/middle/tail
    public void Detect_FiftyMegabytesOfAsciiThenCp1251_IsCp1251WithBoundedMemory(bool nonSeekable, bool sampled)
    {
        byte[] tail = CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetBytes("\nА в самом конце файла: доброе утро, коллеги, это windows-1251.\n");
        using var stream = new AsciiThenTailStream(FiftyMegabytes, tail, seekable: !nonSeekable);
        var options = new EncodingDetectorOptions { FullScanLimit = sampled ? 1024 * 1024 : long.MaxValue };

        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = EncodingDetector.Detect(stream, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        result.WebName.Should().Be("windows-1251");
        result.Language.Should().Be("ru");
        allocated.Should().BeLessThan(4 * 1024 * 1024, "memory must stay bounded whatever the stream's size");
        if (sampled)
        {
            result.BytesExamined.Should().BeLessThan(FiftyMegabytes);
        }
        else
        {
            result.BytesExamined.Should().Be(FiftyMegabytes + tail.Length);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DetectAsync_AgreesWithDetect(bool sampled)
    {
        byte[] tail = CodePagesEncodingProvider.Instance.GetEncoding(20866)!.GetBytes("\nСъешь же ещё этих мягких французских булок, да выпей чаю.\n");
        var options = new EncodingDetectorOptions { FullScanLimit = sampled ? 64 * 1024 : long.MaxValue, RegionSize = 4096 };
        using var forSync = new AsciiThenTailStream(1_000_000, tail, seekable: true);
        using var forAsync = new AsciiThenTailStream(1_000_000, tail, seekable: true);

        var expected = EncodingDetector.Detect(forSync, options);
        var actual = await EncodingDetector.DetectAsync(forAsync, options);

        actual.WebName.Should().Be("koi8-r");
        actual.WebName.Should().Be(expected.WebName);
        actual.Confidence.Should().Be(expected.Confidence);
        actual.BytesExamined.Should().Be(expected.BytesExamined);
    }

    [Fact]
    public async Task DetectAsync_Cancelled_Throws()
    {
        using var stream = new MemoryStream(TestFiles.Read("Legacy/koi8-r_ru_short.txt"));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await FluentActions.Awaiting(async () => await EncodingDetector.DetectAsync(stream, null, cts.Token)).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void Detect_SeekableStream_IsPutBackWhereItWas()
    {
        using var stream = new MemoryStream(TestFiles.Read("Legacy/koi8-r_ru_short.txt"));
        stream.Position = 3;

        var result = EncodingDetector.Detect(stream);

        stream.Position.Should().Be(3);
        result.WebName.Should().Be("koi8-r");
    }

    [Theory]
    [InlineData("Legacy/shift_jis_ja_short.txt")]
    [InlineData("Legacy/utf-16be_zh_CN_short.txt")]
    [InlineData("Legacy/windows-1256_ar_short.txt")]
    [InlineData("Bom/utf-16le-bom_en_short.txt")]
    [InlineData("Binary/img.png")]
    public void Detect_StreamAndSpan_Agree(string file)
    {
        byte[] bytes = TestFiles.Read(file);
        var fromSpan = EncodingDetector.Detect(bytes);

        using var seekable = new MemoryStream(bytes);
        using var nonSeekable = new AsciiThenTailStream(0, bytes, seekable: false);

        foreach (var result in new[] { EncodingDetector.Detect(seekable), EncodingDetector.Detect(nonSeekable) })
        {
            result.WebName.Should().Be(fromSpan.WebName);
            result.IsBinary.Should().Be(fromSpan.IsBinary);
            result.HasBom.Should().Be(fromSpan.HasBom);
            result.Language.Should().Be(fromSpan.Language);
        }
    }

    [Fact]
    public void Detect_LargeUtf8Stream_ValidatesAcrossChunkBoundaries()
    {
        // 3-byte characters straddle every 64 KiB chunk boundary somewhere.
        string line = "日本語のテキストです。国際的な証拠の交換。\n";
        var builder = new StringBuilder();
        while (builder.Length < 200_000)
        {
            builder.Append(line);
        }

        byte[] bytes = Encoding.UTF8.GetBytes(builder.ToString());
        using var stream = new AsciiThenTailStream(0, bytes, seekable: false);

        var result = EncodingDetector.Detect(stream);

        result.WebName.Should().Be("utf-8");
        result.Confidence.Should().BeGreaterThanOrEqualTo(0.99);

        bytes[100_000] = 0xFF; // one invalid byte deep inside
        using var damaged = new AsciiThenTailStream(0, bytes, seekable: false);
        EncodingDetector.Detect(damaged).Confidence.Should().BeLessThan(0.99);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OpenReader_BomFile_SkipsTheBomAndDecodes(bool seekable)
    {
        byte[] bytes = TestFiles.Read("Bom/utf-16le-bom_en_short.txt");
        using var stream = new AsciiThenTailStream(0, bytes, seekable);

        using var reader = EncodingDetector.OpenReader(stream, out var result);
        string text = reader.ReadToEnd();

        result.WebName.Should().Be("utf-16le");
        text.Should().StartWith("\u201CEvidence\u201D");
        text.Should().NotContain("\uFEFF");
    }

    [Fact]
    public void OpenReader_LeaveOpen_DoesNotDisposeTheStream()
    {
        using var stream = new MemoryStream(TestFiles.Read("Legacy/big5_zh_TW_short.txt"));

        using (var reader = EncodingDetector.OpenReader(stream, out var result, leaveOpen: true))
        {
            result.WebName.Should().Be("big5");
            reader.ReadToEnd().Should().NotContain("\uFFFD");
        }

        stream.CanRead.Should().BeTrue();
    }

    [Fact]
    public void Detect_NullOrUnreadableStream_Throws()
    {
        FluentActions.Invoking(() => EncodingDetector.Detect((Stream)null!)).Should().Throw<ArgumentNullException>();
        using var unreadable = new UnreadableStream();
        FluentActions.Invoking(() => EncodingDetector.Detect(unreadable)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void DetectFile_SampleEvidence_ReadsTheGreeting()
    {
        string path = Path.Combine(TestFiles.RepositoryRoot(), "samples", "evidence", "greeting-utf16le.txt");

        var result = EncodingDetector.DetectFile(path);

        result.WebName.Should().Be("utf-16le");
        result.HasBom.Should().BeTrue();
    }

    /// <summary>A generated stream: <c>asciiLength</c> bytes of ASCII lines, then <c>tail</c>. Allocates nothing per read.</summary>
    private sealed class AsciiThenTailStream(long asciiLength, byte[] tail, bool seekable) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => seekable;

        public override bool CanWrite => false;

        public override long Length => seekable ? asciiLength + tail.Length : throw new NotSupportedException();

        public override long Position
        {
            get => seekable ? _position : throw new NotSupportedException();
            set => _position = seekable ? value : throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            long total = asciiLength + tail.Length;
            int n = (int)Math.Min(buffer.Length, total - _position);
            for (int i = 0; i < n; i++)
            {
                long p = _position + i;
                buffer[i] = p < asciiLength ? (p % 64 == 63 ? (byte)'\n' : (byte)('a' + (p % 26))) : tail[p - asciiLength];
            }

            _position += Math.Max(0, n);
            return Math.Max(0, n);
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class UnreadableStream : MemoryStream
    {
        public override bool CanRead => false;
    }
}
