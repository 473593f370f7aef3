using System.Buffers.Binary;
using System.Text;

namespace Forensics.Net.Pcap.Analysis.Internal;

/// <summary>The Wireshark fields we know, with their types and how to read them from a dissected frame.</summary>
internal static class Fields
{
    public const int MaxValues = 128;

    private static readonly FieldDef[] All =
    [
        new("frame", F.Frame, FType.Protocol),
        new("frame.number", F.FrameNumber, FType.UInt),
        new("frame.time", F.FrameTime, FType.AbsTime),
        new("frame.time_epoch", F.FrameTimeEpoch, FType.RelTime),
        new("frame.time_relative", F.FrameTimeRelative, FType.RelTime),
        new("frame.time_delta", F.FrameTimeDelta, FType.RelTime),
        new("frame.len", F.FrameLen, FType.UInt),
        new("frame.cap_len", F.FrameCapLen, FType.UInt),
        new("frame.interface_id", F.FrameInterfaceId, FType.UInt),
        new("frame.protocols", F.FrameProtocols, FType.String),
        new("eth", F.Eth, FType.Protocol),
        new("eth.src", F.EthSrc, FType.Mac),
        new("eth.dst", F.EthDst, FType.Mac),
        new("eth.addr", F.EthAddr, FType.Mac),
        new("eth.type", F.EthType, FType.UInt, Disp.Hex, 4),
        new("vlan", F.Vlan, FType.Protocol),
        new("vlan.id", F.VlanId, FType.UInt),
        new("vlan.priority", F.VlanPriority, FType.UInt),
        new("vlan.etype", F.VlanEtype, FType.UInt, Disp.Hex, 4),
        new("sll", F.Sll, FType.Protocol),
        new("sll.pkttype", F.SllPktType, FType.UInt),
        new("sll.hatype", F.SllHaType, FType.UInt),
        new("sll.halen", F.SllHaLen, FType.UInt),
        new("sll.src.eth", F.SllSrcEth, FType.Mac),
        new("sll.etype", F.SllEtype, FType.UInt, Disp.Hex, 4),
        new("sll.ifindex", F.SllIfIndex, FType.UInt),
        new("arp", F.Arp, FType.Protocol),
        new("arp.hw.type", F.ArpHwType, FType.UInt),
        new("arp.proto.type", F.ArpProtoType, FType.UInt, Disp.Hex, 4),
        new("arp.hw.size", F.ArpHwSize, FType.UInt),
        new("arp.proto.size", F.ArpProtoSize, FType.UInt),
        new("arp.opcode", F.ArpOpcode, FType.UInt),
        new("arp.src.hw_mac", F.ArpSrcHwMac, FType.Mac),
        new("arp.src.proto_ipv4", F.ArpSrcProtoIpv4, FType.Ipv4),
        new("arp.dst.hw_mac", F.ArpDstHwMac, FType.Mac),
        new("arp.dst.proto_ipv4", F.ArpDstProtoIpv4, FType.Ipv4),
        new("ip", F.Ip, FType.Protocol),
        new("ip.version", F.IpVersion, FType.UInt),
        new("ip.hdr_len", F.IpHdrLen, FType.UInt),
        new("ip.dsfield", F.IpDsfield, FType.UInt, Disp.Hex, 2),
        new("ip.dsfield.dscp", F.IpDscp, FType.UInt),
        new("ip.dsfield.ecn", F.IpEcn, FType.UInt),
        new("ip.len", F.IpLen, FType.UInt),
        new("ip.id", F.IpId, FType.UInt, Disp.Hex, 4),
        new("ip.flags", F.IpFlags, FType.UInt, Disp.Hex, 2),
        new("ip.flags.rb", F.IpFlagsRb, FType.Bool),
        new("ip.flags.df", F.IpFlagsDf, FType.Bool),
        new("ip.flags.mf", F.IpFlagsMf, FType.Bool),
        new("ip.frag_offset", F.IpFragOffset, FType.UInt),
        new("ip.ttl", F.IpTtl, FType.UInt),
        new("ip.proto", F.IpProto, FType.UInt),
        new("ip.checksum", F.IpChecksum, FType.UInt, Disp.Hex, 4),
        new("ip.src", F.IpSrc, FType.Ipv4),
        new("ip.dst", F.IpDst, FType.Ipv4),
        new("ip.addr", F.IpAddr, FType.Ipv4),
        new("ipv6", F.Ipv6, FType.Protocol),
        new("ipv6.version", F.Ipv6Version, FType.UInt),
        new("ipv6.tclass", F.Ipv6Tclass, FType.UInt, Disp.Hex, 8),
        new("ipv6.flow", F.Ipv6Flow, FType.UInt, Disp.Hex, 6),
        new("ipv6.plen", F.Ipv6Plen, FType.UInt),
        new("ipv6.nxt", F.Ipv6Nxt, FType.UInt),
        new("ipv6.hlim", F.Ipv6Hlim, FType.UInt),
        new("ipv6.src", F.Ipv6Src, FType.Ipv6),
        new("ipv6.dst", F.Ipv6Dst, FType.Ipv6),
        new("ipv6.addr", F.Ipv6Addr, FType.Ipv6),
        new("icmp", F.Icmp, FType.Protocol),
        new("icmp.type", F.IcmpType, FType.UInt),
        new("icmp.code", F.IcmpCode, FType.UInt),
        new("icmp.checksum", F.IcmpChecksum, FType.UInt, Disp.Hex, 4),
        new("icmpv6", F.Icmpv6, FType.Protocol),
        new("icmpv6.type", F.Icmpv6Type, FType.UInt),
        new("icmpv6.code", F.Icmpv6Code, FType.UInt),
        new("tcp", F.Tcp, FType.Protocol),
        new("tcp.srcport", F.TcpSrcPort, FType.UInt),
        new("tcp.dstport", F.TcpDstPort, FType.UInt),
        new("tcp.port", F.TcpPort, FType.UInt),
        new("tcp.stream", F.TcpStream, FType.UInt),
        new("tcp.len", F.TcpLen, FType.UInt),
        new("tcp.seq", F.TcpSeq, FType.UInt),
        new("tcp.seq_raw", F.TcpSeqRaw, FType.UInt),
        new("tcp.ack", F.TcpAck, FType.UInt),
        new("tcp.ack_raw", F.TcpAckRaw, FType.UInt),
        new("tcp.nxtseq", F.TcpNxtSeq, FType.UInt),
        new("tcp.hdr_len", F.TcpHdrLen, FType.UInt),
        new("tcp.flags", F.TcpFlags, FType.UInt, Disp.Hex, 4),
        new("tcp.flags.syn", F.TcpFlagsSyn, FType.Bool),
        new("tcp.flags.ack", F.TcpFlagsAck, FType.Bool),
        new("tcp.flags.fin", F.TcpFlagsFin, FType.Bool),
        new("tcp.flags.reset", F.TcpFlagsReset, FType.Bool),
        new("tcp.flags.push", F.TcpFlagsPush, FType.Bool),
        new("tcp.flags.urg", F.TcpFlagsUrg, FType.Bool),
        new("tcp.flags.ece", F.TcpFlagsEce, FType.Bool),
        new("tcp.flags.cwr", F.TcpFlagsCwr, FType.Bool),
        new("tcp.window_size_value", F.TcpWindowSizeValue, FType.UInt),
        new("tcp.window_size", F.TcpWindowSize, FType.UInt),
        new("tcp.checksum", F.TcpChecksum, FType.UInt, Disp.Hex, 4),
        new("tcp.urgent_pointer", F.TcpUrgentPointer, FType.UInt),
        new("tcp.payload", F.TcpPayload, FType.Bytes),
        new("tcp.analysis.retransmission", F.TcpRetransmission, FType.Protocol),
        new("udp", F.Udp, FType.Protocol),
        new("udp.srcport", F.UdpSrcPort, FType.UInt),
        new("udp.dstport", F.UdpDstPort, FType.UInt),
        new("udp.port", F.UdpPort, FType.UInt),
        new("udp.length", F.UdpLength, FType.UInt),
        new("udp.checksum", F.UdpChecksum, FType.UInt, Disp.Hex, 4),
        new("udp.stream", F.UdpStream, FType.UInt),
        new("udp.payload", F.UdpPayload, FType.Bytes),
        new("dns", F.Dns, FType.Protocol),
        new("dns.id", F.DnsId, FType.UInt, Disp.Hex, 4),
        new("dns.flags", F.DnsFlags, FType.UInt, Disp.Hex, 4),
        new("dns.flags.response", F.DnsFlagsResponse, FType.Bool),
        new("dns.flags.opcode", F.DnsFlagsOpcode, FType.UInt),
        new("dns.flags.rcode", F.DnsFlagsRcode, FType.UInt),
        new("dns.count.queries", F.DnsCountQueries, FType.UInt),
        new("dns.count.answers", F.DnsCountAnswers, FType.UInt),
        new("dns.count.auth_rr", F.DnsCountAuth, FType.UInt),
        new("dns.count.add_rr", F.DnsCountAdd, FType.UInt),
        new("dns.qry.name", F.DnsQryName, FType.String),
        new("dns.qry.type", F.DnsQryType, FType.UInt),
        new("dns.qry.class", F.DnsQryClass, FType.UInt, Disp.Hex, 4),
        new("dns.resp.name", F.DnsRespName, FType.String),
        new("dns.resp.type", F.DnsRespType, FType.UInt),
        new("dns.resp.ttl", F.DnsRespTtl, FType.Int),
        new("dns.a", F.DnsA, FType.Ipv4),
        new("dns.aaaa", F.DnsAaaa, FType.Ipv6),
        new("dns.cname", F.DnsCname, FType.String),
        new("http", F.Http, FType.Protocol),
        new("http.request", F.HttpRequest, FType.Bool),
        new("http.response", F.HttpResponse, FType.Bool),
        new("http.request.method", F.HttpRequestMethod, FType.String),
        new("http.request.uri", F.HttpRequestUri, FType.String),
        new("http.request.full_uri", F.HttpRequestFullUri, FType.String),
        new("http.request.version", F.HttpRequestVersion, FType.String),
        new("http.response.version", F.HttpResponseVersion, FType.String),
        new("http.host", F.HttpHost, FType.String),
        new("http.user_agent", F.HttpUserAgent, FType.String),
        new("http.referer", F.HttpReferer, FType.String),
        new("http.cookie", F.HttpCookie, FType.String),
        new("http.authorization", F.HttpAuthorization, FType.String),
        new("http.response.code", F.HttpResponseCode, FType.UInt),
        new("http.response.phrase", F.HttpResponsePhrase, FType.String),
        new("http.content_type", F.HttpContentType, FType.String),
        new("http.content_length", F.HttpContentLength, FType.UInt),
        new("http.transfer_encoding", F.HttpTransferEncoding, FType.String),
        new("http.content_encoding", F.HttpContentEncoding, FType.String),
        new("http.server", F.HttpServer, FType.String),
        new("http.location", F.HttpLocation, FType.String),
        new("http.file_data", F.HttpFileData, FType.String),
        new("tls", F.Tls, FType.Protocol),
        new("tls.record.content_type", F.TlsRecordContentType, FType.UInt),
        new("tls.record.version", F.TlsRecordVersion, FType.UInt, Disp.Hex, 4),
        new("tls.record.length", F.TlsRecordLength, FType.UInt),
        new("tls.handshake.type", F.TlsHandshakeType, FType.UInt),
        new("tls.handshake.version", F.TlsHandshakeVersion, FType.UInt, Disp.Hex, 4),
        new("tls.handshake.ciphersuite", F.TlsHandshakeCiphersuite, FType.UInt, Disp.Hex, 4),
        new("tls.handshake.extensions_server_name", F.TlsSni, FType.String),
    ];

    private static readonly Dictionary<string, FieldDef> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out FieldDef def) => ByName.TryGetValue(name, out def!);

    public static IEnumerable<string> Names => All.Select(f => f.Name);

    /// <summary>Gets the most occurrences of a field in one frame.</summary>
    public static int MaxCount(F id) => id switch
    {
        F.EthAddr or F.IpAddr or F.Ipv6Addr or F.TcpPort or F.UdpPort => 2,
        F.Vlan or F.VlanId or F.VlanPriority or F.VlanEtype => 8,
        _ when NeedsApplication(id) => MaxValues,
        _ => 1,
    };

    public static bool NeedsApplication(F id) => (id >= F.Dns && id <= F.TlsSni) || id == F.FrameProtocols;

    /// <summary>Reads every occurrence of <paramref name="id"/> into <paramref name="dst"/>; returns how many.</summary>
    public static int Extract(F id, scoped in DissectedFrame frame, Span<FValue> dst)
    {
        PacketView p = frame.Packet;
        FrameState s = frame.State;
        ReadOnlySpan<byte> b = p.Frame;
        int net = p.LinkHeaderLength;
        bool eth = p.LinkType == LinkType.Ethernet && b.Length >= 14;
        bool ip4 = p.Network == NetworkLayerType.IPv4 && p.NetworkHeader.Length >= 20;
        bool ip6 = p.Network == NetworkLayerType.IPv6 && p.NetworkHeader.Length >= 40;
        int tr = p.IsTcp || p.IsUdp || p.IsIcmp ? TransportOffset(p) : -1;
        switch (id)
        {
            case F.Frame: return One(dst, FValue.Bytes(FType.Protocol, 0, 0, b.Length));
            case F.FrameNumber: return One(dst, FValue.Num(FType.UInt, s.Number));
            case F.FrameTime: return One(dst, FValue.Num(FType.AbsTime, s.Timestamp));
            case F.FrameTimeEpoch: return One(dst, FValue.Num(FType.RelTime, s.Timestamp));
            case F.FrameTimeRelative: return One(dst, FValue.Num(FType.RelTime, s.Timestamp - s.FirstTimestamp));
            case F.FrameTimeDelta: return One(dst, FValue.Num(FType.RelTime, s.Timestamp - s.PreviousTimestamp));
            case F.FrameLen: return One(dst, FValue.Num(FType.UInt, s.OriginalLength));
            case F.FrameCapLen: return One(dst, FValue.Num(FType.UInt, b.Length));
            case F.FrameInterfaceId: return s.InterfaceId >= 0 ? One(dst, FValue.Num(FType.UInt, s.InterfaceId)) : 0;
            case F.FrameProtocols:
            {
                int off = s.AuxLength;
                WriteProtocols(frame);
                return One(dst, FValue.Bytes(FType.String, 1, off, s.AuxLength - off));
            }

            case F.Eth: return eth ? One(dst, FValue.Bytes(FType.Protocol, 0, 0, b.Length)) : 0;
            case F.EthDst: return eth ? One(dst, FValue.Bytes(FType.Mac, 0, 0, 6)) : 0;
            case F.EthSrc: return eth ? One(dst, FValue.Bytes(FType.Mac, 0, 6, 6)) : 0;
            case F.EthAddr: return eth ? Two(dst, FValue.Bytes(FType.Mac, 0, 0, 6), FValue.Bytes(FType.Mac, 0, 6, 6)) : 0;
            case F.EthType: return eth && BinaryPrimitives.ReadUInt16BigEndian(b[12..]) > 1500 ? One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[12..]))) : 0;
            case F.Vlan:
            case F.VlanId:
            case F.VlanPriority:
            case F.VlanEtype:
            {
                int n = 0;
                int off = VlanOffset(p);
                for (int i = 0; i < p.VlanCount && n < dst.Length && off + 4 <= b.Length; i++, off += 4)
                {
                    ushort tpid = BinaryPrimitives.ReadUInt16BigEndian(b[(off - 2)..]);
                    if (tpid is not (0x8100 or 0x9100))
                    {
                        continue;
                    }

                    ushort tci = BinaryPrimitives.ReadUInt16BigEndian(b[off..]);
                    dst[n++] = id switch
                    {
                        F.Vlan => FValue.Bytes(FType.Protocol, 0, off, 4),
                        F.VlanId => FValue.Num(FType.UInt, tci & 0x0FFF),
                        F.VlanPriority => FValue.Num(FType.UInt, tci >> 13),
                        _ => FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[(off + 2)..])),
                    };
                }

                return n;
            }

            case F.Sll:
            case F.SllPktType:
            case F.SllHaType:
            case F.SllHaLen:
            case F.SllSrcEth:
            case F.SllEtype:
            case F.SllIfIndex:
                return Sll(id, p, b, dst);
            case F.Arp:
            case F.ArpHwType:
            case F.ArpProtoType:
            case F.ArpHwSize:
            case F.ArpProtoSize:
            case F.ArpOpcode:
            case F.ArpSrcHwMac:
            case F.ArpSrcProtoIpv4:
            case F.ArpDstHwMac:
            case F.ArpDstProtoIpv4:
                return Arp(id, p, b, dst);
            case F.Ip: return ip4 ? One(dst, FValue.Bytes(FType.Protocol, 0, net, p.NetworkHeader.Length)) : 0;
            case F.IpVersion: return ip4 || ip6 ? One(dst, FValue.Num(FType.UInt, b[net] >> 4)) : 0; // tshark adds ip.version to IPv6 too
            case F.IpHdrLen: return ip4 ? One(dst, FValue.Num(FType.UInt, (b[net] & 15) * 4)) : 0;
            case F.IpDsfield: return ip4 ? One(dst, FValue.Num(FType.UInt, b[net + 1])) : 0;
            case F.IpDscp: return ip4 ? One(dst, FValue.Num(FType.UInt, b[net + 1] >> 2)) : 0;
            case F.IpEcn: return ip4 ? One(dst, FValue.Num(FType.UInt, b[net + 1] & 3)) : 0;
            case F.IpLen: return ip4 ? One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[(net + 2)..]))) : 0;
            case F.IpId: return ip4 ? One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[(net + 4)..]))) : 0;
            case F.IpFlags: return ip4 ? One(dst, FValue.Num(FType.UInt, b[net + 6] >> 5)) : 0;
            case F.IpFlagsRb: return ip4 ? One(dst, FValue.Num(FType.Bool, (b[net + 6] >> 7) & 1)) : 0;
            case F.IpFlagsDf: return ip4 ? One(dst, FValue.Num(FType.Bool, (b[net + 6] >> 6) & 1)) : 0;
            case F.IpFlagsMf: return ip4 ? One(dst, FValue.Num(FType.Bool, (b[net + 6] >> 5) & 1)) : 0;
            case F.IpFragOffset: return ip4 ? One(dst, FValue.Num(FType.UInt, p.FragmentOffset)) : 0;
            case F.IpTtl: return ip4 ? One(dst, FValue.Num(FType.UInt, b[net + 8])) : 0;
            case F.IpProto: return ip4 ? One(dst, FValue.Num(FType.UInt, b[net + 9])) : 0;
            case F.IpChecksum: return ip4 ? One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[(net + 10)..]))) : 0;
            case F.IpSrc: return ip4 ? One(dst, FValue.Num(FType.Ipv4, BinaryPrimitives.ReadUInt32BigEndian(b[(net + 12)..]))) : 0;
            case F.IpDst: return ip4 ? One(dst, FValue.Num(FType.Ipv4, BinaryPrimitives.ReadUInt32BigEndian(b[(net + 16)..]))) : 0;
            case F.IpAddr: return ip4 ? Two(dst, FValue.Num(FType.Ipv4, BinaryPrimitives.ReadUInt32BigEndian(b[(net + 12)..])), FValue.Num(FType.Ipv4, BinaryPrimitives.ReadUInt32BigEndian(b[(net + 16)..]))) : 0;
            case F.Ipv6: return ip6 ? One(dst, FValue.Bytes(FType.Protocol, 0, net, 40)) : 0;
            case F.Ipv6Version: return ip6 ? One(dst, FValue.Num(FType.UInt, b[net] >> 4)) : 0;
            case F.Ipv6Tclass: return ip6 ? One(dst, FValue.Num(FType.UInt, (BinaryPrimitives.ReadUInt32BigEndian(b[net..]) >> 20) & 0xFF)) : 0;
            case F.Ipv6Flow: return ip6 ? One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt32BigEndian(b[net..]) & 0xFFFFF)) : 0;
            case F.Ipv6Plen: return ip6 ? One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[(net + 4)..]))) : 0;
            case F.Ipv6Nxt: return ip6 ? One(dst, FValue.Num(FType.UInt, b[net + 6])) : 0;
            case F.Ipv6Hlim: return ip6 ? One(dst, FValue.Num(FType.UInt, b[net + 7])) : 0;
            case F.Ipv6Src: return ip6 ? One(dst, FValue.Bytes(FType.Ipv6, 0, net + 8, 16)) : 0;
            case F.Ipv6Dst: return ip6 ? One(dst, FValue.Bytes(FType.Ipv6, 0, net + 24, 16)) : 0;
            case F.Ipv6Addr: return ip6 ? Two(dst, FValue.Bytes(FType.Ipv6, 0, net + 8, 16), FValue.Bytes(FType.Ipv6, 0, net + 24, 16)) : 0;
            case F.Icmp: return p.IsIcmp && p.Protocol == 1 ? One(dst, FValue.Bytes(FType.Protocol, 0, tr, p.NetworkPacket.Length + net - tr)) : 0;
            case F.IcmpType: return p.IsIcmp && p.Protocol == 1 ? One(dst, FValue.Num(FType.UInt, p.IcmpType)) : 0;
            case F.IcmpCode: return p.IsIcmp && p.Protocol == 1 ? One(dst, FValue.Num(FType.UInt, p.IcmpCode)) : 0;
            case F.IcmpChecksum: return p.IsIcmp && p.Protocol == 1 ? One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[(tr + 2)..]))) : 0;
            case F.Icmpv6: return p.IsIcmp && p.Protocol == 58 ? One(dst, FValue.Bytes(FType.Protocol, 0, tr, p.NetworkPacket.Length + net - tr)) : 0;
            case F.Icmpv6Type: return p.IsIcmp && p.Protocol == 58 ? One(dst, FValue.Num(FType.UInt, p.IcmpType)) : 0;
            case F.Icmpv6Code: return p.IsIcmp && p.Protocol == 58 ? One(dst, FValue.Num(FType.UInt, p.IcmpCode)) : 0;
            case F.Tcp: return p.IsTcp ? One(dst, FValue.Bytes(FType.Protocol, 0, tr, p.TransportHeader.Length + p.Payload.Length)) : 0;
            case F.TcpSrcPort: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, p.SourcePort)) : 0;
            case F.TcpDstPort: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, p.DestinationPort)) : 0;
            case F.TcpPort: return p.IsTcp ? Two(dst, FValue.Num(FType.UInt, p.SourcePort), FValue.Num(FType.UInt, p.DestinationPort)) : 0;
            case F.TcpStream: return p.IsTcp && s.TcpStream >= 0 ? One(dst, FValue.Num(FType.UInt, s.TcpStream)) : 0;
            case F.TcpLen: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, p.Payload.Length)) : 0;
            case F.TcpSeq: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, s.RelSeq)) : 0;
            case F.TcpSeqRaw: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, p.SequenceNumber)) : 0;
            case F.TcpAck: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, s.RelAck)) : 0;
            case F.TcpAckRaw: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, p.AcknowledgmentNumber)) : 0;
            case F.TcpNxtSeq: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, s.NextSeq)) : 0;
            case F.TcpHdrLen: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, p.TransportHeader.Length)) : 0;
            case F.TcpFlags: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[(tr + 12)..]) & 0x0FFF)) : 0;
            case F.TcpFlagsSyn: return p.IsTcp ? One(dst, FValue.Num(FType.Bool, (b[tr + 13] >> 1) & 1)) : 0;
            case F.TcpFlagsAck: return p.IsTcp ? One(dst, FValue.Num(FType.Bool, (b[tr + 13] >> 4) & 1)) : 0;
            case F.TcpFlagsFin: return p.IsTcp ? One(dst, FValue.Num(FType.Bool, b[tr + 13] & 1)) : 0;
            case F.TcpFlagsReset: return p.IsTcp ? One(dst, FValue.Num(FType.Bool, (b[tr + 13] >> 2) & 1)) : 0;
            case F.TcpFlagsPush: return p.IsTcp ? One(dst, FValue.Num(FType.Bool, (b[tr + 13] >> 3) & 1)) : 0;
            case F.TcpFlagsUrg: return p.IsTcp ? One(dst, FValue.Num(FType.Bool, (b[tr + 13] >> 5) & 1)) : 0;
            case F.TcpFlagsEce: return p.IsTcp ? One(dst, FValue.Num(FType.Bool, (b[tr + 13] >> 6) & 1)) : 0;
            case F.TcpFlagsCwr: return p.IsTcp ? One(dst, FValue.Num(FType.Bool, (b[tr + 13] >> 7) & 1)) : 0;
            case F.TcpWindowSizeValue: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, p.Window)) : 0;
            case F.TcpWindowSize: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, s.WindowSize)) : 0;
            case F.TcpChecksum: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[(tr + 16)..]))) : 0;
            case F.TcpUrgentPointer: return p.IsTcp ? One(dst, FValue.Num(FType.UInt, p.UrgentPointer)) : 0;
            case F.TcpPayload: return p.IsTcp && p.Payload.Length > 0 ? One(dst, FValue.Bytes(FType.Bytes, 0, tr + p.TransportHeader.Length, p.Payload.Length)) : 0;
            case F.TcpRetransmission: return p.IsTcp && s.Retransmission ? One(dst, FValue.Bytes(FType.Protocol, 0, 0, 0)) : 0;
            case F.Udp: return p.IsUdp ? One(dst, FValue.Bytes(FType.Protocol, 0, tr, 8 + p.Payload.Length)) : 0;
            case F.UdpSrcPort: return p.IsUdp ? One(dst, FValue.Num(FType.UInt, p.SourcePort)) : 0;
            case F.UdpDstPort: return p.IsUdp ? One(dst, FValue.Num(FType.UInt, p.DestinationPort)) : 0;
            case F.UdpPort: return p.IsUdp ? Two(dst, FValue.Num(FType.UInt, p.SourcePort), FValue.Num(FType.UInt, p.DestinationPort)) : 0;
            case F.UdpLength: return p.IsUdp ? One(dst, FValue.Num(FType.UInt, p.UdpLength)) : 0;
            case F.UdpChecksum: return p.IsUdp ? One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[(tr + 6)..]))) : 0;
            case F.UdpStream: return p.IsUdp && s.UdpStream >= 0 ? One(dst, FValue.Num(FType.UInt, s.UdpStream)) : 0;
            case F.UdpPayload: return p.IsUdp && p.Payload.Length > 0 ? One(dst, FValue.Bytes(FType.Bytes, 0, tr + 8, p.Payload.Length)) : 0;
        }

        if (id >= F.Dns && id <= F.DnsCname)
        {
            return Dns(id, frame, dst);
        }

        if (id >= F.Http && id <= F.HttpFileData)
        {
            return Http(id, s, dst);
        }

        return Tls(id, s, dst);
    }

    internal static int TransportOffset(scoped in PacketView p) => FrameOffsetOf(p, p.TransportHeader);

    private static int FrameOffsetOf(scoped in PacketView p, ReadOnlySpan<byte> part)
    {
        ReadOnlySpan<byte> frame = p.Frame;
        if (part.IsEmpty)
        {
            return -1;
        }

        return (int)System.Runtime.CompilerServices.Unsafe.ByteOffset(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(frame),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(part));
    }

    private static int VlanOffset(scoped in PacketView p) => p.LinkType == LinkType.Ethernet ? 14 : p.LinkType == LinkType.LinuxSll ? 16 : 20;

    private static int One(Span<FValue> dst, FValue v)
    {
        dst[0] = v;
        return 1;
    }

    private static int Two(Span<FValue> dst, FValue a, FValue b)
    {
        dst[0] = a;
        dst[1] = b;
        return 2;
    }

    private static int Sll(F id, scoped in PacketView p, ReadOnlySpan<byte> b, Span<FValue> dst)
    {
        if (p.LinkType == LinkType.LinuxSll && b.Length >= 16)
        {
            return id switch
            {
                F.Sll => One(dst, FValue.Bytes(FType.Protocol, 0, 0, 16)),
                F.SllPktType => One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b))),
                F.SllHaType => One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[2..]))),
                F.SllHaLen => One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[4..]))),
                F.SllSrcEth => BinaryPrimitives.ReadUInt16BigEndian(b[4..]) == 6 ? One(dst, FValue.Bytes(FType.Mac, 0, 6, 6)) : 0,
                F.SllEtype => One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[14..]))),
                _ => 0,
            };
        }

        if (p.LinkType == LinkType.LinuxSll2 && b.Length >= 20)
        {
            return id switch
            {
                F.Sll => One(dst, FValue.Bytes(FType.Protocol, 0, 0, 20)),
                F.SllEtype => One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b))),
                F.SllIfIndex => One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt32BigEndian(b[4..]))),
                F.SllHaType => One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[8..]))),
                F.SllPktType => One(dst, FValue.Num(FType.UInt, b[10])),
                F.SllHaLen => One(dst, FValue.Num(FType.UInt, b[11])),
                F.SllSrcEth => b[11] == 6 ? One(dst, FValue.Bytes(FType.Mac, 0, 12, 6)) : 0,
                _ => 0,
            };
        }

        return 0;
    }

    private static int Arp(F id, scoped in PacketView p, ReadOnlySpan<byte> b, Span<FValue> dst)
    {
        if (p.Network != NetworkLayerType.Arp)
        {
            return 0;
        }

        int o = p.LinkHeaderLength;
        if (b.Length < o + 8)
        {
            return 0;
        }

        int hs = b[o + 4], ps = b[o + 5];
        bool ethIp = hs == 6 && ps == 4 && b.Length >= o + 28;
        return id switch
        {
            F.Arp => One(dst, FValue.Bytes(FType.Protocol, 0, o, Math.Min(b.Length - o, 8 + (2 * (hs + ps))))),
            F.ArpHwType => One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[o..]))),
            F.ArpProtoType => One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[(o + 2)..]))),
            F.ArpHwSize => One(dst, FValue.Num(FType.UInt, hs)),
            F.ArpProtoSize => One(dst, FValue.Num(FType.UInt, ps)),
            F.ArpOpcode => One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(b[(o + 6)..]))),
            F.ArpSrcHwMac when ethIp => One(dst, FValue.Bytes(FType.Mac, 0, o + 8, 6)),
            F.ArpSrcProtoIpv4 when ethIp => One(dst, FValue.Num(FType.Ipv4, BinaryPrimitives.ReadUInt32BigEndian(b[(o + 14)..]))),
            F.ArpDstHwMac when ethIp => One(dst, FValue.Bytes(FType.Mac, 0, o + 18, 6)),
            F.ArpDstProtoIpv4 when ethIp => One(dst, FValue.Num(FType.Ipv4, BinaryPrimitives.ReadUInt32BigEndian(b[(o + 24)..]))),
            _ => 0,
        };
    }

    private static DnsMessage? GetDns(scoped in DissectedFrame frame)
    {
        FrameState s = frame.State;
        if (!s.DnsParsed)
        {
            s.DnsParsed = true;
            if (frame.Packet.IsUdp && s.IsDnsPort && DnsMessage.TryParse(frame.Packet.Payload, out DnsMessage? m))
            {
                s.Dns = m;
            }
        }

        return s.Dns;
    }

    private static int Dns(F id, scoped in DissectedFrame frame, Span<FValue> dst)
    {
        DnsMessage? m = GetDns(frame);
        if (m is null)
        {
            return 0;
        }

        FrameState s = frame.State;
        ReadOnlySpan<byte> pl = frame.Packet.Payload;
        int n = 0;
        switch (id)
        {
            case F.Dns: return One(dst, FValue.Bytes(FType.Protocol, 0, TransportOffset(frame.Packet) + 8, pl.Length));
            case F.DnsId: return One(dst, FValue.Num(FType.UInt, m.Id));
            case F.DnsFlags: return One(dst, FValue.Num(FType.UInt, m.Flags));
            case F.DnsFlagsResponse: return One(dst, FValue.Num(FType.Bool, m.IsResponse ? 1 : 0));
            case F.DnsFlagsOpcode: return One(dst, FValue.Num(FType.UInt, m.Opcode));
            case F.DnsFlagsRcode: return m.IsResponse ? One(dst, FValue.Num(FType.UInt, m.ResponseCode)) : 0;
            case F.DnsCountQueries: return One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(pl[4..])));
            case F.DnsCountAnswers: return One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(pl[6..])));
            case F.DnsCountAuth: return One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(pl[8..])));
            case F.DnsCountAdd: return One(dst, FValue.Num(FType.UInt, BinaryPrimitives.ReadUInt16BigEndian(pl[10..])));
            case F.DnsQryName:
            case F.DnsQryType:
            case F.DnsQryClass:
                foreach (DnsQuestion q in m.Questions)
                {
                    if (n >= dst.Length)
                    {
                        break;
                    }

                    dst[n++] = id == F.DnsQryName ? Str(s, q.Name) : FValue.Num(FType.UInt, id == F.DnsQryType ? q.Type : q.Class);
                }

                return n;
            default:
                foreach (IReadOnlyList<DnsResourceRecord> section in new[] { m.Answers, m.Authorities, m.Additionals })
                {
                    foreach (DnsResourceRecord r in section)
                    {
                        if (n >= dst.Length)
                        {
                            return n;
                        }

                        switch (id)
                        {
                            case F.DnsRespName: dst[n++] = Str(s, r.Name is "" or "." ? "<Root>" : r.Name); break;
                            case F.DnsRespType: dst[n++] = FValue.Num(FType.UInt, r.Type); break;
                            case F.DnsRespTtl when r.Type != 41: dst[n++] = FValue.Num(FType.Int, (int)r.TimeToLive); break;
                            case F.DnsA when r.Type == 1 && r.Data.Length == 4: dst[n++] = FValue.Num(FType.Ipv4, BinaryPrimitives.ReadUInt32BigEndian(r.Data.Span)); break;
                            case F.DnsAaaa when r.Type == 28 && r.Data.Length == 16:
                                dst[n++] = FValue.Bytes(FType.Ipv6, 1, s.AppendAux(r.Data.Span), 16);
                                break;
                            case F.DnsCname when r.Type == 5 && r.Value is not null: dst[n++] = Str(s, r.Value); break;
                        }
                    }
                }

                return n;
        }
    }

    internal static FValue Str(FrameState s, string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Span<byte> span = s.ReserveAux(max, out int off);
        int len = Encoding.UTF8.GetBytes(value, span);
        s.AuxLength = off + len;
        return FValue.Bytes(FType.String, 1, off, len);
    }

    private static int Http(F id, FrameState s, Span<FValue> dst)
    {
        int n = 0;
        foreach (HttpMessageInfo m in s.Http)
        {
            if (n >= dst.Length)
            {
                break;
            }

            string? v = null;
            switch (id)
            {
                case F.Http:
                    dst[n++] = FValue.Bytes(FType.Protocol, 1, s.AppendAux(m.Raw), m.Raw.Length);
                    continue;
                case F.HttpRequest when m.IsRequest && !m.IsContinuation:
                case F.HttpResponse when !m.IsRequest && !m.IsContinuation:
                    dst[n++] = FValue.Num(FType.Bool, 1);
                    continue;
                case F.HttpResponseCode when !m.IsRequest && !m.IsContinuation:
                    dst[n++] = FValue.Num(FType.UInt, m.Code);
                    continue;
                case F.HttpContentLength:
                    if (!m.IsContinuation && long.TryParse(m.Header("Content-Length"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long cl))
                    {
                        dst[n++] = FValue.Num(FType.UInt, cl);
                    }

                    continue;
                case F.HttpFileData:
                    if (!m.IsContinuation && m.Body.Length > 0)
                    {
                        dst[n++] = FValue.Bytes(FType.String, 1, s.AppendAux(m.Body), m.Body.Length);
                    }

                    continue;
                case F.HttpRequestMethod when m.IsRequest: v = m.Method; break;
                case F.HttpRequestUri when m.IsRequest: v = m.Uri; break;
                case F.HttpRequestFullUri when m.IsRequest: v = m.FullUri; break;
                case F.HttpRequestVersion when m.IsRequest: v = m.Version; break;
                case F.HttpResponseVersion when !m.IsRequest: v = m.Version; break;
                case F.HttpResponsePhrase when !m.IsRequest: v = m.Phrase; break;
                case F.HttpHost: v = m.Header("Host"); break;
                case F.HttpUserAgent: v = m.Header("User-Agent"); break;
                case F.HttpReferer: v = m.Header("Referer"); break;
                case F.HttpCookie: v = m.Header("Cookie"); break;
                case F.HttpAuthorization: v = m.Header("Authorization"); break;
                case F.HttpContentType: v = m.Header("Content-Type"); break;
                case F.HttpTransferEncoding: v = m.Header("Transfer-Encoding"); break;
                case F.HttpContentEncoding: v = m.Header("Content-Encoding"); break;
                case F.HttpServer: v = m.Header("Server"); break;
                case F.HttpLocation: v = m.Header("Location"); break;
            }

            if (v is not null && !m.IsContinuation)
            {
                dst[n++] = Str(s, v);
            }
        }

        return n;
    }

    private static int Tls(F id, FrameState s, Span<FValue> dst)
    {
        int n = 0;
        foreach (TlsRecordInfo r in s.Tls)
        {
            if (n >= dst.Length)
            {
                break;
            }

            switch (id)
            {
                case F.Tls when n == 0: dst[n++] = FValue.Bytes(FType.Protocol, 0, 0, 0); break;
                case F.TlsRecordContentType: dst[n++] = FValue.Num(FType.UInt, r.ContentType); break;
                case F.TlsRecordVersion: dst[n++] = FValue.Num(FType.UInt, r.Version); break;
                case F.TlsRecordLength: dst[n++] = FValue.Num(FType.UInt, r.Length); break;
                case F.TlsHandshakeType when r.HandshakeType >= 0: dst[n++] = FValue.Num(FType.UInt, r.HandshakeType); break;
                case F.TlsHandshakeVersion when r.HandshakeVersion != 0: dst[n++] = FValue.Num(FType.UInt, r.HandshakeVersion); break;
                case F.TlsHandshakeCiphersuite when r.CipherSuites is not null:
                    foreach (ushort c in r.CipherSuites)
                    {
                        if (n < dst.Length)
                        {
                            dst[n++] = FValue.Num(FType.UInt, c);
                        }
                    }

                    break;
                case F.TlsSni when r.ServerName is not null: dst[n++] = Str(s, r.ServerName); break;
            }
        }

        return n;
    }

    /// <summary>Writes frame.protocols (e.g. <c>eth:ethertype:ip:tcp:http</c>) into the aux buffer.</summary>
    internal static void WriteProtocols(scoped in DissectedFrame frame)
    {
        PacketView p = frame.Packet;
        FrameState s = frame.State;
        var sb = new ValueStringBuilderLite(stackalloc char[128]);
        switch (p.LinkType)
        {
            case LinkType.Ethernet: sb.Append("eth:ethertype"); break;
            case LinkType.LinuxSll: sb.Append("sll:ethertype"); break;
            case LinkType.LinuxSll2: sb.Append("sll:ethertype"); break;
            case LinkType.Null or LinkType.Loop: sb.Append("null"); break;
            case LinkType.Raw or LinkType.RawLegacy or LinkType.RawOpenBsd or LinkType.IPv4 or LinkType.IPv6: sb.Append("raw"); break;
            default: sb.Append("unknown"); break;
        }

        for (int i = 0; i < p.VlanCount; i++)
        {
            sb.Append(":vlan:ethertype");
        }

        switch (p.Network)
        {
            case NetworkLayerType.IPv4: sb.Append(":ip"); break;
            case NetworkLayerType.IPv6: sb.Append(":ipv6"); break;
            case NetworkLayerType.Arp: sb.Append(":arp"); break;
        }

        if (p.IsTcp)
        {
            sb.Append(":tcp");
        }
        else if (p.IsUdp)
        {
            sb.Append(":udp");
        }
        else if (p.IsIcmp)
        {
            sb.Append(p.Protocol == 1 ? ":icmp" : ":icmpv6");
        }

        if (s.Http.Count > 0)
        {
            sb.Append(":http");
        }
        else if (s.Tls.Count > 0)
        {
            sb.Append(":tls");
        }
        else if (p.IsUdp && GetDns(frame) is not null)
        {
            sb.Append(":dns");
        }

        ReadOnlySpan<char> text = sb.AsSpan();
        Span<byte> dst = s.ReserveAux(text.Length, out _);
        for (int i = 0; i < text.Length; i++)
        {
            dst[i] = (byte)text[i];
        }
    }
}
