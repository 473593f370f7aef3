namespace Forensics.Net.Pcap.Analysis;

/// <summary>The network-layer protocol found by <see cref="PacketView"/>.</summary>
public enum NetworkLayerType
{
    /// <summary>Nothing was decoded at the network layer (unsupported link type or a link-layer error).</summary>
    None = 0,

    /// <summary>IPv4.</summary>
    IPv4 = 4,

    /// <summary>IPv6.</summary>
    IPv6 = 6,

    /// <summary>ARP (EtherType 0x0806); not decoded further.</summary>
    Arp = 0x0806,

    /// <summary>Another EtherType or protocol family; see <see cref="PacketView.EtherType"/>.</summary>
    Other = -1,
}
