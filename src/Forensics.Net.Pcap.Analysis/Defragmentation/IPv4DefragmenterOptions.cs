namespace Forensics.Net.Pcap.Analysis;

/// <summary>Limits and policy for <see cref="IPv4Defragmenter"/>. Memory is bounded by <see cref="MaxPendingBytes"/>.</summary>
public sealed class IPv4DefragmenterOptions
{
    /// <summary>Gets the default options.</summary>
    public static IPv4DefragmenterOptions Default { get; } = new();

    /// <summary>Gets how long (capture time) an incomplete datagram is kept after its first fragment. Default 30 s (Linux's ipfrag_time; RFC 791 suggests 15 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the maximum number of incomplete datagrams (default 4096); the oldest is evicted beyond it.</summary>
    public int MaxPendingDatagrams { get; init; } = 4096;

    /// <summary>Gets the maximum bytes buffered for incomplete datagrams (default 32 MiB); the oldest are evicted beyond it.</summary>
    public long MaxPendingBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Gets the overlap policy. Default <see cref="FragmentOverlapPolicy.First"/>.</summary>
    public FragmentOverlapPolicy OverlapPolicy { get; init; } = FragmentOverlapPolicy.First;
}
