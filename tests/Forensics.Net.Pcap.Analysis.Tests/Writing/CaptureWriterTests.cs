using Forensics.Net.Testing;
using System.Diagnostics;
using CsCheck;
using Forensics.Net.Pcap.Analysis.Tests.Capture;

namespace Forensics.Net.Pcap.Analysis.Tests.Writing;

public class CaptureWriterTests
{
    private static readonly Gen<(long Ts, byte[] Data, int Extra)> GenPacket =
        Gen.Select(Gen.Long[0, 4_000_000_000_000_000_000], Gen.Byte.Array[0, 1600], Gen.Int[0, 3000]);

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Pcap_WriteThenRead_RoundTrips(bool bigEndian, bool nanoseconds)
    {
        var options = new CaptureWriterOptions { BigEndian = bigEndian, Nanoseconds = nanoseconds };
        GenPacket.List[0, 20].Sample(packets =>
        {
            var stream = new MemoryStream();
            using (var writer = new PcapWriter(stream, LinkType.Raw, options, leaveOpen: true))
            {
                foreach ((long ts, byte[] data, int extra) in packets)
                {
                    writer.WritePacket(ts, data, data.Length + extra);
                }

                writer.PacketCount.Should().Be(packets.Count);
            }

            List<RecordSnapshot> read = RecordSnapshot.ReadAll(stream.ToArray());
            read.Select(r => r.Data).Should().BeEquivalentTo(packets.Select(p => p.Data), o => o.WithStrictOrdering());
            read.Select(r => r.OriginalLength).Should().Equal(packets.Select(p => (long)p.Data.Length + p.Extra));
            read.Select(r => r.TimestampNanoseconds).Should().Equal(packets.Select(p => nanoseconds ? p.Ts : p.Ts / 1000 * 1000));
            read.All(r => r.LinkType == LinkType.Raw).Should().BeTrue();
        }, iter: 25);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void PcapNg_SeveralInterfacesAndSections_RoundTrip(bool bigEndian, bool nanoseconds)
    {
        var options = new CaptureWriterOptions { BigEndian = bigEndian, Nanoseconds = nanoseconds };
        GenPacket.List[1, 30].Sample(packets =>
        {
            var stream = new MemoryStream();
            var expected = new List<(int If, LinkType Type, long Ts, byte[] Data)>();
            using (var writer = new PcapNgWriter(stream, options, leaveOpen: true))
            {
                int eth = writer.AddInterface(LinkType.Ethernet, "eth0");
                int sll = writer.AddInterface(LinkType.LinuxSll2, "any", snapLength: 100);
                for (int i = 0; i < packets.Count; i++)
                {
                    if (i == packets.Count / 2)
                    {
                        writer.StartSection();
                        eth = writer.AddInterface(LinkType.Raw);
                        sll = writer.AddInterface(LinkType.Null);
                    }

                    (long ts, byte[] data, _) = packets[i];
                    int id = i % 2 == 0 ? eth : sll;
                    writer.WritePacket(id, ts, data);
                    LinkType type = i < packets.Count / 2 ? (id == 0 ? LinkType.Ethernet : LinkType.LinuxSll2) : (id == 0 ? LinkType.Raw : LinkType.Null);
                    byte[] kept = i < packets.Count / 2 && id == 1 && data.Length > 100 ? data[..100] : data;
                    expected.Add((id, type, nanoseconds ? ts : ts / 1000 * 1000, kept));
                }
            }

            using var reader = CaptureReader.Create(new MemoryStream(stream.ToArray()));
            List<RecordSnapshot> read = RecordSnapshot.ReadAll(reader);
            read.Select(r => (r.InterfaceId, r.LinkType, r.TimestampNanoseconds)).Should().Equal(expected.Select(e => (e.If, e.Type, e.Ts)));
            read.Select(r => r.Data).Should().BeEquivalentTo(expected.Select(e => e.Data), o => o.WithStrictOrdering());
            reader.Interfaces[0].Name.Should().Be("eth0");
            reader.Interfaces[0].TimestampResolution.Should().Be(nanoseconds ? (byte)9 : (byte)6);
        }, iter: 20);
    }

    [Fact]
    public void PcapNgWriter_WriteRecord_MapsInterfacesOfTheSourceCapture()
    {
        var stream = new MemoryStream();
        using (var source = CaptureReader.Open(TestFiles.Path(TestFiles.MixedEtherSll2PcapNg)))
        using (var writer = new PcapNgWriter(stream, leaveOpen: true))
        {
            while (source.ReadNext())
            {
                writer.Write(source.Current);
            }

            writer.InterfaceCount.Should().Be(2);
        }

        // Interface ids are assigned in order of first use, so compare everything else.
        using var original = CaptureReader.Open(TestFiles.Path(TestFiles.MixedEtherSll2PcapNg));
        RecordSnapshot.ReadAll(stream.ToArray()).Select(r => r with { InterfaceId = 0 })
            .Should().Equal(RecordSnapshot.ReadAll(original).Select(r => r with { InterfaceId = 0 }));
    }

    [SkippableFact]
    public async Task Writers_OutputIsReadByTshark()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"pcapwriter-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string pcap = Path.Combine(dir, "be.pcap");
            string pcapng = Path.Combine(dir, "be.pcapng");
            using (var source = CaptureReader.Open(TestFiles.Path(TestFiles.HttpFirst20Pcap)))
            await using (var w1 = PcapWriter.Create(pcap, LinkType.Ethernet, new CaptureWriterOptions { BigEndian = true, Nanoseconds = true }))
            await using (var w2 = PcapNgWriter.Create(pcapng, new CaptureWriterOptions { BigEndian = true }))
            {
                await foreach (CaptureRecord record in source.ReadAllAsync())
                {
                    w1.Write(record);
                    await w2.WritePacketAsync(w2.InterfaceCount == 0 ? w2.AddInterface(LinkType.Ethernet) : 0, record.TimestampNanoseconds, record.Data);
                }
            }

            string expected = await Tshark(TestFiles.Path(TestFiles.HttpFirst20Pcap));
            (await Tshark(pcap)).Should().Be(expected);
            (await Tshark(pcapng)).Should().Be(expected);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Writers_RejectMisuse()
    {
        using var ng = new PcapNgWriter(new MemoryStream());
        ((Action)(() => ng.WritePacket(0, 0, new byte[4]))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new PcapWriter(new MemoryStream([], writable: false), LinkType.Ethernet))).Should().Throw<ArgumentException>();
        var w = new PcapWriter(new MemoryStream(), LinkType.Ethernet);
        w.Dispose();
        ((Action)(() => w.WritePacket(0, new byte[4]))).Should().Throw<ObjectDisposedException>();
    }

    private static async Task<string> Tshark(string path)
    {
        ExternalTool.Require("tshark");
        var start = new ProcessStartInfo("tshark", $"-n -r \"{path}\" -T fields -e frame.time_epoch -e frame.len -e tcp.srcport -e tcp.dstport -e tcp.seq_raw")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("tshark is required (apt-get install tshark)");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        string output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.Should().Be(0);
        return output;
    }
}
