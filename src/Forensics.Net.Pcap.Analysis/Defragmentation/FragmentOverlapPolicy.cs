namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// What <see cref="IPv4Defragmenter"/> does when a fragment overlaps bytes already received. Operating systems
/// differ here (the basis of fragmentation-overlap evasion attacks), so pick the one that matches the target host.
/// </summary>
public enum FragmentOverlapPolicy
{
    /// <summary>Keep the bytes that arrived first; a later fragment only fills gaps (default).</summary>
    First = 0,

    /// <summary>A later fragment overwrites bytes already received.</summary>
    Last = 1,

    /// <summary>Discard the whole datagram on any overlap, as RFC 5722 requires for IPv6 (exact duplicates are still accepted).</summary>
    Drop = 2,
}
