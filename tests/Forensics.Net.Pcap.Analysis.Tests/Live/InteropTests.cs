using Forensics.Net.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PacketDotNet;

namespace Forensics.Net.Pcap.Analysis.Tests.Live;

public class InteropTests
{
    [Fact]
    public void ToPacket_HandsTheRecordToPacketDotNet()
    {
        using var reader = CaptureReader.Open(TestFiles.Path(TestFiles.HttpFirst20Sll2));
        reader.ReadNext().Should().BeTrue();

        Packet packet = reader.Current.ToPacket();

        TcpPacket tcp = packet.Extract<TcpPacket>();
        tcp.Should().NotBeNull();
        var view = new PacketView(reader.Current);
        tcp.SourcePort.Should().Be(view.SourcePort);
        tcp.DestinationPort.Should().Be(view.DestinationPort);
        tcp.Synchronize.Should().Be((view.TcpFlags & TcpFlags.Syn) != 0);
    }

    [Fact]
    public void ToPacket_OnGarbage_ReturnsOrThrowsPcapFormatExceptionOnly()
    {
        var random = new Random(3);
        byte[] frame = new byte[80];
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, LinkType.Ethernet, leaveOpen: true))
        {
            for (int i = 0; i < 300; i++)
            {
                random.NextBytes(frame);
                frame[12] = 0x08;
                frame[13] = 0x00;
                frame[14] = 0x45;
                writer.WritePacket(i, frame.AsSpan(0, random.Next(frame.Length)));
            }
        }

        using var reader = CaptureReader.Create(new MemoryStream(stream.ToArray()));
        while (reader.ReadNext())
        {
            try
            {
                _ = reader.Current.ToPacket();
            }
            catch (PcapFormatException ex)
            {
                ex.Offset.Should().Be(reader.Current.Offset);
                ex.InnerException.Should().NotBeNull();
            }
        }
    }

    [SkippableFact]
    public async Task BpfFilter_OnFiles_AgreesWithTshark_AcrossLinkTypes()
    {
        using var bpf = new BpfFilter("tcp dst port 8080");
        int expected = await TsharkCountAsync(TestFiles.Path(TestFiles.HttpFirst20Pcap), "tcp.dstport == 8080");

        using (var reader = CaptureReader.Open(TestFiles.Path(TestFiles.HttpFirst20Pcap)))
        {
            reader.ReadAll().Count(bpf.Matches).Should().Be(expected);
        }

        using var mixed = CaptureReader.Open(TestFiles.Path(TestFiles.MixedEtherSll2PcapNg));
        mixed.ReadAll().Count(bpf.Matches).Should().Be(2 * expected, "the Ethernet and the SLL2 copy of each packet both match");
        expected.Should().BeGreaterThan(0);
    }

    [Fact]
    public void BpfFilter_BadExpression_IsArgumentException()
    {
        using var bpf = new BpfFilter("tcp port banana");

        ((Action)(() => bpf.Compile(LinkType.Ethernet))).Should().Throw<ArgumentException>().WithMessage("*banana*");
        ((Action)(() => new BpfFilter(" "))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task LiveCapture_OnLoopback_SeesOurUdpDatagram_OrExplainsMissingPrivileges()
    {
        LiveCapture.GetDevices().Should().Contain(d => d.Name == "lo");
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)receiver.Client.LocalEndPoint!).Port;
        LiveCapture live;
        try
        {
            live = LiveCapture.Open("lo", new LiveCaptureOptions { Filter = $"udp and dst port {port}", ReadTimeout = TimeSpan.FromMilliseconds(50) });
        }
        catch (IOException ex)
        {
            // Without root/CAP_NET_RAW libpcap refuses; the message must say why.
            ex.Message.Should().Contain("CAP_NET_RAW");
            return;
        }

        using (live)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var sender = new UdpClient();
            byte[] payload = "forensics"u8.ToArray();
            Task<bool> read = live.ReadNextAsync(timeout.Token).AsTask();
            while (!read.IsCompleted)
            {
                await sender.SendAsync(payload, new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
                await Task.WhenAny(read, Task.Delay(100, timeout.Token));
            }

            (await read).Should().BeTrue();
            var packet = new PacketView(live.Current);
            packet.IsUdp.Should().BeTrue();
            packet.DestinationPort.Should().Be((ushort)port);
            packet.Payload.ToArray().Should().Equal(payload);
            live.Current.TimestampNanoseconds.Should().BeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() * 1_000_000);
            live.Stop();
            live.ReadNext().Should().BeFalse();
        }
    }

    [Fact]
    public void LiveCapture_UnknownDevice_IsArgumentException()
    {
        ((Action)(() => LiveCapture.Open("no-such-device-xyz"))).Should().Throw<ArgumentException>();
    }

    private static async Task<int> TsharkCountAsync(string path, string displayFilter)
    {
        ExternalTool.Require("tshark");
        var start = new ProcessStartInfo("tshark", $"-n -r \"{path}\" -Y \"{displayFilter}\" -T fields -e frame.number")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("tshark is required (apt-get install tshark)");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        string output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
