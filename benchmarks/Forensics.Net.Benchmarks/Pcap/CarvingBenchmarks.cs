using System.Buffers.Binary;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Forensics.Net.Pcap.Analysis;

namespace Forensics.Net.Benchmarks.Pcap;

/// <summary>
/// TCP reassembly + HTTP parsing + de-chunking/gunzip + SHA-256 of every body (<see cref="HttpCarver.CarveFile(string, HttpCarverOptions?)"/>)
/// over a capture of ≥ 500 MB built in <see cref="Setup"/> (deleted in cleanup): the shared <c>http_downloads.pcap</c> written 60 times
/// with the client address rewritten per copy (so every copy is a distinct set of connections) and shifted timestamps.
/// Baseline: reading and decoding the same file to TCP segments only (<see cref="CaptureReader"/> + <see cref="PacketView"/>).
/// MB/s = file size / mean; the peak working set is printed at cleanup.
/// </summary>
[MemoryDiagnoser]
public class CarvingBenchmarks
{
    private const int Copies = 60;
    private string _path = string.Empty;
    private long _bytes;

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(Path.GetTempPath(), "forensics-net-bench");
        Directory.CreateDirectory(dir);
        _path = Path.Combine(dir, $"http_downloads_x{Copies}.pcap");
        Build(Path.Combine(TestCorpus.Root, "pcap", "http_downloads.pcap"), _path + ".tmp", Copies);
        File.Move(_path + ".tmp", _path, overwrite: true);

        _bytes = new FileInfo(_path).Length;
        Console.WriteLine($"// capture: {_path}, {_bytes / 1_000_000.0:F1} MB");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB for a {_bytes / (1024 * 1024)} MiB capture");
        File.Delete(_path);
    }

    [Benchmark(Baseline = true, Description = "Read + decode to TCP (no reassembly)")]
    public long ReadAndDecode()
    {
        using CaptureReader reader = CaptureReader.Open(_path);
        long payload = 0;
        while (reader.ReadNext())
        {
            var view = new PacketView(reader.Current);
            if (view.IsTcp)
            {
                payload += view.Payload.Length;
            }
        }

        return payload;
    }

    [Benchmark(Description = "Reassemble + HTTP + SHA-256 of bodies (HttpCarver.CarveFile)")]
    public int CarveAll()
    {
        HttpCarveResult result = HttpCarver.CarveFile(_path);
        if (result.Files.Count(f => f.IsComplete) < 44 * Copies)
        {
            throw new InvalidOperationException($"only {result.Files.Count} bodies carved");
        }

        return result.Files.Count;
    }

    /// <summary>Writes <paramref name="copies"/> copies of a capture, rewriting the client IPv4 address of each copy.</summary>
    internal static void Build(string source, string target, int copies)
    {
        var frames = new List<(long Time, byte[] Data, long Original)>();
        LinkType linkType;
        using (CaptureReader reader = CaptureReader.Open(source))
        {
            while (reader.ReadNext())
            {
                CaptureRecord r = reader.Current;
                frames.Add((r.TimestampNanoseconds, r.Span.ToArray(), r.OriginalLength));
            }

            linkType = reader.Interfaces[0].LinkType;
        }

        long span = frames[^1].Time - frames[0].Time + 1_000_000_000;
        using PcapWriter writer = PcapWriter.Create(target, linkType);
        for (int k = 0; k < copies; k++)
        {
            foreach ((long time, byte[] data, long original) in frames)
            {
                byte[] copy = (byte[])data.Clone();
                RewriteClient(copy, linkType, k);
                writer.WritePacket(time + (k * span), copy, original);
            }
        }
    }

    private static void RewriteClient(byte[] frame, LinkType linkType, int copy)
    {
        var view = new PacketView(frame, linkType);
        if (!view.IsTcp || view.Network != NetworkLayerType.IPv4)
        {
            return;
        }

        int ip = view.LinkHeaderLength;
        bool serverIsSource = view.SourcePort is 8080 or 8000;
        int at = ip + (serverIsSource ? 16 : 12);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(at), 0x0A000000u | (uint)(copy + 1));
    }
}
