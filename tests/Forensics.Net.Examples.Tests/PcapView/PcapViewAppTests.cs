using Forensics.Net.Examples.Tests.Support;
using Forensics.Net.Pcap.Analysis;
using PcapView;

namespace Forensics.Net.Examples.Tests.PcapView;

public class PcapViewAppTests
{
    private static (int Exit, string[] Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = PcapViewApp.Run(args, output, error);
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray(), error.ToString());
    }

    [Fact]
    public void Fields_PrintTabSeparatedValuesAndCommaSeparatedOccurrences()
    {
        (int exit, string[] lines, _) = Run(PcapData.Path(PcapData.HttpFirst20Pcap), "-Y", "tcp.flags.syn == 1", "-T", "fields", "-e", "frame.number", "-e", "tcp.port");
        exit.Should().Be(0);
        lines.Should().Equal("1\t52986,8080", "2\t8080,52986");
    }

    [Fact]
    public void CourseFilter_AsPrinted_FindsTheGifRequest()
    {
        (int exit, string[] lines, _) = Run("-r", PcapData.Path(PcapData.HttpFirst20Pcap), "-Y", "http.request.method==GET && http.request.full_uri matches \"http://.*\\.gif.*\"");
        exit.Should().Be(0);
        lines.Should().ContainSingle().Which.Should().Contain("GET /img/anim.gif HTTP/1.1");
    }

    [Fact]
    public void Exits1WhenNothingMatches_And2OnABadFilter()
    {
        Run(PcapData.Path(PcapData.HttpFirst20Pcap), "-Y", "udp").Exit.Should().Be(1);
        (int exit, _, string err) = Run(PcapData.Path(PcapData.HttpFirst20Pcap), "-Y", "tcp.port == ");
        exit.Should().Be(2);
        err.Should().StartWith("PcapView: ").And.Contain("^");
        Run(PcapData.Path(PcapData.HttpFirst20Pcap), "-T", "fields").Exit.Should().Be(2);
        Run("no-such-file.pcap").Exit.Should().Be(2);
    }

    [Fact]
    public void CountStopsAfterNFramesRead_AsTshark()
    {
        Run(PcapData.Path(PcapData.HttpFirst20Pcap), "-c", "3", "-Y", "http.request").Exit.Should().Be(1);
        Run(PcapData.Path(PcapData.HttpFirst20Pcap), "-c", "4").Out.Should().HaveCount(4);
    }

    [Fact]
    public void Write_KeepsOnlyMatchingPackets()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pcapview-{Guid.NewGuid():N}.pcapng");
        try
        {
            Run(PcapData.Path(PcapData.HttpFirst20Pcap), "-Y", "tcp.len > 0", "-w", path, "-q").Exit.Should().Be(0);
            using CaptureReader reader = CaptureReader.Open(path);
            reader.ReadAll().Count().Should().Be(Run(PcapData.Path(PcapData.HttpFirst20Pcap), "-Y", "tcp.len > 0").Out.Length);
            reader.Format.Should().Be(CaptureFormat.PcapNg);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DetailsHexJsonAndStatistics_Print()
    {
        string capture = PcapData.Path(PcapData.HttpFirst20Pcap);
        Run(capture, "-c", "1", "-V", "-x").Out.Should().Contain("    tcp.srcport: 52986").And.Contain(l => l.StartsWith("0000  ", StringComparison.Ordinal));
        Run(capture, "-c", "2", "-T", "jsonl", "-e", "frame.number", "-e", "tcp.port").Out.Should().Equal("{\"frame_number\":\"1\",\"tcp_port\":[\"52986\",\"8080\"]}", "{\"frame_number\":\"2\",\"tcp_port\":[\"8080\",\"52986\"]}");
        Run(capture, "-q", "-z", "conv,tcp").Out.Should().Contain(l => l.Contains("127.0.0.1:52986 <-> 127.0.0.1:8080", StringComparison.Ordinal));
        Run(capture, "-q", "-z", "http,tree").Out.Should().Contain(l => l.StartsWith("Request GET", StringComparison.Ordinal));
    }
}
