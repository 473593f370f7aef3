namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Receives the events of a <see cref="TcpReassembler"/>. Override what you need; every method does nothing by default.
/// Events of one connection come in order: <see cref="OnOpened"/>, then data and gaps per direction in sequence order,
/// then exactly one of <see cref="OnClosed"/> (after <see cref="OnAborted"/> for a RST).
/// </summary>
public abstract class TcpStreamListener
{
    /// <summary>Called when a connection is first seen (SYN, or data on mid-stream pickup).</summary>
    /// <param name="connection">The connection.</param>
    public virtual void OnOpened(TcpConnection connection)
    {
    }

    /// <summary>Called with the next in-order bytes of one direction. The span is valid only during the call.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="direction">The direction of the bytes.</param>
    /// <param name="data">The bytes, following the previous data or gap of this direction.</param>
    /// <param name="timestamp">The capture time of the segment that carried them.</param>
    public virtual void OnData(TcpConnection connection, TcpDirection direction, ReadOnlySpan<byte> data, DateTimeOffset timestamp)
    {
    }

    /// <summary>Called when bytes are known to be missing from the capture; the stream continues after them.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="direction">The direction with the hole.</param>
    /// <param name="length">The number of missing bytes.</param>
    public virtual void OnGap(TcpConnection connection, TcpDirection direction, long length)
    {
    }

    /// <summary>Called when two captured segments carry different bytes for the same sequence numbers.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="direction">The direction.</param>
    /// <param name="streamOffset">The offset in the direction's byte stream where the conflicting range starts.</param>
    /// <param name="length">The length of the overlapping range.</param>
    public virtual void OnOverlapConflict(TcpConnection connection, TcpDirection direction, long streamOffset, int length)
    {
    }

    /// <summary>Called when a buffer limit forced buffered data to be delivered early (with a gap before it).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="direction">The direction that was flushed.</param>
    public virtual void OnBufferOverflow(TcpConnection connection, TcpDirection direction)
    {
    }

    /// <summary>Called when a RST closes the connection, just before <see cref="OnClosed"/>.</summary>
    /// <param name="connection">The connection.</param>
    public virtual void OnAborted(TcpConnection connection)
    {
    }

    /// <summary>Called once when the connection ends, after all its data and gaps were delivered.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="reason">Why it ended.</param>
    public virtual void OnClosed(TcpConnection connection, TcpCloseReason reason)
    {
    }
}
