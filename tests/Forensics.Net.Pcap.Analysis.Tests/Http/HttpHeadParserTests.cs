using System.Buffers;
using System.Text;

namespace Forensics.Net.Pcap.Analysis.Tests.Http;

public class HttpHeadParserTests
{
    private const string Request = "GET /img/a.gif?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent:  curl/8 \r\nAccept: */*\r\n\r\nBODY";
    private const string Response = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/100\r\nContent-Length: 10\r\n\r\n0123456789";

    [Fact]
    public void ParseRequestHead_ValidRequest_ReportsPartsAndConsumesHead()
    {
        var h = new Collector();
        byte[] data = Encoding.ASCII.GetBytes(Request);
        HttpHeadParser.ParseRequestHead(data, ref h, 1024, out int consumed).Should().Be(HttpHeadStatus.Complete);

        consumed.Should().Be(Request.IndexOf("BODY", StringComparison.Ordinal));
        h.Lines.Should().Equal("REQ GET|/img/a.gif?x=1|HTTP/1.1", "Host=example.com", "User-Agent=curl/8", "Accept=*/*");
    }

    [Fact]
    public void ParseResponseHead_ValidResponse_ReportsStatusAndHeaders()
    {
        var h = new Collector();
        HttpHeadParser.ParseResponseHead(Encoding.ASCII.GetBytes(Response), ref h, 1024, out int consumed).Should().Be(HttpHeadStatus.Complete);

        consumed.Should().Be(Response.Length - 10);
        h.Lines.Should().Equal("RESP HTTP/1.1|206|Partial Content", "Content-Range=bytes 0-9/100", "Content-Length=10");
    }

    [Fact]
    public void ParseRequestHead_BareLfAndLeadingEmptyLines_AreAccepted()
    {
        var h = new Collector();
        HttpHeadParser.ParseRequestHead("\r\n\nGET / HTTP/1.0\nHost: a\n\n"u8, ref h, 1024, out int consumed).Should().Be(HttpHeadStatus.Complete);
        consumed.Should().Be(27);
        h.Lines.Should().Equal("REQ GET|/|HTTP/1.0", "Host=a");
    }

    [Theory]
    [InlineData("request", Request)]
    [InlineData("response", Response)]
    public void Parse_EveryTruncation_NeedsMoreDataAndReportsNothing(string kind, string text)
    {
        byte[] data = Encoding.ASCII.GetBytes(text);
        int headLength = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        for (int length = 0; length < headLength; length++)
        {
            var h = new Collector();
            HttpHeadStatus status = kind == "request"
                ? HttpHeadParser.ParseRequestHead(data.AsSpan(0, length), ref h, 1024, out _)
                : HttpHeadParser.ParseResponseHead(data.AsSpan(0, length), ref h, 1024, out _);
            status.Should().Be(HttpHeadStatus.NeedMoreData, "length {0}", length);
            h.Lines.Should().BeEmpty();
        }
    }

    [Theory]
    [InlineData("binary TLS record", "16 03 01 02 00 01 00 01 fc 03 03")]
    [InlineData("SSH banner", "53 53 48 2d 32 2e 30 2d 4f 70 65 6e 53 53 48 0d 0a")]
    [InlineData("space in method", "47 20 45 54 20 2f 20 48 54 54 50 2f 31 2e 31 0d 0a 0d 0a")]
    [InlineData("no version", "47 45 54 20 2f 0d 0a 0d 0a")]
    [InlineData("bad version", "47 45 54 20 2f 20 48 54 54 50 2f 31 0d 0a 0d 0a")]
    [InlineData("empty target", "47 45 54 20 20 48 54 54 50 2f 31 2e 31 0d 0a 0d 0a")]
    [InlineData("response to a request parser", "48 54 54 50 2f 31 2e 31 20 32 30 30 20 4f 4b 0d 0a 0d 0a")]
    public void ParseRequestHead_NotARequest_IsInvalid(string label, string hex)
    {
        var h = new Collector();
        HttpHeadParser.ParseRequestHead(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)), ref h, 1024, out _)
            .Should().Be(HttpHeadStatus.Invalid, label);
    }

    [Theory]
    [InlineData("request to a response parser", "GET / HTTP/1.1\r\n\r\n")]
    [InlineData("two-digit status", "HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("letters in status", "HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("status glued to reason", "HTTP/1.1 200OK\r\n\r\n")]
    [InlineData("bad version", "HTTP/x.1 200 OK\r\n\r\n")]
    public void ParseResponseHead_NotAResponse_IsInvalid(string label, string text)
    {
        var h = new Collector();
        HttpHeadParser.ParseResponseHead(Encoding.ASCII.GetBytes(text), ref h, 1024, out _).Should().Be(HttpHeadStatus.Invalid, label);
    }

    [Fact]
    public void ParseRequestHead_HeaderFlood_IsTooLargeWithoutWaitingForTheEnd()
    {
        var sb = new StringBuilder("GET / HTTP/1.1\r\n");
        while (sb.Length < 5000)
        {
            sb.Append("X-Flood: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        }

        var h = new Collector();
        HttpHeadParser.ParseRequestHead(Encoding.ASCII.GetBytes(sb.ToString()), ref h, 4096, out _).Should().Be(HttpHeadStatus.TooLarge);
        h.Lines.Should().BeEmpty();
    }

    [Fact]
    public void ParseRequestHead_FoldedAndMalformedFieldLines_AreSkipped()
    {
        var h = new Collector();
        HttpHeadParser.ParseRequestHead("GET / HTTP/1.1\r\nA: 1\r\n folded\r\nno colon\r\nB@d: x\r\nC: 3\r\n\r\n"u8, ref h, 1024, out _)
            .Should().Be(HttpHeadStatus.Complete);
        h.Lines.Should().Equal("REQ GET|/|HTTP/1.1", "A=1", "C=3");
    }

    [Fact]
    public void TryParseRequestHead_MultiSegmentSequence_ParsesAndAdvances()
    {
        byte[] data = Encoding.ASCII.GetBytes(Request);
        ReadOnlySequence<byte> seq = Segments(data, 7);
        var h = new Collector();
        HttpHeadParser.TryParseRequestHead(ref seq, ref h).Should().BeTrue();
        Encoding.ASCII.GetString(seq.ToArray()).Should().Be("BODY");
        h.Lines.Should().HaveCount(4);
    }

    [Fact]
    public void TryParseResponseHead_Incomplete_ReturnsFalseWithoutAdvancing()
    {
        var seq = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nA: b\r\n"));
        var h = new Collector();
        HttpHeadParser.TryParseResponseHead(ref seq, ref h).Should().BeFalse();
        seq.Length.Should().Be(23);
        h.Lines.Should().BeEmpty();
    }

    [Fact]
    public void TryParseRequestHead_Garbage_ThrowsPcapFormatException()
    {
        var seq = new ReadOnlySequence<byte>(new byte[] { 0x16, 0x03, 0x01, 0x00 });
        var h = new Collector();
        try
        {
            HttpHeadParser.TryParseRequestHead(ref seq, ref h);
            Assert.Fail("expected an exception");
        }
        catch (PcapFormatException ex)
        {
            ex.Offset.Should().Be(0);
        }
    }

    [Fact]
    public void ParseRequestHead_StructHandler_AllocatesNothing()
    {
        byte[] data = Encoding.ASCII.GetBytes(Request);
        var counter = new CountingHandler();
        HttpHeadParser.ParseRequestHead(data, ref counter, 1024, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            HttpHeadParser.ParseRequestHead(data, ref counter, 1024, out _);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        counter.Headers.Should().Be(3 * 1001);
    }

    [Fact]
    public void HttpResponseHead_TryGetContentRange_ParsesRfc9110Form()
    {
        var tx = HttpTestHarness.RunExchange("GET /x HTTP/1.1\r\nHost: h\r\n\r\n", "HTTP/1.1 206 Partial\r\nContent-Range: bytes 5-9/*\r\nContent-Length: 5\r\n\r\nabcde").Single();
        tx.Response!.TryGetContentRange(out long first, out long last, out long total).Should().BeTrue();
        (first, last, total).Should().Be((5L, 9L, -1L));
    }

    private static ReadOnlySequence<byte> Segments(byte[] data, int size)
    {
        Segment? first = null, last = null;
        for (int i = 0; i < data.Length; i += size)
        {
            var s = new Segment(data.AsMemory(i, Math.Min(size, data.Length - i)));
            if (first is null)
            {
                first = last = s;
            }
            else
            {
                last = last!.Append(s);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
            return next;
        }
    }

    private struct Collector : IHttpHeadHandler
    {
        private List<string>? _lines;

        public List<string> Lines => _lines ??= [];

        public void OnRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, ReadOnlySpan<byte> version) =>
            Lines.Add($"REQ {Encoding.ASCII.GetString(method)}|{Encoding.ASCII.GetString(target)}|{Encoding.ASCII.GetString(version)}");

        public void OnStatusLine(ReadOnlySpan<byte> version, int statusCode, ReadOnlySpan<byte> reasonPhrase) =>
            Lines.Add($"RESP {Encoding.ASCII.GetString(version)}|{statusCode}|{Encoding.ASCII.GetString(reasonPhrase)}");

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
            Lines.Add($"{Encoding.ASCII.GetString(name)}={Encoding.ASCII.GetString(value)}");
    }

    private struct CountingHandler : IHttpHeadHandler
    {
        public int Headers;

        public void OnRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, ReadOnlySpan<byte> version)
        {
        }

        public void OnStatusLine(ReadOnlySpan<byte> version, int statusCode, ReadOnlySpan<byte> reasonPhrase)
        {
        }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => Headers++;
    }
}
