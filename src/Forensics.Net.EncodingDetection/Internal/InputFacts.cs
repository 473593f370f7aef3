using System.Buffers;
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
    /// <summary>Bytes that never occur in text (C0 controls except TAB, LF, VT, FF, CR, ESC; and DEL is allowed).</summary>
    private static readonly SearchValues<byte> Controls = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31]);

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
        var facts = new InputFacts { CollectHistogram = false };
        facts.Add(data, last: true);
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
        int i = 0;
        while (true)
        {
            int p = chunk[i..].IndexOfAny(Controls);
            if (p < 0)
            {
                return;
            }

            i += p;
            ControlCount++;
            if (chunk[i] == 0)
            {
                NulCount++;
            }

            i++;
            if (ControlCount > 4096 && ControlCount * 64 > Length)
            {
                // Binary beyond doubt: extrapolate instead of counting every byte.
                ControlCount += (long)(chunk.Length - i) * ControlCount / Math.Max(1, Length - chunk.Length + i);
                return;
            }
        }
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

        if (Utf8.IsValid(chunk))
        {
            return;
        }

        // Only a sequence cut at the end of the chunk is acceptable.
        int cut = IncompleteTail(chunk);
        if (cut == 0 || !Utf8.IsValid(chunk[..^cut]))
        {
            Utf8Valid = false;
            return;
        }

        if (!last)
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
