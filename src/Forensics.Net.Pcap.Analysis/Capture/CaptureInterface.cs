namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// An interface a capture's packets were recorded on: the single implicit interface of a classic pcap file,
/// or one Interface Description Block of a pcapng section (draft-ietf-opsawg-pcapng section 4.2).
/// </summary>
public sealed class CaptureInterface
{
    internal CaptureInterface(int sectionIndex, int id, LinkType linkType, int snapLength)
    {
        SectionIndex = sectionIndex;
        Id = id;
        LinkType = linkType;
        SnapLength = snapLength;
    }

    /// <summary>Gets the zero-based index of the pcapng section that declared this interface (always 0 for classic pcap).</summary>
    public int SectionIndex { get; }

    /// <summary>Gets the interface id within its section (the order of its Interface Description Block), as packet blocks reference it.</summary>
    public int Id { get; }

    /// <summary>Gets the link-layer header type of packets on this interface.</summary>
    public LinkType LinkType { get; }

    /// <summary>Gets the snapshot length (0 means unlimited in pcapng).</summary>
    public int SnapLength { get; }

    /// <summary>Gets the interface name (<c>if_name</c>), if recorded.</summary>
    public string? Name { get; internal set; }

    /// <summary>Gets the interface description (<c>if_description</c>), if recorded.</summary>
    public string? Description { get; internal set; }

    /// <summary>Gets the capture filter (<c>if_filter</c>, string form), if recorded.</summary>
    public string? Filter { get; internal set; }

    /// <summary>
    /// Gets the raw <c>if_tsresol</c> value: high bit clear means 10^-n seconds, set means 2^-n seconds.
    /// Classic pcap files report 6 (microseconds) or 9 (nanoseconds).
    /// </summary>
    public byte TimestampResolution { get; private set; } = 6;

    /// <summary>Gets the <c>if_tsoffset</c> value in seconds added to every timestamp of this interface.</summary>
    public long TimestampOffsetSeconds { get; private set; }

    /// <summary>Gets the number of frame check sequence bytes at the end of each packet (<c>if_fcslen</c> or the pcap header's FCS field), or -1 when unknown.</summary>
    public int FcsLength { get; internal set; } = -1;

    /// <summary>Gets the packets the interface received from the start of the capture (<c>isb_ifrecv</c> of the last Interface Statistics Block), if recorded.</summary>
    public long? ReceivedPackets { get; internal set; }

    /// <summary>
    /// Gets the packets the interface dropped for lack of resources (<c>isb_ifdrop</c> of the last Interface Statistics
    /// Block), if recorded. Non-zero means the capture is incomplete.
    /// </summary>
    public long? DroppedPackets { get; internal set; }

    // Timestamp conversion to nanoseconds: ts * _multiplier, or ts / _divisor, or ts * 1e9 >> _shift.
    private long _multiplier = 1000;
    private long _divisor;
    private int _shift;
    private long _offsetNanoseconds;

    internal void SetTimestampResolution(byte value)
    {
        TimestampResolution = value;
        _multiplier = 0;
        _divisor = 0;
        _shift = 0;
        int exponent = value & 0x7F;
        if ((value & 0x80) != 0)
        {
            _shift = exponent == 0 ? 0 : Math.Min(exponent, 127);
            if (_shift == 0)
            {
                _multiplier = 1_000_000_000;
            }
        }
        else if (exponent <= 9)
        {
            _multiplier = Pow10(9 - exponent);
        }
        else
        {
            _divisor = exponent - 9 >= 19 ? long.MaxValue : Pow10(exponent - 9);
        }
    }

    internal void SetTimestampOffset(long seconds)
    {
        TimestampOffsetSeconds = seconds;
        _offsetNanoseconds = unchecked(seconds * 1_000_000_000);
    }

    /// <summary>Converts a raw timestamp in this interface's units to nanoseconds since the epoch (wrapping on absurd values, never throwing).</summary>
    internal long ToNanoseconds(ulong timestamp)
    {
        long ns;
        if (_multiplier != 0)
        {
            ns = unchecked((long)(timestamp * (ulong)_multiplier));
        }
        else if (_divisor != 0)
        {
            ns = (long)(timestamp / (ulong)_divisor);
        }
        else
        {
            ns = (long)(ulong)(((UInt128)timestamp * 1_000_000_000) >> _shift);
        }

        return unchecked(ns + _offsetNanoseconds);
    }

    private static long Pow10(int n)
    {
        long r = 1;
        for (int i = 0; i < n; i++)
        {
            r *= 10;
        }

        return r;
    }

    /// <inheritdoc />
    public override string ToString() => $"#{Id} {Name ?? "(unnamed)"} {LinkType}";
}
