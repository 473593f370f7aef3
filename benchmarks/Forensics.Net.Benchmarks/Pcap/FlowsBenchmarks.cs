using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Forensics.Net.Pcap.Analysis;
using PacketDotNet;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Forensics.Net.Benchmarks.Pcap;

/// <summary>
/// Flow table over the ≥ 512 MB benchmark capture (1,400+ TCP connections). Baseline: the same bidirectional 5-tuple
/// count done the way a SharpPcap + PacketDotNet user would (ParsePacket, IPAddress keys in a Dictionary).
/// </summary>
[Config(typeof(Config))]
public class FlowsBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup() => _path = PcapBenchmarkInput.Build();

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "SharpPcap + PacketDotNet: Dictionary of 5-tuples")]
    public int SharpPcapPacketDotNetFlows()
    {
        var flows = new Dictionary<(string, string, int, int, int), long>();
        using var device = new CaptureFileReaderDevice(_path);
        device.Open();
        while (device.GetNextPacket(out PacketCapture capture) == GetPacketStatus.PacketRead)
        {
            RawCapture raw = capture.GetPacket();
            if (Packet.ParsePacket(raw.LinkLayerType, raw.Data).Extract<IPPacket>() is not { } ip)
            {
                continue;
            }

            var transport = ip.PayloadPacket as TransportPacket;
            string a = ip.SourceAddress.ToString(), b = ip.DestinationAddress.ToString();
            int pa = transport?.SourcePort ?? 0, pb = transport?.DestinationPort ?? 0;
            var key = string.CompareOrdinal(a, b) < 0 || (a == b && pa <= pb) ? (a, b, pa, pb, (int)ip.Protocol) : (b, a, pb, pa, (int)ip.Protocol);
            flows[key] = flows.GetValueOrDefault(key) + raw.PacketLength;
        }

        return flows.Count;
    }

    [Benchmark(Description = "FlowTable.Build")]
    public int FlowTableBuild()
    {
        using var reader = CaptureReader.Open(_path);
        return FlowTable.Build(reader).Count;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new MegaPacketsPerSecondColumn(), new AllocatedPerPacketColumn());

            // One pass over 0.5 GB per operation: a few monitored iterations. In-process, so that a loaded build
            // machine does not have to rebuild the whole benchmark exe (BenchmarkDotNet's build times out there).
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(8)
                .WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}
