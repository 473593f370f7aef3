namespace Forensics.Net.Pcap.Analysis;

/// <summary>Why <see cref="PacketView"/> stopped decoding a layer. Decoding never throws; it reports one of these.</summary>
public enum DecodeError
{
    /// <summary>No problem.</summary>
    None = 0,

    /// <summary>The captured bytes end inside the layer's header (often a snapshot-length cut).</summary>
    Truncated = 1,

    /// <summary>The link-layer type is not one the view decodes (the packet can still be handed to PacketDotNet).</summary>
    UnsupportedLinkType = 2,

    /// <summary>The IP version nibble is neither 4 nor 6 (or does not match the link type).</summary>
    InvalidVersion = 3,

    /// <summary>A header length field is smaller than the minimum header (IPv4 IHL &lt; 5, TCP data offset &lt; 5, UDP length &lt; 8).</summary>
    InvalidHeaderLength = 4,

    /// <summary>The IPv4 total length is smaller than its header, or an IPv6 extension header overruns the payload.</summary>
    InvalidTotalLength = 5,

    /// <summary>More VLAN tags, MPLS labels or IPv6 extension headers than the decoder follows (8, 8 and 16).</summary>
    TooManyHeaders = 6,
}
