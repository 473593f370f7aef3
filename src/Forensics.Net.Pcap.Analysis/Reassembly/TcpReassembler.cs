using System.Buffers;
using System.Net;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Reassembles the byte streams of TCP connections, per direction, from captured segments given in capture order,
/// and reports them to a <see cref="TcpStreamListener"/>: opened, data (in order), gap, overlap conflict, aborted, closed.
/// </summary>
/// <remarks>
/// <para>Follows RFC 9293: SYN and FIN each take one sequence number; sequence arithmetic is modulo 2^32
/// (wraparound), tracked internally as 64-bit stream offsets. Out-of-order segments are copied into pooled
/// buffers until the missing bytes arrive; retransmissions, keep-alives and zero-window probes are recognised;
/// overlaps follow <see cref="TcpReassemblerOptions.OverlapPolicy"/> and differing bytes are reported.</para>
/// <para>Missing data is declared a gap (with its size) when a buffer limit is reached, when the connection closes or
/// when the capture ends (<see cref="Complete"/>); the stream continues after it. Gaps are not declared from ACKs alone,
/// so heavily reordered captures still reassemble exactly. Memory is bounded by
/// <see cref="TcpReassemblerOptions.MaxBufferedBytesPerDirection"/>, <see cref="TcpReassemblerOptions.MaxBufferedBytesTotal"/>
/// and <see cref="TcpReassemblerOptions.MaxConnections"/>.</para>
/// <para>Segments that carry no payload and no SYN/FIN/RST never create a connection, so stray ACKs do not open streams.</para>
/// </remarks>
/// <example>
/// <code>
/// var reassembler = new TcpReassembler(new MyListener());
/// foreach (var packet in packets)
///     reassembler.Process(new TcpSegment(src, dst, sport, dport, seq, ack, flags, window, payload, time));
/// reassembler.Complete();
/// </code>
/// </example>
public sealed class TcpReassembler : IDisposable
{
    private const int SweepInterval = 8192;

    private static readonly TimeSpan ClosedLinger = TimeSpan.FromSeconds(30);

    private readonly Dictionary<TcpConnectionKey, TcpConnection> _connections = [];
    private readonly TcpStreamListener _listener;
    private readonly TcpReassemblerOptions _options;
    private long _nextId;
    private int _sinceSweep;
    private DateTimeOffset _latest;
    private bool _disposed;

    /// <summary>Initializes a reassembler.</summary>
    /// <param name="listener">Receives the stream events.</param>
    /// <param name="options">Limits and policies, or <see langword="null"/> for <see cref="TcpReassemblerOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="listener"/> is <see langword="null"/>.</exception>
    public TcpReassembler(TcpStreamListener listener, TcpReassemblerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listener = listener;
        _options = options ?? TcpReassemblerOptions.Default;
    }

    /// <summary>Gets the counters.</summary>
    public TcpReassemblerStatistics Statistics { get; } = new();

    /// <summary>Gets the number of connections currently tracked (open or recently closed).</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>
    /// The one entry point from decoded packets into reassembly, shared by <see cref="HttpCarver"/> and
    /// <see cref="ProtocolLog"/>: gives the packet's TCP segment (if it has one and is not an IP fragment) to <see cref="Process(in TcpSegment)"/>.
    /// </summary>
    /// <param name="packet">The decoded packet.</param>
    /// <param name="timestamp">The capture time of the packet.</param>
    internal void Process(scoped in PacketView packet, DateTimeOffset timestamp)
    {
        if (!packet.IsTcp || packet.IsFragment)
        {
            return;
        }

        Process(new TcpSegment(
            packet.SourceAddressBytes,
            packet.DestinationAddressBytes,
            packet.SourcePort,
            packet.DestinationPort,
            packet.SequenceNumber,
            packet.AcknowledgmentNumber,
            packet.TcpFlags,
            packet.Window,
            packet.Payload,
            timestamp));
    }

    /// <summary>Processes one segment. Segments must be given in capture order.</summary>
    /// <param name="segment">The segment.</param>
    /// <exception cref="ObjectDisposedException">The reassembler was disposed.</exception>
    public void Process(in TcpSegment segment)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Statistics.Segments++;
        if (segment.Timestamp > _latest)
        {
            _latest = segment.Timestamp;
        }

        if (++_sinceSweep >= SweepInterval)
        {
            _sinceSweep = 0;
            SweepIdle();
        }

        var key = TcpConnectionKey.Create(segment.SourceAddress, segment.DestinationAddress, segment.SourcePort, segment.DestinationPort, out bool sourceIsA);
        TcpFlags flags = segment.Flags;
        bool syn = (flags & TcpFlags.Syn) != 0;
        bool rst = (flags & TcpFlags.Rst) != 0;
        bool fin = (flags & TcpFlags.Fin) != 0;

        if (_connections.TryGetValue(key, out TcpConnection? conn) && conn.State != TcpConnectionState.Open)
        {
            // A fresh SYN (not SYN-ACK) on a closed four-tuple starts a new connection; anything else is late.
            if (syn && (flags & TcpFlags.Ack) == 0 && !IsSameSyn(conn, sourceIsA, segment.SequenceNumber))
            {
                _connections.Remove(key);
                conn = null;
            }
            else
            {
                Statistics.IgnoredSegments++;
                return;
            }
        }

        if (conn is null)
        {
            if (rst || (!syn && !fin && segment.Payload.IsEmpty))
            {
                Statistics.IgnoredSegments++;
                return;
            }

            conn = Open(key, segment, sourceIsA, syn, (flags & TcpFlags.Ack) != 0);
        }
        else if (syn && (flags & TcpFlags.Ack) == 0 && sourceIsA == conn.ClientIsA)
        {
            TcpDirectionState c = conn.Directions[0];
            if (c.HasIsn && c.NextSeq != unchecked(segment.SequenceNumber + 1) && (c.Delivered > 0 || c.Chunks.Count > 0))
            {
                // Port reuse without a visible close: end the old connection, start a new one.
                Close(conn, TcpCloseReason.Reused);
                _connections.Remove(key);
                conn = Open(key, segment, sourceIsA, syn: true, ack: false);
            }
        }

        conn.LastTimestamp = segment.Timestamp;
        var dir = sourceIsA == conn.ClientIsA ? TcpDirection.ClientToServer : TcpDirection.ServerToClient;
        TcpDirectionState d = conn.Directions[(int)dir];
        conn.Directions[1 - (int)dir].Window = segment.Window;

        uint dataSeq = segment.SequenceNumber;
        if (syn)
        {
            dataSeq = unchecked(dataSeq + 1);
            if (!d.HasIsn)
            {
                d.HasIsn = true;
                d.NextSeq = dataSeq;
                d.NextOffset = 0;
            }
        }

        ReadOnlySpan<byte> payload = segment.Payload;
        if (!payload.IsEmpty)
        {
            if (!d.HasIsn)
            {
                d.HasIsn = true;
                d.NextSeq = dataSeq;
                d.NextOffset = 0;
            }

            if (d.Finished || (d.HasFin && d.OffsetOf(dataSeq) >= d.FinOffset))
            {
                Statistics.IgnoredSegments++;
            }
            else
            {
                Receive(conn, dir, d, dataSeq, payload, segment.Timestamp);
            }
        }
        else if (!syn && !fin && !rst && d.HasIsn)
        {
            long off = d.OffsetOf(dataSeq);
            if (off == d.NextOffset - 1)
            {
                Statistics.KeepAlives++;
            }
        }

        if (fin)
        {
            if (!d.HasIsn)
            {
                d.HasIsn = true;
                d.NextSeq = dataSeq;
                d.NextOffset = 0;
            }

            if (!d.HasFin)
            {
                d.HasFin = true;
                d.FinOffset = d.OffsetOf(unchecked(dataSeq + (uint)payload.Length));
            }

            CheckFinished(d);
        }

        if (!rst && d.Finished && conn.State == TcpConnectionState.Open && conn.Directions[1 - (int)dir].Finished)
        {
            Close(conn, TcpCloseReason.Fin);
            return;
        }

        if (rst)
        {
            FlushAll(conn, TcpDirection.ClientToServer);
            FlushAll(conn, TcpDirection.ServerToClient);
            conn.State = TcpConnectionState.Aborted;
            _listener.OnAborted(conn);
            Close(conn, TcpCloseReason.Reset);
        }
    }

    /// <summary>
    /// Ends the capture: delivers what is still buffered (declaring gaps before it) and closes every open connection
    /// with <see cref="TcpCloseReason.EndOfCapture"/>. Call once after the last segment.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The reassembler was disposed.</exception>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (TcpConnection conn in _connections.Values.OrderBy(c => c.Id))
        {
            if (conn.State == TcpConnectionState.Open)
            {
                FlushAll(conn, TcpDirection.ClientToServer);
                FlushAll(conn, TcpDirection.ServerToClient);
                Close(conn, TcpCloseReason.EndOfCapture);
            }
        }

        _connections.Clear();
    }

    /// <summary>Returns every buffered array to the pool. Does not raise events.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (TcpConnection conn in _connections.Values)
        {
            Release(conn.Directions[0]);
            Release(conn.Directions[1]);
        }

        _connections.Clear();
    }

    private static bool IsSameSyn(TcpConnection conn, bool sourceIsA, uint seq)
    {
        TcpDirectionState c = conn.Directions[sourceIsA == conn.ClientIsA ? 0 : 1];
        return c.HasIsn && c.Delivered == 0 && c.NextSeq == unchecked(seq + 1);
    }

    private static void CheckFinished(TcpDirectionState d)
    {
        if (d.HasFin && !d.Finished && d.NextOffset >= d.FinOffset)
        {
            d.Finished = true;
        }
    }

    private TcpConnection Open(TcpConnectionKey key, in TcpSegment segment, bool sourceIsA, bool syn, bool ack)
    {
        bool sourceIsClient;
        bool midStream = !syn;
        if (syn)
        {
            sourceIsClient = !ack;
        }
        else
        {
            // Mid-stream pickup: the higher port is usually the ephemeral (client) one.
            sourceIsClient = segment.SourcePort >= segment.DestinationPort;
        }

        var src = new IPEndPoint(new IPAddress(segment.SourceAddress), segment.SourcePort);
        var dst = new IPEndPoint(new IPAddress(segment.DestinationAddress), segment.DestinationPort);
        if (_connections.Count >= _options.MaxConnections)
        {
            Evict();
        }

        var conn = sourceIsClient
            ? new TcpConnection(++_nextId, src, dst, sourceIsA, midStream, segment.Timestamp)
            : new TcpConnection(++_nextId, dst, src, !sourceIsA, midStream, segment.Timestamp);
        _connections[key] = conn;
        Statistics.Connections++;
        if (midStream)
        {
            Statistics.MidStreamPickups++;
        }

        _listener.OnOpened(conn);
        return conn;
    }

    private void Receive(TcpConnection conn, TcpDirection dir, TcpDirectionState d, uint seq, ReadOnlySpan<byte> payload, DateTimeOffset ts)
    {
        long start = d.OffsetOf(seq);
        long end = start + payload.Length;
        if (d.HasFin && end > d.FinOffset)
        {
            end = d.FinOffset;
            payload = payload[..(int)Math.Max(0, end - start)];
        }

        if (end <= d.NextOffset)
        {
            if (payload.Length <= 1 && end == d.NextOffset)
            {
                Statistics.KeepAlives++;
            }
            else
            {
                Statistics.Retransmissions++;
            }

            return;
        }

        if (start <= d.NextOffset)
        {
            if (payload.Length == 1 && d.Window == 0)
            {
                Statistics.ZeroWindowProbes++;
            }

            Deliver(conn, dir, d, payload[(int)(d.NextOffset - start)..], ts);
            Drain(conn, dir, d, ts);
            return;
        }

        // Out of order: buffer.
        Statistics.OutOfOrderSegments++;
        if (d.Buffered + payload.Length > _options.MaxBufferedBytesPerDirection
            || Statistics.BufferedBytes + payload.Length > _options.MaxBufferedBytesTotal)
        {
            Statistics.BufferOverflows++;
            _listener.OnBufferOverflow(conn, dir);
            FlushAll(conn, dir);
            if (Statistics.BufferedBytes + payload.Length > _options.MaxBufferedBytesTotal)
            {
                FlushEverything();
            }

            if (start > d.NextOffset && (d.Buffered + payload.Length > _options.MaxBufferedBytesPerDirection || Statistics.BufferedBytes + payload.Length > _options.MaxBufferedBytesTotal))
            {
                // Even an empty buffer cannot hold this segment: the bytes before it are missing.
                Gap(conn, dir, d, start - d.NextOffset);
            }

            if (start <= d.NextOffset)
            {
                if (end > d.NextOffset)
                {
                    Deliver(conn, dir, d, payload[(int)(d.NextOffset - start)..], ts);
                }

                return;
            }
        }

        Insert(conn, dir, d, start, payload);
    }

    private void Insert(TcpConnection conn, TcpDirection dir, TcpDirectionState d, long start, ReadOnlySpan<byte> payload)
    {
        long end = start + payload.Length;
        long cursor = start;
        List<TcpDirectionState.Chunk> chunks = d.Chunks;
        bool overlapped = false;

        // Chunks are sorted by start descending: walk from the end (lowest start) upwards.
        for (int i = chunks.Count - 1; i >= 0 && cursor < end; i--)
        {
            TcpDirectionState.Chunk c = chunks[i];
            if (c.End <= cursor)
            {
                continue;
            }

            if (c.Start >= end)
            {
                break;
            }

            if (c.Start > cursor)
            {
                AddChunk(d, cursor, payload.Slice((int)(cursor - start), (int)(c.Start - cursor)));
                i++; // the list shifted: re-examine the same chunk
                cursor = c.Start;
                continue;
            }

            overlapped = true;
            long os = Math.Max(c.Start, cursor);
            long oe = Math.Min(c.End, end);
            Span<byte> kept = c.Array.AsSpan((int)(os - c.Start), (int)(oe - os));
            ReadOnlySpan<byte> incoming = payload.Slice((int)(os - start), (int)(oe - os));
            if (!kept.SequenceEqual(incoming))
            {
                Statistics.OverlapConflicts++;
                _listener.OnOverlapConflict(conn, dir, os, (int)(oe - os));
                if (_options.OverlapPolicy == TcpOverlapPolicy.LastWins)
                {
                    incoming.CopyTo(kept);
                }
            }

            cursor = oe;
        }

        if (cursor < end)
        {
            AddChunk(d, cursor, payload[(int)(cursor - start)..]);
        }

        if (overlapped)
        {
            Statistics.Overlaps++;
        }
    }

    private void AddChunk(TcpDirectionState d, long start, ReadOnlySpan<byte> data)
    {
        byte[] array = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(array);
        var chunk = new TcpDirectionState.Chunk(start, array, data.Length);
        List<TcpDirectionState.Chunk> chunks = d.Chunks;

        // Find the insertion index in the descending list (binary search on Start).
        int lo = 0, hi = chunks.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (chunks[mid].Start > start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        chunks.Insert(lo, chunk);
        d.Buffered += data.Length;
        Statistics.BufferedBytes += data.Length;
        if (Statistics.BufferedBytes > Statistics.PeakBufferedBytes)
        {
            Statistics.PeakBufferedBytes = Statistics.BufferedBytes;
        }
    }

    private void Deliver(TcpConnection conn, TcpDirection dir, TcpDirectionState d, ReadOnlySpan<byte> data, DateTimeOffset ts)
    {
        if (data.IsEmpty)
        {
            return;
        }

        d.Advance(data.Length);
        d.Delivered += data.Length;
        Statistics.BytesDelivered += data.Length;
        _listener.OnData(conn, dir, data, ts);
        CheckFinished(d);
    }

    private void Drain(TcpConnection conn, TcpDirection dir, TcpDirectionState d, DateTimeOffset ts)
    {
        List<TcpDirectionState.Chunk> chunks = d.Chunks;
        while (chunks.Count > 0)
        {
            TcpDirectionState.Chunk c = chunks[^1];
            if (c.Start > d.NextOffset)
            {
                return;
            }

            chunks.RemoveAt(chunks.Count - 1);
            d.Buffered -= c.Length;
            Statistics.BufferedBytes -= c.Length;
            if (c.End > d.NextOffset)
            {
                long end = d.HasFin ? Math.Min(c.End, d.FinOffset) : c.End;
                if (end > d.NextOffset)
                {
                    Deliver(conn, dir, d, c.Array.AsSpan((int)(d.NextOffset - c.Start), (int)(end - d.NextOffset)), ts);
                }
            }

            c.Return();
        }
    }

    private void Gap(TcpConnection conn, TcpDirection dir, TcpDirectionState d, long length)
    {
        if (length <= 0)
        {
            return;
        }

        d.Advance(length);
        d.GapBytes += length;
        Statistics.Gaps++;
        Statistics.GapBytes += length;
        _listener.OnGap(conn, dir, length);
        CheckFinished(d);
    }

    /// <summary>Delivers every buffered chunk of one direction, declaring the holes before them as gaps.</summary>
    private void FlushAll(TcpConnection conn, TcpDirection dir)
    {
        TcpDirectionState d = conn.Directions[(int)dir];
        while (d.Chunks.Count > 0)
        {
            TcpDirectionState.Chunk c = d.Chunks[^1];
            if (c.Start > d.NextOffset)
            {
                Gap(conn, dir, d, c.Start - d.NextOffset);
            }

            Drain(conn, dir, d, conn.LastTimestamp);
        }
    }

    private void FlushEverything()
    {
        foreach (TcpConnection conn in _connections.Values)
        {
            if (conn.State == TcpConnectionState.Open)
            {
                FlushAll(conn, TcpDirection.ClientToServer);
                FlushAll(conn, TcpDirection.ServerToClient);
            }
        }
    }

    private void Close(TcpConnection conn, TcpCloseReason reason)
    {
        Release(conn.Directions[0]);
        Release(conn.Directions[1]);
        if (conn.State == TcpConnectionState.Open)
        {
            conn.State = TcpConnectionState.Closed;
        }

        _listener.OnClosed(conn, reason);
    }

    private void Release(TcpDirectionState d)
    {
        foreach (TcpDirectionState.Chunk c in d.Chunks)
        {
            Statistics.BufferedBytes -= c.Length;
            c.Return();
        }

        d.Chunks.Clear();
        d.Buffered = 0;
    }

    private void SweepIdle()
    {
        DateTimeOffset limit = _latest - _options.IdleTimeout;

        // Closed connections are kept briefly so that late segments (last ACKs, retransmitted FINs) do not reopen them.
        DateTimeOffset closedLimit = _latest - TimeSpan.FromTicks(Math.Min(_options.IdleTimeout.Ticks, ClosedLinger.Ticks));
        List<KeyValuePair<TcpConnectionKey, TcpConnection>>? stale = null;
        foreach (KeyValuePair<TcpConnectionKey, TcpConnection> pair in _connections)
        {
            if (pair.Value.LastTimestamp < (pair.Value.State == TcpConnectionState.Open ? limit : closedLimit))
            {
                (stale ??= []).Add(pair);
            }
        }

        if (stale is null)
        {
            return;
        }

        foreach (KeyValuePair<TcpConnectionKey, TcpConnection> pair in stale)
        {
            _connections.Remove(pair.Key);
            if (pair.Value.State == TcpConnectionState.Open)
            {
                FlushAll(pair.Value, TcpDirection.ClientToServer);
                FlushAll(pair.Value, TcpDirection.ServerToClient);
                Close(pair.Value, TcpCloseReason.IdleTimeout);
            }
        }
    }

    private void Evict()
    {
        // Closed connections first, then the least recently seen eighth of the table.
        var ordered = _connections
            .OrderBy(p => p.Value.State == TcpConnectionState.Open ? 1 : 0)
            .ThenBy(p => p.Value.LastTimestamp)
            .Take(Math.Max(1, _connections.Count / 8))
            .ToList();
        foreach (KeyValuePair<TcpConnectionKey, TcpConnection> pair in ordered)
        {
            _connections.Remove(pair.Key);
            if (pair.Value.State == TcpConnectionState.Open)
            {
                Statistics.Evictions++;
                FlushAll(pair.Value, TcpDirection.ClientToServer);
                FlushAll(pair.Value, TcpDirection.ServerToClient);
                Close(pair.Value, TcpCloseReason.Evicted);
            }
        }
    }
}
