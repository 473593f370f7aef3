namespace Forensics.Net.FileSignatures.Internal;

/// <summary>Extra byte ranges fetched beyond the header (tail, ZIP central directory, CFB sectors).</summary>
internal sealed class ExtraRanges
{
    private readonly List<(long Offset, byte[] Data)> _ranges = [];

    public long TotalBytes { get; private set; }

    public void Add(long offset, byte[] data)
    {
        _ranges.Add((offset, data));
        TotalBytes += data.Length;
    }

    public bool TryGet(long offset, int length, out ReadOnlySpan<byte> span)
    {
        foreach (var (start, data) in _ranges)
        {
            if (offset >= start && offset + length <= start + data.Length)
            {
                span = data.AsSpan((int)(offset - start), length);
                return true;
            }
        }

        span = default;
        return false;
    }
}

/// <summary>
/// The bytes one detection pass may look at: the header, plus ranges already fetched. A read of bytes not
/// yet available records what is needed so the driver (sync or async) can fetch it and run the pass again.
/// </summary>
internal ref struct DataView
{
    private readonly ExtraRanges? _extras;
    private readonly bool _final;

    public DataView(ReadOnlySpan<byte> head, long length, ExtraRanges? extras, bool final)
    {
        Head = head;
        Length = length;
        _extras = extras;
        _final = final;
    }

    /// <summary>Gets the first bytes of the input.</summary>
    public ReadOnlySpan<byte> Head { get; }

    /// <summary>Gets the total input length, or -1 when unknown.</summary>
    public long Length { get; }

    /// <summary>Gets a value indicating whether the head is the whole input.</summary>
    public readonly bool HeadIsAll => Length >= 0 && Head.Length >= Length;

    public long NeedOffset { get; private set; }

    public int NeedLength { get; private set; }

    public bool HasNeed { get; private set; }

    /// <summary>Reads a range, or returns false (and, unless this is the final pass, records the need).</summary>
    public bool TryRead(long offset, int length, out ReadOnlySpan<byte> span)
    {
        if (TryPeek(offset, length, out span))
        {
            return true;
        }

        if (!_final && !HasNeed && offset >= 0 && length > 0 && Length >= 0 && offset + length <= Length)
        {
            HasNeed = true;
            NeedOffset = offset;
            NeedLength = length;
        }

        return false;
    }

    /// <summary>Reads a range if it is already available, never recording a need.</summary>
    public readonly bool TryPeek(long offset, int length, out ReadOnlySpan<byte> span)
    {
        span = default;
        if (offset < 0 || length < 0 || (Length >= 0 && offset + length > Length))
        {
            return false;
        }

        if (offset + length <= Head.Length)
        {
            span = Head.Slice((int)offset, length);
            return true;
        }

        return _extras is not null && _extras.TryGet(offset, length, out span);
    }
}
