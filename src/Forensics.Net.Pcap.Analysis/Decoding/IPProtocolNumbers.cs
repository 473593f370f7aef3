namespace Forensics.Net.Pcap.Analysis;

/// <summary>IANA protocol numbers the decoder knows (the value of <see cref="PacketView.Protocol"/>).</summary>
public static class IPProtocolNumbers
{
    /// <summary>ICMP (1).</summary>
    public const byte Icmp = 1;

    /// <summary>TCP (6).</summary>
    public const byte Tcp = 6;

    /// <summary>UDP (17).</summary>
    public const byte Udp = 17;

    /// <summary>ICMPv6 (58).</summary>
    public const byte IcmpV6 = 58;
}
