using Forensics.Net.Examples.Tests.Support;
using Forensics.Net.Pcap.Analysis;
using PcapFlows;

namespace Forensics.Net.Examples.Tests.PcapFlows;

/// <summary>tcpdump's habits where the meaning is the same: -r FILE, -c N, -w OUT and a BPF expression as trailing arguments.</summary>
public sealed class TcpdumpFlagsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string[] Out, string Err) Run(params string[] args)
    {
        var (exit, stdout, stderr) = AppRunner.Run((a, o, e) => PcapFlowsApp.Run(a, o, e), args);
        return (exit, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr);
    }

    [Fact]
    public void ReadAndCount_StopAfterNPackets()
    {
        var (exit, lines, _) = Run("-r", PcapData.Path(PcapData.HttpFirst20Pcap), "-c", "3");

        exit.Should().Be(0);
        lines.Should().Equal(Enumerable.Repeat("[+] Src: 127.0.0.1 --> Dst: 127.0.0.1", 3));
    }

    [Fact]
    public void BpfExpression_AsTrailingArguments_SelectsPackets()
    {
        string capture = PcapData.Path(PcapData.HttpFirst20Pcap);

        Run("--ports", capture, "tcp", "src", "port", "8080").Out.Should().NotBeEmpty().And.OnlyContain(l => l.StartsWith("127.0.0.1:8080 -> ", StringComparison.Ordinal));
        Run("-r", capture, "udp").Out.Should().BeEmpty();
        Run("-r", capture, "-c", "2", "tcp dst port 8080").Out.Should().HaveCount(2);
    }

    [Fact]
    public void BadExpression_IsAUsageError()
    {
        var (exit, lines, err) = Run("-r", PcapData.Path(PcapData.HttpFirst20Pcap), "tcp", "port", "(");

        exit.Should().Be(2);
        lines.Should().BeEmpty();
        err.Should().StartWith("fnet-pcapflows: filter expression").And.NotContain("   at ");
    }

    [Fact]
    public void Write_SavesTheSelectedPacketsAsPcap()
    {
        string output = Path.Combine(_dir.Path, "out.pcap");

        var (exit, lines, _) = Run("-r", PcapData.Path(PcapData.HttpFirst20Pcap), "-w", output, "-c", "5", "tcp");

        exit.Should().Be(0);
        lines.Should().BeEmpty("-w writes packets instead of printing them");
        using CaptureReader reader = CaptureReader.Open(output);
        int count = 0;
        while (reader.ReadNext())
        {
            count++;
        }

        count.Should().Be(5);
    }
}
