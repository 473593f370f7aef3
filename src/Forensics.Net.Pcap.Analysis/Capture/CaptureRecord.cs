using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// One packet record of a capture. <see cref="Data"/> points into the reader's reused buffer: it is valid only until
/// the next call that reads from the same <see cref="CaptureReader"/> (or its disposal). Copy the bytes
/// (<c>record.Data.ToArray()</c>) to keep them longer.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly struct CaptureRecord
{
    private readonly byte[]? _array;
    private readonly int _start;
    private readonly int _length;

    internal CaptureRecord(byte[] array, int start, int length, long timestampNanoseconds, long originalLength, CaptureInterface captureInterface, long offset, long number)
    {
        _array = array;
        _start = start;
        _length = length;
        TimestampNanoseconds = timestampNanoseconds;
        OriginalLength = originalLength;
        Interface = captureInterface;
        Offset = offset;
        Number = number;
    }

    /// <summary>Gets the captured bytes (starting with the link-layer header). Valid until the next read; see the type remarks.</summary>
    public ReadOnlyMemory<byte> Data => new(_array, _start, _length);

    /// <summary>Gets the captured bytes as a span. Valid until the next read.</summary>
    public ReadOnlySpan<byte> Span => _array is null
        ? default
        : MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _start), _length);

    /// <summary>Gets the timestamp in nanoseconds since 1970-01-01T00:00:00Z (the interface's <c>if_tsoffset</c> applied).</summary>
    public long TimestampNanoseconds { get; }

    /// <summary>Gets the timestamp as a <see cref="DateTimeOffset"/> in UTC (100 ns precision; use <see cref="TimestampNanoseconds"/> for full precision).</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampNanoseconds / 100);

    /// <summary>Gets the number of bytes captured (the length of <see cref="Data"/>).</summary>
    public int CapturedLength => _length;

    /// <summary>Gets the length of the packet on the wire, which is larger than <see cref="CapturedLength"/> when the snapshot length cut it.</summary>
    public long OriginalLength { get; }

    /// <summary>Gets a value indicating whether the capture cut the packet (<see cref="CapturedLength"/> &lt; <see cref="OriginalLength"/>).</summary>
    public bool IsTruncated => CapturedLength < OriginalLength;

    /// <summary>Gets the interface the packet was captured on.</summary>
    public CaptureInterface Interface { get; }

    /// <summary>Gets the interface id within its pcapng section (0 for classic pcap).</summary>
    public int InterfaceId => Interface?.Id ?? 0;

    /// <summary>Gets the link-layer header type of <see cref="Data"/>.</summary>
    public LinkType LinkType => Interface?.LinkType ?? LinkType.Null;

    /// <summary>Gets the byte offset of the record (pcap record header or pcapng block) in the (decompressed) capture.</summary>
    public long Offset { get; }

    /// <summary>Gets the one-based number of the packet in the capture, as Wireshark numbers frames.</summary>
    public long Number { get; }
}
