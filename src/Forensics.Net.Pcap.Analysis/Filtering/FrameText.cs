using System.Globalization;
using System.Text;
using Forensics.Net.Pcap.Analysis.Internal;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// The three panes of Wireshark for one frame: the packet-list line (No., Time, Source, Destination, Protocol,
/// Length, Info, laid out as <c>tshark</c> prints them by default), a details tree of layers and fields (named as in
/// display filters), and a hex/ASCII dump.
/// </summary>
/// <example>
/// <code>
/// DissectedFrame frame = dissector.Dissect(record);
/// Console.WriteLine(FrameText.FormatListLine(frame));
/// FrameText.WriteDetails(Console.Out, frame);
/// FrameText.WriteHexDump(Console.Out, frame.Packet.Frame);
/// </code>
/// </example>
public static class FrameText
{
    private static readonly string[] DetailFields =
    [
        "frame.number", "frame.time", "frame.time_epoch", "frame.time_delta", "frame.time_relative", "frame.len", "frame.cap_len", "frame.interface_id", "frame.protocols",
        "sll.pkttype", "sll.hatype", "sll.halen", "sll.src.eth", "sll.ifindex", "sll.etype",
        "eth.dst", "eth.src", "eth.type", "vlan.priority", "vlan.id", "vlan.etype",
        "arp.hw.type", "arp.proto.type", "arp.hw.size", "arp.proto.size", "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.hw_mac", "arp.dst.proto_ipv4",
        "ip.version", "ip.hdr_len", "ip.dsfield", "ip.len", "ip.id", "ip.flags", "ip.flags.df", "ip.flags.mf", "ip.frag_offset", "ip.ttl", "ip.proto", "ip.checksum", "ip.src", "ip.dst",
        "ipv6.version", "ipv6.tclass", "ipv6.flow", "ipv6.plen", "ipv6.nxt", "ipv6.hlim", "ipv6.src", "ipv6.dst",
        "icmp.type", "icmp.code", "icmp.checksum", "icmpv6.type", "icmpv6.code",
        "tcp.srcport", "tcp.dstport", "tcp.stream", "tcp.len", "tcp.seq", "tcp.seq_raw", "tcp.nxtseq", "tcp.ack", "tcp.ack_raw", "tcp.hdr_len", "tcp.flags",
        "tcp.flags.cwr", "tcp.flags.ece", "tcp.flags.urg", "tcp.flags.ack", "tcp.flags.push", "tcp.flags.reset", "tcp.flags.syn", "tcp.flags.fin",
        "tcp.window_size_value", "tcp.window_size", "tcp.checksum", "tcp.urgent_pointer", "tcp.analysis.retransmission",
        "udp.srcport", "udp.dstport", "udp.length", "udp.checksum", "udp.stream",
        "dns.id", "dns.flags", "dns.flags.response", "dns.flags.opcode", "dns.flags.rcode", "dns.count.queries", "dns.count.answers", "dns.count.auth_rr", "dns.count.add_rr",
        "dns.qry.name", "dns.qry.type", "dns.qry.class", "dns.resp.name", "dns.resp.type", "dns.resp.ttl", "dns.a", "dns.aaaa", "dns.cname",
        "tls.record.content_type", "tls.record.version", "tls.record.length", "tls.handshake.type", "tls.handshake.version", "tls.handshake.ciphersuite", "tls.handshake.extensions_server_name",
        "http.request.method", "http.request.uri", "http.request.version", "http.request.full_uri", "http.host", "http.user_agent", "http.referer", "http.cookie", "http.authorization",
        "http.response.version", "http.response.code", "http.response.phrase", "http.server", "http.content_type", "http.content_length", "http.transfer_encoding", "http.content_encoding", "http.location",
    ];

    private static readonly (string Prefix, string Title)[] Layers =
    [
        ("frame.", "Frame"), ("sll.", "Linux cooked capture"), ("eth.", "Ethernet II"), ("vlan.", "802.1Q Virtual LAN"), ("arp.", "Address Resolution Protocol"),
        ("ip.", "Internet Protocol Version 4"), ("ipv6.", "Internet Protocol Version 6"), ("icmp.", "Internet Control Message Protocol"), ("icmpv6.", "Internet Control Message Protocol v6"),
        ("tcp.", "Transmission Control Protocol"), ("udp.", "User Datagram Protocol"), ("dns.", "Domain Name System"), ("tls.", "Transport Layer Security"), ("http.", "Hypertext Transfer Protocol"),
    ];

    private static readonly DisplayField[] DetailDisplayFields = DetailFields.Select(DisplayField.Parse).ToArray();

    /// <summary>Formats the packet-list line: <c>No. Time Source → Destination Protocol Length Info</c>.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>The line, without a line break.</returns>
    public static string FormatListLine(scoped in DissectedFrame frame)
    {
        PacketView p = frame.Packet;
        FrameState s = frame.State;
        string src, dst;
        if (p.HasAddresses)
        {
            src = p.GetSourceAddress()!.ToString();
            dst = p.GetDestinationAddress()!.ToString();
        }
        else if (p.Network == NetworkLayerType.Arp && DisplayField.Parse("arp.src.hw_mac").Format(frame) is { Length: > 0 } arpSrc)
        {
            src = arpSrc;
            string ad = DisplayField.Parse("eth.dst").Format(frame);
            dst = ad == "ff:ff:ff:ff:ff:ff" ? "Broadcast" : ad;
        }
        else if (p.EthernetSource.Length == 6)
        {
            src = DisplayField.Parse("eth.src").Format(frame);
            dst = DisplayField.Parse("eth.dst").Format(frame);
        }
        else
        {
            src = string.Empty;
            dst = string.Empty;
        }

        (string protocol, string info) = Describe(frame);
        string time = ValueFormatter.FormatSeconds(frame.RelativeNanoseconds)[..^3];
        return string.Create(CultureInfo.InvariantCulture, $"{frame.Number,5} {time,10} {src,12} → {dst,-12} {protocol} {s.OriginalLength} {info}").TrimEnd();
    }

    /// <summary>Gets the Protocol and Info columns.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>The protocol name and the info text.</returns>
    public static (string Protocol, string Info) Describe(scoped in DissectedFrame frame)
    {
        PacketView p = frame.Packet;
        FrameState s = frame.State;
        if (s.Http.Count > 0)
        {
            var sb = new StringBuilder();
            foreach (HttpMessageInfo m in s.Http)
            {
                if (sb.Length > 0)
                {
                    sb.Append(", ");
                }

                if (m.IsContinuation)
                {
                    sb.Append("Continuation");
                }
                else
                {
                    sb.Append(m.StartLine).Append(' ');
                    string? ct = m.Header("Content-Type");
                    if (!m.IsRequest && ct is not null)
                    {
                        sb.Append(" (").Append(ct.Split(';')[0].Trim()).Append(')');
                    }
                }
            }

            return ("HTTP", sb.ToString());
        }

        if (s.Tls.Count > 0)
        {
            var parts = s.Tls.Select(r => r.ContentType switch
            {
                22 => r.HandshakeType switch { 1 => "Client Hello", 2 => "Server Hello", 11 => "Certificate", 12 => "Server Key Exchange", 14 => "Server Hello Done", 16 => "Client Key Exchange", 4 => "New Session Ticket", _ => "Handshake" },
                20 => "Change Cipher Spec",
                21 => "Alert",
                23 => "Application Data",
                _ => "Heartbeat",
            });
            ushort v = s.Tls[0].Version;
            string proto = v switch { 0x0301 => "TLSv1", 0x0302 => "TLSv1.1", 0x0303 => "TLSv1.2", _ => "TLS" };
            return (proto, string.Join(", ", parts.Distinct()));
        }

        if (p.IsTcp)
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"{p.SourcePort} → {p.DestinationPort} ");
            TcpFlags flags = p.TcpFlags;
            var names = new List<string>();
            if ((flags & TcpFlags.Fin) != 0)
            {
                names.Add("FIN");
            }

            if ((flags & TcpFlags.Syn) != 0)
            {
                names.Add("SYN");
            }

            if ((flags & TcpFlags.Rst) != 0)
            {
                names.Add("RST");
            }

            if ((flags & TcpFlags.Psh) != 0)
            {
                names.Add("PSH");
            }

            if ((flags & TcpFlags.Ack) != 0)
            {
                names.Add("ACK");
            }

            if ((flags & TcpFlags.Urg) != 0)
            {
                names.Add("URG");
            }

            if (s.Retransmission)
            {
                sb.Insert(0, "[TCP Retransmission] ");
            }

            sb.Append('[').Append(string.Join(", ", names)).Append(']');
            sb.Append(CultureInfo.InvariantCulture, $" Seq={s.RelSeq}");
            if ((flags & TcpFlags.Ack) != 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $" Ack={s.RelAck}");
            }

            sb.Append(CultureInfo.InvariantCulture, $" Win={s.WindowSize} Len={p.Payload.Length}");
            var options = new TcpOptionReader(p.TcpOptions);
            while (options.TryReadNext(out byte kind, out ReadOnlySpan<byte> data))
            {
                switch (kind)
                {
                    case 2 when data.Length == 2: sb.Append(CultureInfo.InvariantCulture, $" MSS={(data[0] << 8) | data[1]}"); break;
                    case 4: sb.Append(" SACK_PERM"); break;
                    case 8 when data.Length == 8:
                        sb.Append(CultureInfo.InvariantCulture, $" TSval={System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data)} TSecr={System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data[4..])}");
                        break;
                    case 3 when data.Length == 1: sb.Append(CultureInfo.InvariantCulture, $" WS={1 << Math.Min((int)data[0], 14)}"); break;
                }
            }

            return ("TCP", sb.ToString());
        }

        if (p.IsUdp)
        {
            DisplayField qn = DisplayField.Parse("dns.qry.name");
            if (s.IsDnsPort && qn.Count(frame) > 0 || DisplayField.Parse("dns.id").Count(frame) > 0)
            {
                bool response = DisplayField.Parse("dns.flags.response").Format(frame) == "1";
                return ("DNS", $"Standard query{(response ? " response" : string.Empty)} {DisplayField.Parse("dns.id").Format(frame)} {qn.Format(frame, ' ')}".TrimEnd());
            }

            return ("UDP", string.Create(CultureInfo.InvariantCulture, $"{p.SourcePort} → {p.DestinationPort} Len={p.Payload.Length}"));
        }

        if (p.IsIcmp)
        {
            string name = p.Protocol == 1
                ? p.IcmpType switch { 0 => "Echo (ping) reply", 8 => "Echo (ping) request", 3 => "Destination unreachable", 11 => "Time-to-live exceeded", 5 => "Redirect", _ => $"Type {p.IcmpType}" }
                : p.IcmpType switch { 128 => "Echo (ping) request", 129 => "Echo (ping) reply", 133 => "Router Solicitation", 134 => "Router Advertisement", 135 => "Neighbor Solicitation", 136 => "Neighbor Advertisement", 1 => "Destination Unreachable", 3 => "Time Exceeded", _ => $"Type {p.IcmpType}" };
            return (p.Protocol == 1 ? "ICMP" : "ICMPv6", name);
        }

        if (p.Network == NetworkLayerType.Arp)
        {
            string op = DisplayField.Parse("arp.opcode").Format(frame);
            string tpa = DisplayField.Parse("arp.dst.proto_ipv4").Format(frame);
            string spa = DisplayField.Parse("arp.src.proto_ipv4").Format(frame);
            string sha = DisplayField.Parse("arp.src.hw_mac").Format(frame);
            return ("ARP", op == "1" ? $"Who has {tpa}? Tell {spa}" : op == "2" ? $"{spa} is at {sha}" : $"Opcode {op}");
        }

        return p.Network switch
        {
            NetworkLayerType.IPv4 => ("IPv4", string.Create(CultureInfo.InvariantCulture, $"Protocol {p.Protocol}")),
            NetworkLayerType.IPv6 => ("IPv6", string.Create(CultureInfo.InvariantCulture, $"Next header {p.Protocol}")),
            _ => (p.LinkType == LinkType.Ethernet ? "Ethernet" : p.LinkType.ToString(), string.Create(CultureInfo.InvariantCulture, $"EtherType 0x{p.EtherType:x4}")),
        };
    }

    /// <summary>Writes the details tree: one heading per layer and one indented <c>name: value</c> line per field present.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="frame">The frame.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    public static void WriteDetails(TextWriter writer, scoped in DissectedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(writer);
        string? layer = null;
        foreach (DisplayField field in DetailDisplayFields)
        {
            if (field.Count(frame) == 0)
            {
                continue;
            }

            string title = Layers.First(l => field.Name.StartsWith(l.Prefix, StringComparison.Ordinal)).Title;
            if (title != layer)
            {
                layer = title;
                writer.WriteLine(title);
            }

            writer.Write("    ");
            writer.Write(field.Name);
            writer.Write(": ");
            writer.WriteLine(field.Format(frame));
        }

        writer.WriteLine();
    }

    /// <summary>Writes a hex/ASCII dump as Wireshark's bytes pane and <c>tshark -x</c>: offset, 16 hex bytes, printable ASCII.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="bytes">The bytes (usually <see cref="PacketView.Frame"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    public static void WriteHexDump(TextWriter writer, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var line = new StringBuilder(80);
        for (int off = 0; off < bytes.Length; off += 16)
        {
            line.Clear();
            line.Append(off.ToString("x4", CultureInfo.InvariantCulture)).Append("  ");
            int n = Math.Min(16, bytes.Length - off);
            for (int i = 0; i < 16; i++)
            {
                if (i < n)
                {
                    line.Append(bytes[off + i].ToString("x2", CultureInfo.InvariantCulture)).Append(' ');
                }
                else
                {
                    line.Append("   ");
                }

            }

            line.Append("  ");
            for (int i = 0; i < n; i++)
            {
                byte b = bytes[off + i];
                line.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }

        writer.WriteLine();
    }
}
