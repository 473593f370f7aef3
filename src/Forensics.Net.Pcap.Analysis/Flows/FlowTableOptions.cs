namespace Forensics.Net.Pcap.Analysis;

/// <summary>Options for <see cref="FlowTable"/>.</summary>
public sealed class FlowTableOptions
{
    /// <summary>Gets the default options.</summary>
    public static FlowTableOptions Default { get; } = new();

    /// <summary>Gets a filter applied to every packet before it is counted, or <see langword="null"/> for all IP packets.</summary>
    public PacketFilter? Filter { get; init; }

    /// <summary>
    /// Gets the maximum number of flows kept (default 4,000,000, about 1 GB). Packets of new flows beyond it are
    /// counted in <see cref="FlowTable.UntrackedPacketCount"/> so that memory stays bounded on hostile captures.
    /// </summary>
    public int MaxFlows { get; init; } = 4_000_000;
}
