namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A link-layer header type (LINKTYPE_* value) as stored in a pcap file header or a pcapng
/// Interface Description Block. Values not named here are still valid: cast the number.
/// </summary>
/// <remarks>See the tcpdump.org "Link-layer header types" registry and draft-ietf-opsawg-pcaplinktype.</remarks>
public enum LinkType
{
    /// <summary>BSD loopback (LINKTYPE_NULL, 0): a 4-byte protocol family in the writer's byte order.</summary>
    Null = 0,

    /// <summary>Ethernet II / IEEE 802.3 (LINKTYPE_ETHERNET, 1).</summary>
    Ethernet = 1,

    /// <summary>PPP (LINKTYPE_PPP, 9). Not decoded beyond the link layer.</summary>
    Ppp = 9,

    /// <summary>Raw IP as DLT_RAW on most BSDs and Linux (value 12); decoded as raw IPv4/IPv6.</summary>
    RawLegacy = 12,

    /// <summary>Raw IP as DLT_RAW on OpenBSD (value 14); decoded as raw IPv4/IPv6.</summary>
    RawOpenBsd = 14,

    /// <summary>Raw IPv4 or IPv6, version taken from the first nibble (LINKTYPE_RAW, 101).</summary>
    Raw = 101,

    /// <summary>IEEE 802.11 wireless (LINKTYPE_IEEE802_11, 105). Not decoded beyond the link layer.</summary>
    Ieee80211 = 105,

    /// <summary>OpenBSD loopback (LINKTYPE_LOOP, 108): a 4-byte protocol family in network byte order.</summary>
    Loop = 108,

    /// <summary>Linux "cooked" capture v1 (LINKTYPE_LINUX_SLL, 113): 16-byte header.</summary>
    LinuxSll = 113,

    /// <summary>Raw IPv4 (LINKTYPE_IPV4, 228).</summary>
    IPv4 = 228,

    /// <summary>Raw IPv6 (LINKTYPE_IPV6, 229).</summary>
    IPv6 = 229,

    /// <summary>Linux "cooked" capture v2 (LINKTYPE_LINUX_SLL2, 276): 20-byte header.</summary>
    LinuxSll2 = 276,
}
