namespace Forensics.Net.EncodingDetection.Internal;

/// <summary>
/// Collects a bounded sample for the statistical stage: the windows around non-ASCII bytes, so that
/// a file that is ASCII for 50 MB and Cyrillic at its end is judged on its Cyrillic. Windows start and
/// end right after a byte below 0x40 (never a trail byte of UTF-8, Shift_JIS, GBK, Big5 or EUC), so
/// multi-byte characters are not split between windows.
/// </summary>
internal sealed class SampleBuilder
{
    private const int Before = 48;
    private const int After = 512;
    private readonly byte[] _buffer;

    public SampleBuilder(int capacity) => _buffer = new byte[capacity];

    public int Length { get; private set; }

    public bool Full => Length >= _buffer.Length - 16;

    public ReadOnlySpan<byte> Sample => _buffer.AsSpan(0, Length);

    /// <summary>Harvests windows from <paramref name="chunk"/>; <paramref name="aligned"/> says whether its first byte starts a character.</summary>
    public void Harvest(ReadOnlySpan<byte> chunk, bool aligned)
    {
        int i = 0;
        if (!aligned)
        {
            int p = chunk.IndexOfAnyInRange((byte)0, (byte)0x3F);
            if (p < 0)
            {
                return;
            }

            i = p + 1;
        }

        while (!Full && i < chunk.Length)
        {
            int p = chunk[i..].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (p < 0)
            {
                return;
            }

            p += i;
            int start = Math.Max(i, p - Before);
            int end = Math.Min(chunk.Length, p + After);
            if (end < chunk.Length)
            {
                int q = chunk[end..].IndexOfAnyInRange((byte)0, (byte)0x3F);
                if (q < 0)
                {
                    end = chunk.Length;
                }
                else
                {
                    end += q + 1;
                }
            }

            Append(chunk[start..end]);
            i = end;
        }
    }

    private void Append(ReadOnlySpan<byte> window)
    {
        int room = _buffer.Length - Length;
        if (window.Length > room)
        {
            // Cut after the last byte below 0x40 that fits, so that no character is split.
            int cut = window[..room].LastIndexOfAnyInRange((byte)0, (byte)0x3F);
            window = window[..(cut < 0 ? room : cut + 1)];
        }

        window.CopyTo(_buffer.AsSpan(Length));
        Length += window.Length;
    }
}
