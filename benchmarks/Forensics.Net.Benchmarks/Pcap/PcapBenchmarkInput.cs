using System.Buffers.Binary;
using Forensics.Net.Pcap.Analysis;

namespace Forensics.Net.Benchmarks.Pcap;

/// <summary>
/// Builds the large benchmark capture: the packets of the shared <c>pcap/http_downloads.pcap</c> repeated until the
/// file passes <see cref="TargetBytes"/>, with the client port of every TCP packet rewritten per repetition (so each
/// repetition is a new set of flows) and timestamps shifted, written with our <see cref="PcapWriter"/> to /tmp.
/// </summary>
public static class PcapBenchmarkInput
{
    public const long TargetBytes = 512L * 1024 * 1024;

    private static readonly Lazy<(List<(long Ts, byte[] Data)> Packets, long Bytes)> Source = new(LoadSource);

    /// <summary>Gets the number of repetitions of the source capture.</summary>
    public static int Repetitions => (int)((TargetBytes + Source.Value.Bytes - 1) / Source.Value.Bytes);

    /// <summary>Gets the number of packets in the built capture (computed the same way in the host process for the Mpkt/s column).</summary>
    public static long PacketCount => (long)Source.Value.Packets.Count * Repetitions;

    /// <summary>Writes the capture to a new file under the temp folder and returns its path.</summary>
    public static string Build()
    {
        string path = Path.Combine(Path.GetTempPath(), $"forensics-bench-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
        (List<(long Ts, byte[] Data)> packets, _) = Source.Value;
        using var writer = PcapWriter.Create(path, LinkType.Ethernet, new CaptureWriterOptions { BufferSize = 1 << 20 });
        byte[] scratch = new byte[70_000];
        for (int rep = 0; rep < Repetitions; rep++)
        {
            long shift = rep * 10_000_000_000L;
            foreach ((long ts, byte[] data) in packets)
            {
                data.CopyTo(scratch, 0);
                Span<byte> frame = scratch.AsSpan(0, data.Length);
                RewritePorts(frame, rep);
                writer.WritePacket(ts + shift, frame);
            }
        }

        return path;
    }

    /// <summary>
    /// Ethernet / IPv4 / TCP: the client (higher) port p becomes 10000 + (p mod 1000) + 1000 × repetition. The shared
    /// capture's client ports span less than 1000, so every repetition gets new, distinct 5-tuples (28 per repetition).
    /// </summary>
    public static void RewritePorts(Span<byte> frame, int rep)
    {
        if (frame.Length < 14 + 20 + 4 || frame[12] != 0x08 || frame[13] != 0x00)
        {
            return;
        }

        int ihl = (frame[14] & 0x0F) * 4;
        if (frame[14 + 9] != 6 || frame.Length < 14 + ihl + 4)
        {
            return;
        }

        Span<byte> tcp = frame[(14 + ihl)..];
        ushort sp = BinaryPrimitives.ReadUInt16BigEndian(tcp);
        ushort dp = BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]);
        Span<byte> client = sp > dp ? tcp : tcp[2..];
        ushort port = sp > dp ? sp : dp;
        BinaryPrimitives.WriteUInt16BigEndian(client, (ushort)(10_000 + (port % 1000) + (rep * 1000)));
    }

    private static (List<(long Ts, byte[] Data)>, long) LoadSource()
    {
        string path = Path.Combine(TestCorpus.Root, "pcap", "http_downloads.pcap");
        var list = new List<(long, byte[])>();
        long bytes = 24;
        using var reader = CaptureReader.Open(path);
        while (reader.ReadNext())
        {
            list.Add((reader.Current.TimestampNanoseconds, reader.Current.Data.ToArray()));
            bytes += 16 + reader.Current.CapturedLength;
        }

        return (list, bytes);
    }
}
