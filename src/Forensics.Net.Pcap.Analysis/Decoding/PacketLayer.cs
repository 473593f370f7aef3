namespace Forensics.Net.Pcap.Analysis;

/// <summary>A protocol layer of a decoded packet, used by <see cref="PacketView.ErrorLayer"/>.</summary>
public enum PacketLayer
{
    /// <summary>No layer (no error).</summary>
    None = 0,

    /// <summary>The link layer: Ethernet, VLAN tags, Linux SLL/SLL2, BSD loopback, PPPoE, MPLS.</summary>
    Link = 1,

    /// <summary>The network layer: IPv4 (with options) or IPv6 (with extension headers).</summary>
    Network = 2,

    /// <summary>The transport layer: TCP, UDP, ICMP or ICMPv6.</summary>
    Transport = 3,
}
