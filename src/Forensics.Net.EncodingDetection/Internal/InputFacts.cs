using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;

namespace Forensics.Net.EncodingDetection.Internal;

/// <summary>
/// Whole-input statistics gathered in one pass (over a span, or chunk by chunk over a stream):
/// control bytes, whether everything is ASCII, UTF-8 validity end to end, and a histogram of the
/// bytes 0x80–0xFF. The analyser combines them with a bounded sample.
/// </summary>
internal sealed class InputFacts
{
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;

    public long Length { get; private set; }

    public long ControlCount { get; private set; }

    public long NulCount { get; private set; }

    public bool AllAscii { get; private set; } = true;

    /// <summary>Whether every byte so far is valid UTF-8 (a sequence cut by the end of the input is tolerated).</summary>
    public bool Utf8Valid { get; private set; } = true;

    /// <summary>Counts of the bytes 0x80..0xFF (index b - 0x80).</summary>
    public long[] HighHistogram { get; } = new long[128];

    public long HighCount { get; private set; }

    /// <summary>Whether the statistics cover the whole input (false when a large stream was sampled).</summary>
    public bool Complete { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether <see cref="Add"/> fills <see cref="HighHistogram"/>.</summary>
    public bool CollectHistogram { get; set; } = true;

    /// <summary>
    /// Computes the facts of a whole span. The histogram is filled only when the span is neither ASCII
    /// nor valid UTF-8 (the only case that needs it), so valid UTF-8 is checked at memory speed.
    /// </summary>
    public static InputFacts FromSpan(ReadOnlySpan<byte> data)
    {
        // Block by block, so that the control-byte pass and the UTF-8 pass read each block from cache.
        const int Block = 128 * 1024;
        var facts = new InputFacts { CollectHistogram = false };
        for (int i = 0; i < data.Length; i += Block)
        {
            int n = Math.Min(Block, data.Length - i);
            facts.Add(data.Slice(i, n), last: i + n == data.Length);
        }

        if (!facts.AllAscii && !facts.Utf8Valid)
        {
            facts.AddHistogram(data);
        }

        return facts;
    }

    /// <summary>Fills the histogram of the bytes 0x80–0xFF of <paramref name="data"/>.</summary>
    public void AddHistogram(ReadOnlySpan<byte> data)
    {
        int firstHigh = data.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (firstHigh >= 0)
        {
            Histogram(data[firstHigh..]);
        }
    }

    /// <summary>Ends a contiguous input: a UTF-8 sequence still open is one cut by the end, which is tolerated.</summary>
    public void Finish() => _carryLength = 0;

    /// <summary>Adds the next chunk of a contiguous input; <paramref name="last"/> marks its end.</summary>
    public void Add(ReadOnlySpan<byte> chunk, bool last)
    {
        Length += chunk.Length;
        CountControls(chunk);
        int firstHigh = AllAscii ? chunk.IndexOfAnyInRange((byte)0x80, (byte)0xFF) : 0;
        if (firstHigh >= 0)
        {
            AllAscii = false;
            if (CollectHistogram)
            {
                Histogram(chunk[firstHigh..]);
            }
        }

        if (Utf8Valid)
        {
            ValidateUtf8(chunk, last);
        }
    }

    /// <summary>Adds a region that is not contiguous with the previous one (sampling a large stream).</summary>
    public void AddRegion(ReadOnlySpan<byte> region, bool isStart, bool isEnd)
    {
        if (!isStart)
        {
            // Skip the continuation bytes of a character cut by the region's start.
            int skip = 0;
            while (skip < 3 && skip < region.Length && region[skip] is >= 0x80 and < 0xC0)
            {
                skip++;
            }

            region = region[skip..];
            _carryLength = 0;
        }

        // A character cut by the region's end is tolerated like one cut by the end of the input.
        Add(region, last: true);
        _ = isEnd;
    }

    private void CountControls(ReadOnlySpan<byte> chunk)
    {
        long before = ControlCount;
        var (controls, nuls) = CountControlBytes(chunk);
        ControlCount = before + controls;
        NulCount += nuls;
    }

    /// <summary>
    /// Counts the bytes below 0x20 other than TAB, LF, VT, FF, CR (0x09–0x0D) and ESC (0x1B), and the NULs,
    /// 32 bytes at a time where the hardware allows (one compare-and-popcount pass).
    /// </summary>
    internal static (long Controls, long Nuls) CountControlBytes(ReadOnlySpan<byte> data)
    {
        long controls = 0, nuls = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && data.Length >= Vector256<byte>.Count)
        {
            var space = Vector256.Create((byte)0x20);
            var nine = Vector256.Create((byte)9);
            var five = Vector256.Create((byte)5);
            var esc = Vector256.Create((byte)0x1B);
            ref byte start = ref MemoryMarshal.GetReference(data);
            for (; i <= data.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                var low = Vector256.LessThan(v, space);
                if (low == Vector256<byte>.Zero)
                {
                    continue;
                }

                var allowed = Vector256.LessThan(v - nine, five) | Vector256.Equals(v, esc);
                var bad = Vector256.AndNot(low, allowed);
                controls += BitOperations.PopCount(bad.ExtractMostSignificantBits());
                nuls += BitOperations.PopCount(Vector256.Equals(v, Vector256<byte>.Zero).ExtractMostSignificantBits());
            }
        }
        else if (Vector128.IsHardwareAccelerated && data.Length >= Vector128<byte>.Count)
        {
            var space = Vector128.Create((byte)0x20);
            var nine = Vector128.Create((byte)9);
            var five = Vector128.Create((byte)5);
            var esc = Vector128.Create((byte)0x1B);
            ref byte start = ref MemoryMarshal.GetReference(data);
            for (; i <= data.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var v = Vector128.LoadUnsafe(ref start, (nuint)i);
                var low = Vector128.LessThan(v, space);
                if (low == Vector128<byte>.Zero)
                {
                    continue;
                }

                var allowed = Vector128.LessThan(v - nine, five) | Vector128.Equals(v, esc);
                var bad = Vector128.AndNot(low, allowed);
                controls += BitOperations.PopCount(bad.ExtractMostSignificantBits());
                nuls += BitOperations.PopCount(Vector128.Equals(v, Vector128<byte>.Zero).ExtractMostSignificantBits());
            }
        }

        for (; i < data.Length; i++)
        {
            byte b = data[i];
            if (b < 0x20 && b is not (>= 9 and <= 13) and not 0x1B)
            {
                controls++;
                if (b == 0)
                {
                    nuls++;
                }
            }
        }

        return (controls, nuls);
    }

    private void Histogram(ReadOnlySpan<byte> data)
    {
        Span<int> h0 = stackalloc int[256];
        Span<int> h1 = stackalloc int[256];
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            h0[data[i]]++;
            h1[data[i + 1]]++;
        }

        if (i < data.Length)
        {
            h0[data[i]]++;
        }

        for (int b = 0x80; b < 0x100; b++)
        {
            long n = h0[b] + h1[b];
            HighHistogram[b - 0x80] += n;
            HighCount += n;
        }
    }

    private void ValidateUtf8(ReadOnlySpan<byte> chunk, bool last)
    {
        if (_carryLength > 0)
        {
            // Complete the sequence cut by the previous chunk.
            Span<byte> joined = stackalloc byte[8];
            _carry.AsSpan(0, _carryLength).CopyTo(joined);
            int take = Math.Min(4, chunk.Length);
            chunk[..take].CopyTo(joined[_carryLength..]);
            int total = _carryLength + take;
            var status = Rune.DecodeFromUtf8(joined[..total], out _, out int consumed);
            if (status == OperationStatus.NeedMoreData)
            {
                if (last)
                {
                    _carryLength = 0;
                    return; // cut at the very end: tolerated
                }

                joined[..total].CopyTo(_carry);
                _carryLength = total;
                return;
            }

            if (status != OperationStatus.Done)
            {
                Utf8Valid = false;
                return;
            }

            chunk = chunk[(consumed - _carryLength)..];
            _carryLength = 0;
        }

        // A sequence cut by the end of the chunk is carried to the next one (or tolerated at the very end).
        int cut = IncompleteTail(chunk);
        if (!Utf8.IsValid(chunk[..^cut]))
        {
            Utf8Valid = false;
            return;
        }

        if (cut > 0 && !last)
        {
            chunk[^cut..].CopyTo(_carry);
            _carryLength = cut;
        }
    }

    /// <summary>Returns the length (1–3) of a valid but incomplete UTF-8 sequence at the end of <paramref name="data"/>, or 0.</summary>
    internal static int IncompleteTail(ReadOnlySpan<byte> data)
    {
        for (int back = 1; back <= 3 && back <= data.Length; back++)
        {
            byte b = data[^back];
            if (b is >= 0x80 and < 0xC0)
            {
                continue;
            }

            if (b < 0xC2 || b > 0xF4)
            {
                return 0;
            }

            int needed = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            if (back >= needed)
            {
                return 0;
            }

            return Rune.DecodeFromUtf8(data[^back..], out _, out _) == OperationStatus.NeedMoreData ? back : 0;
        }

        return 0;
    }
}
