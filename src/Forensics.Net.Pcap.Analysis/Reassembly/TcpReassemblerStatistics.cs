namespace Forensics.Net.Pcap.Analysis;

/// <summary>Counters kept by a <see cref="TcpReassembler"/> (read them at any time; they only grow).</summary>
public sealed class TcpReassemblerStatistics
{
    /// <summary>Gets the number of segments given to <see cref="TcpReassembler.Process(in TcpSegment)"/>.</summary>
    public long Segments { get; internal set; }

    /// <summary>Gets the number of connections opened.</summary>
    public long Connections { get; internal set; }

    /// <summary>Gets the number of connections picked up without seeing their SYN.</summary>
    public long MidStreamPickups { get; internal set; }

    /// <summary>Gets the number of payload bytes delivered in order.</summary>
    public long BytesDelivered { get; internal set; }

    /// <summary>Gets the number of segments that arrived ahead of missing data and were buffered.</summary>
    public long OutOfOrderSegments { get; internal set; }

    /// <summary>Gets the number of segments whose data had all been seen before (retransmissions).</summary>
    public long Retransmissions { get; internal set; }

    /// <summary>Gets the number of keep-alive probes (zero or one byte just below the next expected sequence number).</summary>
    public long KeepAlives { get; internal set; }

    /// <summary>Gets the number of one-byte segments sent while the peer advertised a zero window (zero-window probes).</summary>
    public long ZeroWindowProbes { get; internal set; }

    /// <summary>Gets the number of segments overlapping buffered data.</summary>
    public long Overlaps { get; internal set; }

    /// <summary>Gets the number of overlaps whose bytes differed from the data kept.</summary>
    public long OverlapConflicts { get; internal set; }

    /// <summary>Gets the number of gaps declared.</summary>
    public long Gaps { get; internal set; }

    /// <summary>Gets the number of bytes missing in declared gaps.</summary>
    public long GapBytes { get; internal set; }

    /// <summary>Gets the number of times a buffer limit forced a flush.</summary>
    public long BufferOverflows { get; internal set; }

    /// <summary>Gets the number of connections evicted because the table was full.</summary>
    public long Evictions { get; internal set; }

    /// <summary>Gets the number of segments ignored (for closed connections, bare ACKs of unknown connections, data after FIN).</summary>
    public long IgnoredSegments { get; internal set; }

    /// <summary>Gets the out-of-order bytes currently buffered over all connections.</summary>
    public long BufferedBytes { get; internal set; }

    /// <summary>Gets the most out-of-order bytes ever buffered at once.</summary>
    public long PeakBufferedBytes { get; internal set; }
}
