namespace Forensics.Net.Pcap.Analysis.Tests.Dns;

public class DnsMessageTests
{
    // A response for example.com A 93.184.216.34 with a compressed answer name (pointer to offset 12).
    private const string Response =
        "abcd81800001000100000000" + "076578616d706c6503636f6d0000010001" + "c00c000100010000012c00045db8d822";

    [Fact]
    public void TryParse_Response_DecodesQuestionAndCompressedAnswer()
    {
        DnsMessage.TryParse(Convert.FromHexString(Response), out DnsMessage? m).Should().BeTrue();
        m!.Id.Should().Be(0xabcd);
        m.IsResponse.Should().BeTrue();
        m.ResponseCode.Should().Be(0);
        m.IsComplete.Should().BeTrue();
        m.Questions.Should().ContainSingle().Which.ToString().Should().Be("example.com A");
        DnsResourceRecord a = m.Answers.Single();
        a.Name.Should().Be("example.com");
        a.TimeToLive.Should().Be(300);
        a.Value.Should().Be("93.184.216.34");
        a.Address!.ToString().Should().Be("93.184.216.34");
    }

    [Fact]
    public void TryParse_EveryTruncation_NeverThrowsAndMarksIncomplete()
    {
        byte[] data = Convert.FromHexString(Response);
        for (int n = 0; n < data.Length; n++)
        {
            bool ok = DnsMessage.TryParse(data.AsSpan(0, n), out DnsMessage? m);
            if (n < 29)
            {
                ok.Should().BeFalse("header and question need 29 bytes, got {0}", n);
            }
            else
            {
                ok.Should().BeTrue();
                m!.IsComplete.Should().BeFalse();
                m.Answers.Should().BeEmpty();
            }
        }
    }

    [Fact]
    public void TryParse_FlippedBytes_NeverThrows()
    {
        byte[] data = Convert.FromHexString(Response);
        for (int i = 0; i < data.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] copy = (byte[])data.Clone();
                copy[i] ^= (byte)(1 << bit);
                _ = DnsMessage.TryParse(copy, out _);
            }
        }
    }

    [Theory]
    [InlineData("pointer to itself", "000081800001000000000000" + "c00c00010001")]
    [InlineData("forward pointer", "000081800001000000000000" + "c01000010001")]
    [InlineData("reserved label type 0x40", "000081800001000000000000" + "41610000010001")]
    [InlineData("label past the end", "000081800001000000000000" + "3f6162")]
    [InlineData("too many questions", "00008180ffff000000000000")]
    [InlineData("short header", "0000818000")]
    public void TryParse_Malformed_ReturnsFalse(string label, string hex)
    {
        DnsMessage.TryParse(Convert.FromHexString(hex), out _).Should().BeFalse(label);
    }

    [Fact]
    public void ProtocolLog_TcpdumpDnsCaptures_MatchTshark()
    {
        ProtocolLogResult udp2 = ProtocolLog.ReadFile(TestFiles.Path("TestData/Dns/dns_udp_2.pcap"), null);
        udp2.Dns.Should().HaveCount(2);
        udp2.Dns[0].Message.Questions.Single().Name.Should().Be("www.tcpdump.org");
        udp2.Dns[1].Message.IsResponse.Should().BeTrue();
        udp2.Dns[1].Message.Answers.Select(a => a.Value).Should().Contain("192.139.46.66");

        // tshark: 42 frames, alternating queries and answers for example.com, every answer 93.184.216.34.
        ProtocolLogResult edns = ProtocolLog.ReadFile(TestFiles.Path("TestData/Dns/edns-opts.pcap"), null);
        edns.Dns.Should().HaveCount(42);
        edns.Dns.Where(d => d.Message.IsResponse).Should().HaveCount(21)
            .And.OnlyContain(d => d.Message.Answers.Any(a => a.Value == "93.184.216.34"));
        edns.Dns.Count(d => !d.Message.IsResponse && d.Message.Additionals.Any(r => r.TypeName == "OPT")).Should().Be(20, "tshark: 20 queries carry an OPT record");

        ProtocolLogResult uri = ProtocolLog.ReadFile(TestFiles.Path("TestData/Dns/dns-uri.pcap"), null);
        uri.Dns.Select(d => d.Message.Questions.Single().ToString()).Should().Equal("_http.dns.test URI", "_http.dns.test URI", "_ftp.dns.test URI", "_ftp.dns.test URI");
    }

    [Theory]
    [InlineData("TestData/Dns/dns_fwdptr.pcap")]
    [InlineData("TestData/Dns/dns-badlabel.pcap")]
    public void ProtocolLog_MaliciousDns_IsSkippedAndReported(string file)
    {
        ProtocolLogResult log = ProtocolLog.ReadFile(TestFiles.Path(file), null);
        log.Dns.Should().BeEmpty();
        log.Issues.Should().Contain(p => p.Message.StartsWith("dns:", StringComparison.Ordinal));
    }
}
