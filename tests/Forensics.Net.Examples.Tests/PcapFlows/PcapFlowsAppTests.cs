using System.Text.Json;
using Forensics.Net.Examples.Tests.Support;
using Forensics.Net.Testing;
using PcapFlows;

namespace Forensics.Net.Examples.Tests.PcapFlows;

public class PcapFlowsAppTests
{
    private static (int Exit, string[] Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = PcapFlowsApp.Run(args, output, error);
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray(), error.ToString());
    }

    [SkippableFact]
    public void Default_PrintsDpktLineForEveryIPPacket_AsTsharkSeesThem()
    {
        string path = TestCorpus.Require("pcap/http_downloads_vlan.pcap");
        List<string> tshark = PcapData.Tshark(path);
        string[] expected = tshark.Select(l => l.Split('\t')).Select(f => $"[+] Src: {f[0]}{f[2]} --> Dst: {f[1]}{f[3]}").ToArray();

        (int exit, string[] lines, _) = Run(path);

        exit.Should().Be(0);
        lines.Should().Equal(expected);
        lines[0].Should().Be("[+] Src: 127.0.0.1 --> Dst: 127.0.0.1");
    }

    [Fact]
    public void Ports_PrintsAddressPortArrows()
    {
        (int exit, string[] lines, _) = Run("--ports", PcapData.Path(PcapData.HttpFirst20Pcap));

        exit.Should().Be(0);
        lines.Should().HaveCount(20);
        lines[0].Should().Be("127.0.0.1:52986 -> 127.0.0.1:8080");
        lines[1].Should().Be("127.0.0.1:8080 -> 127.0.0.1:52986");
    }

    [Fact]
    public void ExcludeSrc_DropsPacketsFromThatSource()
    {
        Run("--exclude-src", "127.0.0.1", PcapData.Path(PcapData.HttpFirst20Pcap)).Out.Should().BeEmpty();
        Run("--exclude-src", "10.0.0.0/8", PcapData.Path(PcapData.HttpFirst20Pcap)).Out.Should().HaveCount(20);
        Run("--exclude-src", "nonsense", PcapData.Path(PcapData.HttpFirst20Pcap)).Exit.Should().Be(2);
    }

    [SkippableFact]
    public void SummaryJson_OneObjectPerFlow()
    {
        (int exit, string[] lines, _) = Run("--summary", "--json", TestCorpus.Require("pcap/http_downloads.pcapng"));

        exit.Should().Be(0);
        lines.Should().HaveCount(28);
        foreach (string line in lines)
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            doc.RootElement.GetProperty("proto").GetString().Should().Be("tcp");
            doc.RootElement.GetProperty("dport").GetInt32().Should().BeOneOf(80, 8080, 8000);
        }

        lines.Sum(l => JsonDocument.Parse(l).RootElement.GetProperty("packets").GetInt64()).Should().Be(8825);
    }

    [Fact]
    public void Summary_PrintsTheFlowTable()
    {
        (int exit, string[] lines, _) = Run("--summary", PcapData.Path(PcapData.HttpFirst20Sll2));

        exit.Should().Be(0);
        lines[0].Should().Contain("flows, 20 packets");
        lines[1].Should().StartWith("proto");
        lines.Skip(2).Should().OnlyContain(l => l.StartsWith("tcp ", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_OneObjectPerPacket()
    {
        (int exit, string[] lines, _) = Run("--json", PcapData.Path(PcapData.HttpFirst20Pcap));

        exit.Should().Be(0);
        lines.Should().HaveCount(20);
        using JsonDocument doc = JsonDocument.Parse(lines[0]);
        doc.RootElement.GetProperty("frame").GetInt64().Should().Be(1);
        doc.RootElement.GetProperty("src").GetString().Should().Be("127.0.0.1");
        doc.RootElement.GetProperty("sport").GetInt32().Should().Be(52986);
        doc.RootElement.GetProperty("dport").GetInt32().Should().Be(8080);
        doc.RootElement.GetProperty("proto").GetString().Should().Be("tcp");
        doc.RootElement.GetProperty("len").GetInt64().Should().Be(74);
    }

    [Fact]
    public void BadUsageAndDamagedInput_ReturnNonZeroWithMessage()
    {
        Run().Exit.Should().Be(2);
        Run("--bogus", "x").Exit.Should().Be(2);
        Run("/nonexistent/file.pcap").Exit.Should().Be(2);

        string cut = Path.Combine(Path.GetTempPath(), $"pcapflows-{Guid.NewGuid():N}.pcap");
        try
        {
            File.WriteAllBytes(cut, PcapData.Bytes(PcapData.HttpFirst20Pcap)[..1000]);
            (int exit, string[] lines, string err) = Run(cut);
            exit.Should().Be(1);
            lines.Should().NotBeEmpty();
            err.Should().Contain("Truncated");
        }
        finally
        {
            File.Delete(cut);
        }
    }
}
