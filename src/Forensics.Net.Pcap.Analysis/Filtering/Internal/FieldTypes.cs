
namespace Forensics.Net.Pcap.Analysis.Internal;

internal enum FType : byte
{
    None,
    UInt,
    Int,
    Bool,
    Double,
    Ipv4,
    Ipv6,
    Mac,
    Bytes,
    String,
    AbsTime,
    RelTime,
    Protocol,
}

/// <summary>One field occurrence. Byte-like values point into the frame (Src 0) or the frame state's aux buffer (Src 1).</summary>
internal struct FValue
{
    public FType Type;
    public byte Src;
    public int Off;
    public int Len;
    public long N;
    public double D;
    public short Prefix; // CIDR prefix + 1 on literals, 0 = none

    public static FValue Num(FType t, long n) => new() { Type = t, N = n };

    public static FValue Bytes(FType t, byte src, int off, int len) => new() { Type = t, Src = src, Off = off, Len = len };
}

internal enum Disp : byte
{
    Dec,
    Hex,
}

internal enum F
{
    Frame, FrameNumber, FrameTime, FrameTimeEpoch, FrameTimeRelative, FrameTimeDelta, FrameLen, FrameCapLen, FrameInterfaceId, FrameProtocols,
    Eth, EthSrc, EthDst, EthAddr, EthType,
    Vlan, VlanId, VlanPriority, VlanEtype,
    Sll, SllPktType, SllHaType, SllHaLen, SllSrcEth, SllEtype, SllIfIndex,
    Arp, ArpHwType, ArpProtoType, ArpHwSize, ArpProtoSize, ArpOpcode, ArpSrcHwMac, ArpSrcProtoIpv4, ArpDstHwMac, ArpDstProtoIpv4,
    Ip, IpVersion, IpHdrLen, IpDsfield, IpDscp, IpEcn, IpLen, IpId, IpFlags, IpFlagsRb, IpFlagsDf, IpFlagsMf, IpFragOffset, IpTtl, IpProto, IpChecksum, IpSrc, IpDst, IpAddr,
    Ipv6, Ipv6Version, Ipv6Tclass, Ipv6Flow, Ipv6Plen, Ipv6Nxt, Ipv6Hlim, Ipv6Src, Ipv6Dst, Ipv6Addr,
    Icmp, IcmpType, IcmpCode, IcmpChecksum, Icmpv6, Icmpv6Type, Icmpv6Code,
    Tcp, TcpSrcPort, TcpDstPort, TcpPort, TcpStream, TcpLen, TcpSeq, TcpSeqRaw, TcpAck, TcpAckRaw, TcpNxtSeq, TcpHdrLen, TcpFlags,
    TcpFlagsSyn, TcpFlagsAck, TcpFlagsFin, TcpFlagsReset, TcpFlagsPush, TcpFlagsUrg, TcpFlagsEce, TcpFlagsCwr,
    TcpWindowSizeValue, TcpWindowSize, TcpChecksum, TcpUrgentPointer, TcpPayload, TcpRetransmission,
    Udp, UdpSrcPort, UdpDstPort, UdpPort, UdpLength, UdpChecksum, UdpStream, UdpPayload,
    Dns, DnsId, DnsFlags, DnsFlagsResponse, DnsFlagsOpcode, DnsFlagsRcode, DnsCountQueries, DnsCountAnswers, DnsCountAuth, DnsCountAdd,
    DnsQryName, DnsQryType, DnsQryClass, DnsRespName, DnsRespType, DnsRespTtl, DnsA, DnsAaaa, DnsCname,
    Http, HttpRequest, HttpResponse, HttpRequestMethod, HttpRequestUri, HttpRequestFullUri, HttpRequestVersion, HttpResponseVersion,
    HttpHost, HttpUserAgent, HttpReferer, HttpCookie, HttpAuthorization, HttpResponseCode, HttpResponsePhrase, HttpContentType,
    HttpContentLength, HttpTransferEncoding, HttpContentEncoding, HttpServer, HttpLocation, HttpFileData,
    Tls, TlsRecordContentType, TlsRecordVersion, TlsRecordLength, TlsHandshakeType, TlsHandshakeVersion, TlsHandshakeCiphersuite, TlsSni,
}

internal sealed record FieldDef(string Name, F Id, FType Type, Disp Disp = Disp.Dec, int HexDigits = 0, string Layer = "");
