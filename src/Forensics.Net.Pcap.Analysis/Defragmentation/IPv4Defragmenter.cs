using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Reassembles IPv4 fragments (RFC 791 section 3.2, RFC 815) into whole datagrams with bounded memory: at most
/// <see cref="IPv4DefragmenterOptions.MaxPendingDatagrams"/> incomplete datagrams and
/// <see cref="IPv4DefragmenterOptions.MaxPendingBytes"/> bytes, each expiring <see cref="IPv4DefragmenterOptions.Timeout"/>
/// after its first fragment (capture time). Datagrams are keyed by (source, destination, protocol, identification).
/// A reassembled datagram larger than 65,535 bytes (ping of death) is dropped. Overlaps follow
/// <see cref="IPv4DefragmenterOptions.OverlapPolicy"/>, tracked at the 8-byte granularity of fragment offsets.
/// </summary>
/// <example>
/// <code>
/// var defrag = new IPv4Defragmenter();
/// var packet = new PacketView(record);
/// if (defrag.Process(packet, record.TimestampNanoseconds, out ReadOnlyMemory&lt;byte&gt; datagram) == DefragmentationResult.Complete)
/// {
///     var whole = new PacketView(datagram.Span, LinkType.IPv4); // decoded with ports
/// }
/// </code>
/// </example>
public sealed class IPv4Defragmenter
{
    private const int MaxDatagram = 65_535;
    private readonly IPv4DefragmenterOptions _options;
    private readonly Dictionary<Key, Pending> _pending = [];
    private readonly long _timeoutNanoseconds;
    private long _pendingBytes;
    private long _lastSweep = long.MinValue;

    /// <summary>Creates a defragmenter.</summary>
    /// <param name="options">Limits and policy, or <see langword="null"/> for <see cref="IPv4DefragmenterOptions.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is not positive.</exception>
    public IPv4Defragmenter(IPv4DefragmenterOptions? options = null)
    {
        _options = options ?? IPv4DefragmenterOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.Timeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxPendingDatagrams, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxPendingBytes, nameof(options));
        _timeoutNanoseconds = _options.Timeout.Ticks * 100;
    }

    /// <summary>Gets the number of incomplete datagrams held.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Gets the bytes buffered for incomplete datagrams.</summary>
    public long PendingBytes => _pendingBytes;

    /// <summary>Gets the number of datagrams reassembled.</summary>
    public long CompletedCount { get; private set; }

    /// <summary>Gets the number of incomplete datagrams discarded (timeout, eviction, overlap under Drop, oversize).</summary>
    public long DroppedCount { get; private set; }

    /// <summary>Gets the number of fragments that overlapped bytes already received.</summary>
    public long OverlapCount { get; private set; }

    /// <summary>Feeds one packet.</summary>
    /// <param name="packet">A decoded packet; anything but an IPv4 fragment returns <see cref="DefragmentationResult.NotFragment"/>.</param>
    /// <param name="timestampNanoseconds">The packet's capture time, used for timeouts.</param>
    /// <param name="datagram">On <see cref="DefragmentationResult.Complete"/>, the whole IPv4 datagram (header of the first
    /// fragment with flags, offset, total length and checksum fixed) in a new array the caller may keep; otherwise empty.</param>
    /// <returns>What happened to the packet.</returns>
    public DefragmentationResult Process(scoped in PacketView packet, long timestampNanoseconds, out ReadOnlyMemory<byte> datagram)
    {
        datagram = default;
        if (packet.Network != NetworkLayerType.IPv4 || !packet.IsFragment || !packet.HasAddresses)
        {
            return DefragmentationResult.NotFragment;
        }

        Sweep(timestampNanoseconds);
        ReadOnlySpan<byte> header = packet.NetworkHeader;
        ReadOnlySpan<byte> payload = packet.NetworkPacket[header.Length..];
        int offset = packet.FragmentOffset;
        bool last = !packet.MoreFragments;
        if (packet.IsTruncated || (!last && (payload.Length & 7) != 0) || offset + payload.Length + header.Length > MaxDatagram)
        {
            // A cut fragment cannot be reassembled; a non-final fragment must carry a multiple of 8 bytes.
            DroppedCount++;
            return DefragmentationResult.Dropped;
        }

        var key = new Key(
            BinaryPrimitives.ReadUInt32BigEndian(packet.SourceAddressBytes),
            BinaryPrimitives.ReadUInt32BigEndian(packet.DestinationAddressBytes),
            packet.Identification,
            packet.Protocol);
        ref Pending? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_pending, key, out bool exists);
        if (!exists)
        {
            slot = new Pending(timestampNanoseconds);
        }

        Pending entry = slot!;
        long before = exists ? entry.Capacity : 0;
        bool ok = entry.Add(header, payload, offset, last, _options.OverlapPolicy, out bool overlapped);
        _pendingBytes += entry.Capacity - before;
        if (overlapped)
        {
            OverlapCount++;
        }

        if (!ok)
        {
            Remove(key, entry);
            DroppedCount++;
            return DefragmentationResult.Dropped;
        }

        if (entry.TryComplete(out byte[]? whole))
        {
            Remove(key, entry);
            CompletedCount++;
            datagram = whole;
            return DefragmentationResult.Complete;
        }

        EnforceLimits(key);
        return _pending.ContainsKey(key) ? DefragmentationResult.Incomplete : DefragmentationResult.Dropped;
    }

    /// <summary>Discards incomplete datagrams whose first fragment is older than the timeout at <paramref name="nowNanoseconds"/>.</summary>
    /// <param name="nowNanoseconds">The current capture time.</param>
    /// <returns>The number of datagrams discarded.</returns>
    public int Expire(long nowNanoseconds)
    {
        int removed = 0;
        foreach ((Key key, Pending entry) in _pending)
        {
            if (nowNanoseconds - entry.FirstSeen > _timeoutNanoseconds)
            {
                Remove(key, entry);
                removed++;
            }
        }

        DroppedCount += removed;
        return removed;
    }

    private void Sweep(long now)
    {
        if (_pending.Count > 0 && (_lastSweep == long.MinValue || now - _lastSweep > _timeoutNanoseconds / 8))
        {
            _lastSweep = now;
            Expire(now);
        }
    }

    private void EnforceLimits(Key current)
    {
        while (_pending.Count > _options.MaxPendingDatagrams || _pendingBytes > _options.MaxPendingBytes)
        {
            Key oldest = current;
            long oldestTime = long.MaxValue;
            foreach ((Key key, Pending entry) in _pending)
            {
                if (entry.FirstSeen < oldestTime)
                {
                    oldestTime = entry.FirstSeen;
                    oldest = key;
                }
            }

            Remove(oldest, _pending[oldest]);
            DroppedCount++;
        }
    }

    private void Remove(Key key, Pending entry)
    {
        _pendingBytes -= entry.Capacity;
        _pending.Remove(key);
    }

    private readonly record struct Key(uint Source, uint Destination, uint Identification, byte Protocol);

    private sealed class Pending(long firstSeen)
    {
        private readonly ulong[] _received = new ulong[(MaxDatagram / 8 / 64) + 1];
        private byte[] _payload = [];
        private byte[]? _header;
        private int _total = -1;

        public long FirstSeen { get; } = firstSeen;

        public long Capacity => _payload.Length + (_header?.Length ?? 0) + (_received.Length * 8);

        public bool Add(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, int offset, bool last, FragmentOverlapPolicy policy, out bool overlapped)
        {
            overlapped = false;
            int end = offset + payload.Length;
            if (last)
            {
                if (_total >= 0 && _total != end)
                {
                    return false; // two different ends: inconsistent datagram
                }

                _total = end;
            }
            else if (_total >= 0 && end > _total)
            {
                return false; // data beyond the final fragment
            }

            if (offset == 0 && _header is null)
            {
                _header = header.ToArray();
            }

            if (_payload.Length < end)
            {
                byte[] larger = new byte[Math.Min(MaxDatagram, Math.Max(end, _payload.Length * 2))];
                _payload.CopyTo(larger, 0);
                _payload = larger;
            }

            int firstUnit = offset / 8;
            int lastUnit = (end + 7) / 8;
            for (int unit = firstUnit; unit < lastUnit; unit++)
            {
                int start = unit * 8;
                int length = Math.Min(8, end - start);
                ReadOnlySpan<byte> source = payload.Slice(start - offset, length);
                bool seen = (_received[unit >> 6] & (1UL << (unit & 63))) != 0;
                if (seen)
                {
                    if (!source.SequenceEqual(_payload.AsSpan(start, length)))
                    {
                        overlapped = true;
                        if (policy == FragmentOverlapPolicy.Drop)
                        {
                            return false;
                        }

                        if (policy == FragmentOverlapPolicy.Last)
                        {
                            source.CopyTo(_payload.AsSpan(start));
                        }
                    }

                    continue;
                }

                source.CopyTo(_payload.AsSpan(start));
                _received[unit >> 6] |= 1UL << (unit & 63);
            }

            return true;
        }

        public bool TryComplete(out byte[]? datagram)
        {
            datagram = null;
            if (_total < 0 || _header is null)
            {
                return false;
            }

            int units = (_total + 7) / 8;
            for (int unit = 0; unit < units; unit++)
            {
                if ((_received[unit >> 6] & (1UL << (unit & 63))) == 0)
                {
                    return false;
                }
            }

            datagram = new byte[_header.Length + _total];
            _header.CopyTo(datagram, 0);
            _payload.AsSpan(0, _total).CopyTo(datagram.AsSpan(_header.Length));
            Span<byte> h = datagram.AsSpan(0, _header.Length);
            BinaryPrimitives.WriteUInt16BigEndian(h[2..], (ushort)datagram.Length);
            BinaryPrimitives.WriteUInt16BigEndian(h[6..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(h[6..]) & 0x4000));
            h[10] = 0;
            h[11] = 0;
            uint sum = 0;
            for (int i = 0; i < h.Length; i += 2)
            {
                sum += BinaryPrimitives.ReadUInt16BigEndian(h[i..]);
            }

            while (sum > 0xFFFF)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }

            BinaryPrimitives.WriteUInt16BigEndian(h[10..], (ushort)~sum);
            return true;
        }
    }
}
