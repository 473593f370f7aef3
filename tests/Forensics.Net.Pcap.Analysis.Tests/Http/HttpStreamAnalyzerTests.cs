using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Forensics.Net.Pcap.Analysis.Tests.Http;

public class HttpStreamAnalyzerTests
{
    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void KeepAliveAndPipelining_PairsResponsesWithRequestsInOrder(int segmentSize)
    {
        string requests = "GET /a.txt HTTP/1.1\r\nHost: h\r\n\r\nGET /b.txt HTTP/1.1\r\nHost: h\r\n\r\nHEAD /c HTTP/1.1\r\nHost: h\r\n\r\nGET /d HTTP/1.1\r\nHost: h:8080\r\n\r\n";
        string responses = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nAAA"
            + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=1\r\nBB\r\n1\r\nb\r\n0\r\nX-Trailer: yes\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n"
            + "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n";
        HttpTestHarness h = HttpTestHarness.Run(B(requests), B(responses), segmentSize: segmentSize);

        h.Completed.Select(t => t.Url).Should().Equal("http://h/a.txt", "http://h/b.txt", "http://h/c", "http://h:8080/d");
        h.Completed.Select(t => t.Response!.StatusCode).Should().Equal(200, 200, 200, 304);
        h.BodyText(h.Completed[0]).Should().Be("AAA");
        h.BodyText(h.Completed[1]).Should().Be("BBb");
        h.Completed[1].Trailers.Should().ContainSingle().Which.Should().Be(new KeyValuePair<string, string>("X-Trailer", "yes"));
        h.Completed[2].HasResponseBody.Should().BeFalse("HEAD responses have no body");
        h.Completed[3].HasResponseBody.Should().BeFalse("304 responses have no body");
        h.Completed.Should().OnlyContain(t => t.IsComplete && t.Problems == HttpProblems.None);
        h.Completed[0].Sha256.Should().Equal(SHA256.HashData("AAA"u8));
    }

    [Fact]
    public void Http10WithoutLength_BodyRunsUntilClose()
    {
        HttpTestHarness h = HttpTestHarness.Run(B("GET /old HTTP/1.0\r\n\r\n"), B("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"));
        HttpTransaction tx = h.Completed.Single();
        h.BodyText(tx).Should().Be("until the end");
        tx.IsComplete.Should().BeTrue();
        tx.Url.Should().Be("http://10.0.0.2/old");
    }

    [Fact]
    public void InterimAndNoContentResponses_HaveNoBody()
    {
        HttpTestHarness h = HttpTestHarness.Run(
            B("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\ndataDELETE /x HTTP/1.1\r\nHost: h\r\n\r\n"),
            B("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 204 No Content\r\n\r\n"));
        h.Completed.Select(t => t.Response!.StatusCode).Should().Equal(201, 204);
        h.Completed[0].RequestBodyLength.Should().Be(4);
        h.BodyText(h.Completed[0]).Should().Be("ok");
        h.Completed[1].HasResponseBody.Should().BeFalse();
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("x-gzip")]
    [InlineData("deflate")]
    [InlineData("deflate-raw")]
    [InlineData("br")]
    public void ContentEncoding_IsDecodedAndRawHashKept(string coding)
    {
        byte[] original = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("compressible text ", 500)));
        byte[] encoded = Compress(coding, original);
        string header = coding == "deflate-raw" ? "deflate" : coding;
        byte[] response = Concat(B($"HTTP/1.1 200 OK\r\nContent-Encoding: {header}\r\nContent-Length: {encoded.Length}\r\n\r\n"), encoded);
        HttpTestHarness h = HttpTestHarness.Run(B("GET /t HTTP/1.1\r\nHost: h\r\n\r\n"), response, segmentSize: 100);

        HttpTransaction tx = h.Completed.Single();
        h.Body(tx).Should().Equal(original);
        tx.Sha256.Should().Equal(SHA256.HashData(original));
        tx.EncodedSha256.Should().Equal(SHA256.HashData(encoded));
        tx.IsDecoded.Should().BeTrue();
        tx.BodyLength.Should().Be(original.Length);
        tx.EncodedBodyLength.Should().Be(encoded.Length);
        tx.IsComplete.Should().BeTrue();
    }

    [Fact]
    public void ContentEncoding_DecodeOff_GivesBodyAsSent()
    {
        byte[] encoded = Compress("gzip", B("hello hello hello"));
        byte[] response = Concat(B($"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {encoded.Length}\r\n\r\n"), encoded);
        HttpTestHarness h = HttpTestHarness.Run(B("GET / HTTP/1.1\r\n\r\n"), response, new HttpStreamAnalyzerOptions { DecodeContent = false });
        h.Body(h.Completed.Single()).Should().Equal(encoded);
    }

    [Fact]
    public void GzipBomb_IsCappedAndReported()
    {
        byte[] bomb = Compress("gzip", new byte[20_000_000], CompressionLevel.SmallestSize);
        bomb.Length.Should().BeLessThan(100_000);
        byte[] response = Concat(B($"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {bomb.Length}\r\n\r\n"), bomb);
        HttpTestHarness h = HttpTestHarness.Run(B("GET /bomb HTTP/1.1\r\n\r\n"), response, new HttpStreamAnalyzerOptions { MaxDecodedBodyBytes = 1_000_000 });

        HttpTransaction tx = h.Completed.Single();
        tx.BodyLength.Should().Be(1_000_000);
        tx.Problems.Should().HaveFlag(HttpProblems.DecodedSizeLimit);
        tx.IsComplete.Should().BeFalse();
    }

    [Fact]
    public void CorruptGzip_IsReportedNotThrown()
    {
        byte[] junk = Concat([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff], B("not deflate data at all"));
        byte[] response = Concat(B($"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {junk.Length}\r\n\r\n"), junk);
        HttpTestHarness h = HttpTestHarness.Run(B("GET / HTTP/1.1\r\n\r\n"), response);
        h.Completed.Single().Problems.Should().HaveFlag(HttpProblems.DecodingFailed);
    }

    [Theory]
    [InlineData("non-hex size", "zz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("absurd size", "fffffffffffffffff\r\nabc\r\n0\r\n\r\n")]
    [InlineData("missing CRLF after data", "3\r\nabcXX0\r\n\r\n")]
    [InlineData("empty size line", "\r\nabc\r\n0\r\n\r\n")]
    public void BogusChunk_IsReportedAndBounded(string label, string chunked)
    {
        HttpTestHarness h = HttpTestHarness.Run(
            B("GET /c HTTP/1.1\r\n\r\n"),
            B("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked));
        HttpTransaction tx = h.Completed.Single();
        tx.Problems.Should().HaveFlag(HttpProblems.BadChunk, label);
        tx.IsComplete.Should().BeFalse();
        h.StreamProblems.Should().Contain(HttpProblems.BadChunk);
    }

    [Fact]
    public void HeaderFlood_IsCutAtTheLimit()
    {
        var flood = new StringBuilder("HTTP/1.1 200 OK\r\n");
        while (flood.Length < 200_000)
        {
            flood.Append("X-Flood: 0123456789012345678901234567890123456789\r\n");
        }

        HttpTestHarness h = HttpTestHarness.Run(B("GET / HTTP/1.1\r\n\r\n"), B(flood.ToString()), new HttpStreamAnalyzerOptions { MaxHeadBytes = 8192 });
        h.StreamProblems.Should().Contain(HttpProblems.HeadTooLarge);
        h.Completed.Should().ContainSingle().Which.Response.Should().BeNull();
    }

    [Fact]
    public void NonHttpOnPort80_IsLeftAlone()
    {
        byte[] tls = Convert.FromHexString("160301020001000100fc0303");
        HttpTestHarness h = HttpTestHarness.Run(tls, Convert.FromHexString("160303005a0200005603030000"));
        h.Completed.Should().BeEmpty();
        h.StreamProblems.Should().Contain(HttpProblems.NotHttp);
    }

    [Fact]
    public void CaptureEndsMidBody_IsTruncatedWithThePrefixKept()
    {
        HttpTestHarness h = HttpTestHarness.Run(B("GET /big HTTP/1.1\r\n\r\n"), B("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part"), close: false);
        HttpTransaction tx = h.Completed.Single();
        h.BodyText(tx).Should().Be("only part");
        tx.Problems.Should().HaveFlag(HttpProblems.Truncated);
        tx.IsComplete.Should().BeFalse();
    }

    [Fact]
    public void GapInsideBody_IsZeroFilledAndTheNextMessageStillParses()
    {
        var harness = new HttpTestHarness();
        using var r = new TcpReassembler(new HttpStreamAnalyzer(harness));
        var f = new Reassembly.SegmentFactory(r);
        f.Handshake();
        f.ClientData(0, "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
        string first = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n";
        f.ServerData(0, first + "abc");
        f.ServerData(first.Length + 6, "ghij" + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        r.Complete();

        harness.Completed.Should().HaveCount(2);
        harness.Body(harness.Completed[0]).Should().Equal(B("abc\0\0\0ghij"));
        harness.Completed[0].MissingBytes.Should().Be(3);
        harness.Completed[0].Problems.Should().HaveFlag(HttpProblems.MissingData);
        harness.BodyText(harness.Completed[1]).Should().Be("ok");
        harness.Completed[1].IsComplete.Should().BeTrue();
    }

    [Fact]
    public void ResponseWithoutCapturedRequest_OnMidStreamPickup_IsReportedWithNoRequest()
    {
        var harness = new HttpTestHarness();
        using var r = new TcpReassembler(new HttpStreamAnalyzer(harness));
        var f = new Reassembly.SegmentFactory(r);
        f.Server(5000, TcpFlags.Ack, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"u8);
        r.Complete();
        HttpTransaction tx = harness.Completed.Single();
        tx.Request.Should().BeNull();
        tx.Problems.Should().HaveFlag(HttpProblems.NoRequest);
        harness.BodyText(tx).Should().Be("hi");
    }

    [Fact]
    public void EveryTruncationOfAConversation_NeverThrowsAndStaysBounded()
    {
        byte[] gz = Compress("gzip", B("payload payload payload"));
        byte[] response = Concat(
            B("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"),
            B($"{gz.Length:x}\r\n"), gz, B("\r\n0\r\n\r\n"),
            B("HTTP/1.1 206 Partial\r\nContent-Range: bytes 0-1/9\r\nContent-Length: 2\r\n\r\nab"));
        byte[] request = B("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n");
        for (int cut = 0; cut <= response.Length; cut++)
        {
            HttpTestHarness h = HttpTestHarness.Run(request, response[..cut], segmentSize: 13, close: cut % 2 == 0);
            h.Completed.Should().HaveCount(2, "cut at {0}", cut);
        }

        var rng = new Random(7);
        for (int i = 0; i < 300; i++)
        {
            byte[] flipped = (byte[])response.Clone();
            flipped[rng.Next(flipped.Length)] ^= (byte)(1 << rng.Next(8));
            HttpTestHarness h = HttpTestHarness.Run(request, flipped, segmentSize: 17);
            h.Completed.Count.Should().BeInRange(1, 3);
        }
    }

    private static byte[] Compress(string coding, byte[] data, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var ms = new MemoryStream();
        using (Stream z = coding switch
        {
            "gzip" or "x-gzip" => new GZipStream(ms, level, leaveOpen: true),
            "deflate" => new ZLibStream(ms, level, leaveOpen: true),
            "deflate-raw" => new DeflateStream(ms, level, leaveOpen: true),
            _ => new BrotliStream(ms, level, leaveOpen: true),
        })
        {
            z.Write(data);
        }

        return ms.ToArray();
    }
}
