using BenchmarkDotNet.Attributes;
using Forensics.Net.Pcap.Analysis;
using PacketDotNet;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Forensics.Net.Benchmarks.Pcap;

/// <summary>
/// Flow table over the ≥ 512 MB benchmark capture (1,400+ TCP connections). Baseline: the same bidirectional 5-tuple
/// count done the way a SharpPcap + PacketDotNet user would (ParsePacket, IPAddress keys in a Dictionary).
/// </summary>
public class FlowsBenchmarks : LargeCaptureBenchmark
{
    [Benchmark(Baseline = true, Description = "SharpPcap + PacketDotNet: Dictionary of 5-tuples")]
    public int SharpPcapPacketDotNetFlows()
    {
        var flows = new Dictionary<(string, string, int, int, int), long>();
        using var device = new CaptureFileReaderDevice(CapturePath);
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
        using var reader = CaptureReader.Open(CapturePath);
        return FlowTable.Build(reader).Count;
    }
}
