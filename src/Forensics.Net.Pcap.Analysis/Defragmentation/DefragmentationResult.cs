namespace Forensics.Net.Pcap.Analysis;

/// <summary>The outcome of <see cref="IPv4Defragmenter.Process"/>.</summary>
public enum DefragmentationResult
{
    /// <summary>The packet is not an IPv4 fragment: use it as it is.</summary>
    NotFragment = 0,

    /// <summary>The fragment was buffered; the datagram is not complete yet.</summary>
    Incomplete = 1,

    /// <summary>The fragment completed a datagram, returned in the <c>datagram</c> argument.</summary>
    Complete = 2,

    /// <summary>The fragment (or its whole datagram) was discarded: invalid, too large, overlapping under <see cref="FragmentOverlapPolicy.Drop"/>, or over a limit.</summary>
    Dropped = 3,
}
