namespace Forensics.Net.Pcap.Analysis.Tests.Filtering;

public class DisplayFilterTests
{
    private static List<long> Run(string filter, string capture = TestFiles.HttpFirst20Pcap)
    {
        DisplayFilter compiled = DisplayFilter.Parse(filter);
        var result = new List<long>();
        using CaptureReader reader = CaptureReader.Open(TestFiles.Path(capture));
        var dissector = new FrameDissector();
        while (reader.ReadNext())
        {
            DissectedFrame frame = dissector.Dissect(reader.Current);
            if (compiled.Matches(frame))
            {
                result.Add(frame.Number);
            }
        }

        return result;
    }

    [Fact]
    public void HeaderFilters_SelectTheFramesTsharkSelects()
    {
        // Values checked with tshark 4.0 on http_first20.pcap.
        Run("tcp.flags.syn == 1").Should().Equal(1, 2);
        Run("tcp.port == 8080 && tcp.flags.syn == 1 && tcp.flags.ack == 0").Should().Equal(1);
        Run("frame.number in {1, 5, 10..12}").Should().Equal(1, 5, 10, 11, 12);
        Run("tcp.flags & 0x02").Should().Equal(1, 2);
        Run("tcp.seq == 0").Should().Equal(1, 2);
        Run("tcp.window_size == 64512").Should().Contain(3);
        Run("frame.len == 0x9c").Should().Equal(4);
        Run("ip.addr == 127.0.0.0/8").Should().HaveCount(20);
        Run("ip.addr == 10.0.0.0/8").Should().BeEmpty();
        Run("not tcp").Should().BeEmpty();
        Run("tcp.payload[0:3] == \"GET\"").Should().Equal(4);
        Run("frame[66-68] == 47:45:54").Should().Equal(4);
        Run("frame[66:3,69] == \"GET \"").Should().Equal(4);
        Run("eth.src[0:3] == 00:00:00").Should().HaveCount(20);
    }

    [Fact]
    public void HttpFields_SitOnTheFrameThatCompletesTheRequest()
    {
        Run("http.request.method == GET").Should().Equal(4);
        Run("http.request.full_uri matches \"http://.*\\\\.gif.*\"").Should().Equal(4);
    }

    [Fact]
    public void CourseFilter_WithPreFourEscape_IsAcceptedAsWritten()
    {
        DisplayFilter.TryParse("http.request.method==GET && http.request.full_uri matches \"http://.*\\.gif.*\"", out DisplayFilter? f).Should().BeTrue();
        f!.UsesApplicationLayers.Should().BeTrue();
        Run(f.Text).Should().Equal(4);
    }

    [Theory]
    [InlineData("foo.bar", 0, "neither a field nor a protocol")]
    [InlineData("tcp.port == \"80\"", 12, "cannot be converted from a string")]
    [InlineData("frame.len > 1000 and", 20, "Unexpected end")]
    [InlineData("(tcp.port == 80", 15, "expected \")\"")]
    [InlineData("tcp.port contains 80", 0, "cannot participate in 'contains'")]
    [InlineData("ip.addr == 10.0.0.0/33", 11, "prefix")]
    [InlineData("tcp.flags.syn == true", 17, "Boolean")]
    [InlineData("http.request.uri == \"open", 20, "not terminated")]
    [InlineData("nosuchfunc(tcp.port) == 1", 0, "does not exist")]
    [InlineData("http.request.uri matches \"(\"", 25, "Invalid regular expression")]
    [InlineData("tcp.port in {}", 13, "unexpected")]
    public void BadFilters_GetTheColumnAndTheReason(string filter, int column, string reason)
    {
        Action parse = () => DisplayFilter.Parse(filter);
        DisplayFilterException ex = parse.Should().Throw<DisplayFilterException>().Which;
        ex.Column.Should().Be(column);
        ex.Message.Should().ContainEquivalentOf(reason);
        ex.ToCaretString().Should().Contain(filter).And.Contain("^");
        DisplayFilter.TryParse(filter, out DisplayFilter? none, out DisplayFilterException? error).Should().BeFalse();
        none.Should().BeNull();
        error!.Column.Should().Be(column);
    }

    [Fact]
    public void OneMegabyteFilter_IsRejectedWithAClearError()
    {
        string huge = string.Join(" || ", Enumerable.Repeat("tcp.port == 80", 80_000));
        Action parse = () => DisplayFilter.Parse(huge);
        parse.Should().Throw<DisplayFilterException>().WithMessage("*characters long*");
    }

    [Theory]
    [InlineData(100_000, '(')]
    [InlineData(100_000, '!')]
    [InlineData(30_000, '-')]
    public void DeepNesting_IsRejected_NotAStackOverflow(int depth, char opener)
    {
        string filter = opener == '(' ? new string('(', depth) + "tcp" + new string(')', depth)
            : opener == '!' ? new string('!', Math.Min(depth, 60_000)) + "tcp"
            : "tcp.port == " + new string('-', depth) + "1";
        Action parse = () => DisplayFilter.Parse(filter);
        parse.Should().Throw<DisplayFilterException>();
    }

    [Fact]
    public void CatastrophicRegex_EvaluatesInBoundedTime()
    {
        // (a+)+$ is the textbook catastrophic pattern; the linear-time engine runs it on every payload.
        Run("frame matches \"(a+)+$\"").Should().BeEmpty();
        Run("frame matches \"^(a|aa)+$\"").Should().BeEmpty();
    }

    [Theory]
    [InlineData("tcp.port == 8080", true)]
    [InlineData("http.host", true)]
    [InlineData("tcp.flags.syn == 1", false)]
    public void UsesApplicationLayers_TellsWhetherReassemblyIsNeeded(string filter, bool http)
    {
        DisplayFilter.Parse(filter).UsesApplicationLayers.Should().Be(http && filter.StartsWith("http", StringComparison.Ordinal));
    }

    [Fact]
    public void Strings_Support4xEscapesAndRawStrings()
    {
        Run("http.request.method == \"\\x47ET\"").Should().Equal(4);
        Run("http.request.method == \"\\107ET\"").Should().Equal(4);
        Run("http.request.uri matches r\"\\.gif$\"").Should().Equal(4);
        Run("http.request.method == \"\\u0047ET\"").Should().Equal(4);
    }

    [Fact]
    public void MalformedFrames_EvaluateWithFieldsAbsent()
    {
        DisplayFilter filter = DisplayFilter.Parse("tcp.port == 80 || ip.ttl > 0 || frame.len > 0 || http.request || dns.qry.name contains \"a\" || tls.handshake.type == 1 || eth.src[0:3] == 00:00:00");
        var dissector = new FrameDissector();
        byte[] frame = TestFiles.Bytes(TestFiles.HttpFirst20Pcap)[40..];
        for (int cut = 0; cut < Math.Min(frame.Length, 200); cut++)
        {
            for (int flip = 0; flip < 4; flip++)
            {
                byte[] copy = frame[..cut];
                if (cut > 0)
                {
                    copy[(flip * 37) % cut] ^= 0xFF;
                }

                DissectedFrame f = dissector.Dissect(copy, LinkType.Ethernet, 0, copy.Length);
                filter.Matches(f).Should().Be(cut > 0 || filter.Matches(f));
            }
        }
    }

    [Fact]
    public void DisplayField_FormatsAsTsharkFields()
    {
        using CaptureReader reader = CaptureReader.Open(TestFiles.Path(TestFiles.HttpFirst20Pcap));
        var dissector = new FrameDissector();
        reader.ReadNext().Should().BeTrue();
        DissectedFrame frame = dissector.Dissect(reader.Current);
        DisplayField.Parse("tcp.port").Format(frame).Should().Be("52986,8080");
        DisplayField.Parse("tcp.flags").Format(frame).Should().Be("0x0002");
        DisplayField.Parse("ip.flags").Format(frame).Should().Be("0x02");
        DisplayField.Parse("ip.checksum").Format(frame).Should().Be("0xc07f");
        DisplayField.Parse("eth.addr").Format(frame).Should().Be("00:00:00:00:00:00,00:00:00:00:00:00");
        DisplayField.Parse("frame.time_epoch").Format(frame).Should().Be("1795835924.274027000");
        DisplayField.Parse("tcp.seq_raw").Format(frame).Should().Be("3412274085");
        DisplayField.Parse("frame.interface_id").Format(frame).Should().BeEmpty();
        DisplayField.TryParse("no.such.field", out _).Should().BeFalse();
    }

    [Fact]
    public void Views_PrintListLineDetailsAndHex()
    {
        using CaptureReader reader = CaptureReader.Open(TestFiles.Path(TestFiles.HttpFirst20Pcap));
        var dissector = new FrameDissector();
        var lines = new List<string>();
        var details = new StringWriter();
        var hex = new StringWriter();
        while (reader.ReadNext())
        {
            DissectedFrame frame = dissector.Dissect(reader.Current);
            lines.Add(FrameText.FormatListLine(frame));
            if (frame.Number == 4)
            {
                FrameText.WriteDetails(details, frame);
                FrameText.WriteHexDump(hex, frame.Packet.Frame);
            }
        }

        // The first lines exactly as tshark 4.0 prints them by default.
        lines[0].Should().Be("    1   0.000000    127.0.0.1 → 127.0.0.1    TCP 74 52986 → 8080 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=3317310718 TSecr=0 WS=1024");
        lines[2].Should().Be("    3   0.000041    127.0.0.1 → 127.0.0.1    TCP 66 52986 → 8080 [ACK] Seq=1 Ack=1 Win=64512 Len=0 TSval=3317310719 TSecr=2892990465");
        lines[3].Should().Be("    4   0.000115    127.0.0.1 → 127.0.0.1    HTTP 156 GET /img/anim.gif HTTP/1.1");
        details.ToString().Should().Contain("Transmission Control Protocol").And.Contain("    http.request.method: GET").And.Contain("    tcp.stream: 0");
        hex.ToString().Split('\n')[0].Should().StartWith("0000  00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00   ..............E.");
    }
}
