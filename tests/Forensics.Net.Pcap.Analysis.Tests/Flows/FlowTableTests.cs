using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Forensics.Net.Pcap.Analysis.Tests.Decoding;
using Forensics.Net.Testing;

namespace Forensics.Net.Pcap.Analysis.Tests.Flows;

public class FlowTableTests
{
    [SkippableTheory]
    [InlineData("pcap/http_downloads.pcap")]
    [InlineData("pcap/http_downloads.pcapng")]
    [InlineData("pcap/http_downloads_vlan.pcap")]
    [InlineData("pcap/http_downloads_sll2.pcap")]
    public async Task SharedCapture_FlowsMatchTsharkTcpStreams(string capture)
    {
        string path = TestCorpus.Require(capture);
        using var reader = CaptureReader.Open(path);
        FlowTable table = FlowTable.Build(reader);

        // tshark numbers TCP conversations (tcp.stream); group its frames and bytes per stream.
        List<string> lines = await RunAsync(path, "-e tcp.stream -e frame.len");
        var expected = lines.Where(l => l.Length > 0 && l[0] != '\t')
            .Select(l => l.Split('\t'))
            .GroupBy(f => f[0])
            .Select(g => (Packets: (long)g.Count(), Bytes: g.Sum(f => long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture))))
            .OrderBy(x => x)
            .ToList();

        table.Flows.Should().OnlyContain(f => f.Protocol == IPProtocolNumbers.Tcp);
        table.Count.Should().Be(expected.Count);
        table.Flows.Select(f => (f.Packets, f.Bytes)).OrderBy(x => x).Should().Equal(expected);
        table.PacketCount.Should().Be(reader.PacketCount);
        table.Flows.Should().OnlyContain(f => f.DestinationPort < f.SourcePort, "the client (SYN sender) is the source");
        table.Flows.Should().OnlyContain(f => f.FirstSeen <= f.LastSeen && f.PacketsFromSource > 0 && f.PacketsFromDestination > 0);
        table.Flows.Count(f => f.TcpState == TcpFlowState.Closed).Should().BeGreaterThan(table.Count / 2);
    }

    [Fact]
    public void SharedCapture_HasTheTwentyEightConnectionsOfTheManifest()
    {
        using var reader = CaptureReader.Open(TestCorpus.Require("pcap/http_downloads.pcap"));
        FlowTable table = FlowTable.Build(reader);

        table.Count.Should().Be(28);
    }

    private static readonly byte[] SynAck = Frames.Ethernet(0x0800, Frames.IPv4(6, Frames.Tcp(80, 40000, 1, 2, TcpFlags.Syn | TcpFlags.Ack), src: "192.0.2.80", dst: "198.51.100.7"));
    private static readonly byte[] ClientAck = Frames.Ethernet(0x0800, Frames.IPv4(6, Frames.Tcp(40000, 80, 2, 2, TcpFlags.Ack, payload: [1, 2, 3]), src: "198.51.100.7", dst: "192.0.2.80"));
    private static readonly byte[] ServerRst = Frames.Ethernet(0x0800, Frames.IPv4(6, Frames.Tcp(80, 40000, 2, 5, TcpFlags.Rst), src: "192.0.2.80", dst: "198.51.100.7"));
    private static readonly byte[] Ping = Frames.Ethernet(0x0800, Frames.IPv4(1, [8, 0, 0, 0, 0, 1, 0, 1], src: "10.1.1.1", dst: "10.1.1.2"));
    private static readonly byte[] Pong = Frames.Ethernet(0x0800, Frames.IPv4(1, [0, 0, 0, 0, 0, 1, 0, 1], src: "10.1.1.2", dst: "10.1.1.1"));
    private static readonly byte[] Dns6 = Frames.Ethernet(0x86DD, Frames.IPv6(17, Frames.Udp(5353, 53, [0, 0])));
    private static readonly byte[] Arp = Frames.Ethernet(0x0806, new byte[28]);

    private static FlowTable Table(FlowTableOptions? options, params byte[][] frames)
    {
        var table = new FlowTable(options);
        long t = 1_000_000_000;
        foreach (byte[] f in frames)
        {
            var p = new PacketView(f, LinkType.Ethernet);
            table.Add(p, t += 1_000_000, f.Length);
        }

        return table;
    }

    [Fact]
    public void FirstPacketSynAck_MakesItsDestinationTheSource_AndDirectionsAreCounted()
    {
        FlowTable table = Table(null, SynAck, ClientAck, ServerRst);

        Flow flow = table.Flows.Should().ContainSingle().Subject;
        flow.SourceAddress.Should().Be(IPAddress.Parse("198.51.100.7"));
        flow.SourcePort.Should().Be(40000);
        flow.DestinationPort.Should().Be(80);
        flow.PacketsFromSource.Should().Be(1);
        flow.PacketsFromDestination.Should().Be(2);
        flow.PayloadBytesFromSource.Should().Be(3);
        flow.BytesFromSource.Should().Be(ClientAck.Length);
        flow.TcpFlagsFromDestination.Should().Be(TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst);
        flow.TcpState.Should().Be(TcpFlowState.Reset);
        flow.Duration.Should().Be(TimeSpan.FromMilliseconds(2));
    }

    [Fact]
    public void IcmpAndIPv6Udp_AreFlows_ArpIsCountedAsNonIP()
    {
        FlowTable table = Table(null, Ping, Pong, Dns6, Arp);

        table.Count.Should().Be(2);
        table.Flows[0].Protocol.Should().Be(IPProtocolNumbers.Icmp);
        table.Flows[0].Packets.Should().Be(2);
        table.Flows[0].TcpState.Should().Be(TcpFlowState.None);
        table.Flows[1].SourceAddress.Should().Be(IPAddress.Parse("2001:db8::1"));
        table.Flows[1].DestinationPort.Should().Be(53);
        table.NonIPPacketCount.Should().Be(1);
    }

    [Fact]
    public void Filter_ExcludeSourceAndPrefixAndPort_AreApplied()
    {
        var notFromServer = new FlowTableOptions { Filter = new PacketFilter { ExcludeSource = IPNetwork.Parse("192.0.2.0/24") } };
        Table(notFromServer, SynAck, ClientAck, ServerRst, Ping).PacketCount.Should().Be(2);

        var port80 = new FlowTableOptions { Filter = new PacketFilter { Port = 80, Protocol = IPProtocolNumbers.Tcp } };
        FlowTable t = Table(port80, SynAck, ClientAck, Ping, Dns6);
        t.PacketCount.Should().Be(2);
        t.FilteredPacketCount.Should().Be(2);

        var v6 = new PacketFilter { Address = IPNetwork.Parse("2001:db8::/32"), DestinationPort = 53 };
        v6.Matches(new PacketView(Dns6, LinkType.Ethernet)).Should().BeTrue();
        v6.Matches(new PacketView(Ping, LinkType.Ethernet)).Should().BeFalse();
        new PacketFilter { Source = IPNetwork.Parse("10.1.1.0/31") }.Matches(new PacketView(Pong, LinkType.Ethernet)).Should().BeFalse();
        new PacketFilter { Source = IPNetwork.Parse("10.1.1.2/31") }.Matches(new PacketView(Pong, LinkType.Ethernet)).Should().BeTrue();
        new PacketFilter().Matches(new PacketView(Arp, LinkType.Ethernet)).Should().BeFalse();
    }

    [Fact]
    public void Filter_OnFlows_UsesInitiatorAsSource()
    {
        Flow flow = Table(null, SynAck, ClientAck).Flows[0];

        new PacketFilter { Source = IPNetwork.Parse("198.51.100.7/32"), DestinationPort = 80 }.Matches(flow).Should().BeTrue();
        new PacketFilter { ExcludeSource = IPNetwork.Parse("198.51.100.0/24") }.Matches(flow).Should().BeFalse();
        new PacketFilter { ExcludeDestination = IPNetwork.Parse("198.51.100.0/24"), Protocol = 6 }.Matches(flow).Should().BeTrue();
        new PacketFilter { Protocol = 17 }.Matches(flow).Should().BeFalse();
    }

    [Fact]
    public void MaxFlows_BoundsTheTable()
    {
        FlowTable table = Table(new FlowTableOptions { MaxFlows = 1 }, Ping, Dns6, Pong, Dns6);

        table.Count.Should().Be(1);
        table.PacketCount.Should().Be(2);
        table.UntrackedPacketCount.Should().Be(2);
    }

    [Fact]
    public void Export_CsvAndJsonLines_HaveTheDocumentedFields()
    {
        FlowTable table = Table(null, SynAck, ClientAck, Ping, Pong);
        var csv = new StringWriter();
        var jsonl = new StringWriter();

        FlowExport.WriteCsv(csv, table.Flows);
        FlowExport.WriteJsonLines(jsonl, table.Flows);

        string[] rows = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows.Should().HaveCount(3);
        rows[0].TrimEnd().Should().Be("index,proto,src,sport,dst,dport,packets,bytes,packets_src,bytes_src,packets_dst,bytes_dst,payload_bytes_src,payload_bytes_dst,first_seen,last_seen,duration_s,tcp_state");
        rows[1].Should().StartWith("0,tcp,198.51.100.7,40000,192.0.2.80,80,2,");
        rows[1].TrimEnd().Should().EndWith(",0.001,established");
        rows[2].TrimEnd().Should().Be($"1,icmp,10.1.1.1,0,10.1.1.2,0,2,{Ping.Length + Pong.Length},1,{Ping.Length},1,{Pong.Length},0,0,1970-01-01T00:00:01.0030000Z,1970-01-01T00:00:01.0040000Z,0.001,");

        string[] lines = jsonl.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        using JsonDocument doc = JsonDocument.Parse(lines[0]);
        JsonElement o = doc.RootElement;
        o.GetProperty("src").GetString().Should().Be("198.51.100.7");
        o.GetProperty("dport").GetInt32().Should().Be(80);
        o.GetProperty("proto").GetString().Should().Be("tcp");
        o.GetProperty("packets").GetInt64().Should().Be(2);
        o.GetProperty("tcp_state").GetString().Should().Be("established");
        o.GetProperty("first_seen").GetString().Should().Be("1970-01-01T00:00:01.0010000Z");
        using JsonDocument icmp = JsonDocument.Parse(lines[1]);
        icmp.RootElement.GetProperty("tcp_state").ValueKind.Should().Be(JsonValueKind.Null);
        FlowExport.ToJson(table.Flows[1]).Should().Be(lines[1].TrimEnd());
    }

    private static async Task<List<string>> RunAsync(string path, string fields)
    {
        ExternalTool.Require("tshark");
        var start = new ProcessStartInfo("tshark", $"-n -r \"{path}\" -T fields -E separator=/t {fields}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("tshark is required (apt-get install tshark)");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
        }

        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.Should().Be(0, await stderr);
        return lines;
    }
}
