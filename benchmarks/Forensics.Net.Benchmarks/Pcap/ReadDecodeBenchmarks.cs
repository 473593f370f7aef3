using BenchmarkDotNet.Attributes;
using Forensics.Net.Pcap.Analysis;
using PacketDotNet;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Forensics.Net.Benchmarks.Pcap;

/// <summary>
/// One operation = one pass over a ≥ 512 MB capture (the shared http_downloads.pcap repeated with rewritten ports,
/// see <see cref="PcapBenchmarkInput"/>). Baselines: SharpPcap's CaptureFileReaderDevice with PacketDotNet parsing,
/// and SharpPcap reading only. Every method returns a checksum of what it read so nothing is optimised away.
/// </summary>
public class ReadDecodeBenchmarks : LargeCaptureBenchmark
{
    [Benchmark(Baseline = true, Description = "SharpPcap + PacketDotNet: read, parse, ports")]
    public long SharpPcapPacketDotNetPorts()
    {
        long sum = 0;
        using var device = new CaptureFileReaderDevice(CapturePath);
        device.Open();
        while (device.GetNextPacket(out PacketCapture capture) == GetPacketStatus.PacketRead)
        {
            RawCapture raw = capture.GetPacket();
            Packet packet = Packet.ParsePacket(raw.LinkLayerType, raw.Data);
            if (packet.Extract<TransportPacket>() is { } transport)
            {
                sum += transport.SourcePort + transport.DestinationPort;
            }
        }

        return sum;
    }

    [Benchmark(Description = "SharpPcap: read only")]
    public long SharpPcapReadOnly()
    {
        long sum = 0;
        using var device = new CaptureFileReaderDevice(CapturePath);
        device.Open();
        while (device.GetNextPacket(out PacketCapture capture) == GetPacketStatus.PacketRead)
        {
            sum += capture.Data.Length;
        }

        return sum;
    }

    [Benchmark(Description = "CaptureReader: read only")]
    public long ReadOnly()
    {
        long sum = 0;
        using var reader = CaptureReader.Open(CapturePath);
        while (reader.ReadNext())
        {
            sum += reader.Current.CapturedLength;
        }

        return sum;
    }

    [Benchmark(Description = "CaptureReader + PacketView: ports")]
    public long ReadDecodePorts()
    {
        long sum = 0;
        using var reader = CaptureReader.Open(CapturePath);
        while (reader.ReadNext())
        {
            CaptureRecord record = reader.Current;
            var packet = new PacketView(record.Span, record.LinkType);
            if (packet.HasPorts)
            {
                sum += packet.SourcePort + packet.DestinationPort;
            }
        }

        return sum;
    }

    [Benchmark(Description = "CaptureReader async + PacketView: ports")]
    public async Task<long> ReadDecodePortsAsync()
    {
        long sum = 0;
        await using CaptureReader reader = await CaptureReader.OpenAsync(CapturePath);
        while (await reader.ReadNextAsync())
        {
            sum += Ports(reader.Current);
        }

        return sum;
    }

    private static long Ports(CaptureRecord record)
    {
        var packet = new PacketView(record.Span, record.LinkType);
        return packet.HasPorts ? packet.SourcePort + packet.DestinationPort : 0;
    }
}
