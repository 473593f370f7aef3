using System.Buffers.Binary;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// The sorted-record layout shared by <see cref="KnownHashSet"/> (in a managed array) and <see cref="HashIndex"/>
/// (memory-mapped or loaded): fixed-width records <c>[key bytes][uint32 little-endian name id]</c> sorted by key,
/// with a table of <c>2^bits + 1</c> record start indices, one bucket per value of the key's first <c>bits</c> bits.
/// The number of bits grows with the key count so that a bucket holds about 4–8 keys.
/// </summary>
internal static unsafe class SortedRecords
{
    public const uint NoName = uint.MaxValue;

    /// <summary>The fewest prefix bits (the version-1 index format's fixed 65,536 buckets).</summary>
    public const int MinPrefixBits = 16;

    /// <summary>The most prefix bits (a 2 GiB table); enough for ~2 billion keys at 8 per bucket.</summary>
    public const int MaxPrefixBits = 28;

    /// <summary>How many records a lookup steps through one by one from the predicted position before galloping.</summary>
    private const int LinearProbes = 8;

    /// <summary>Chooses the prefix bits for <paramref name="count"/> keys: at most 8 keys per bucket on average.</summary>
    public static int ChoosePrefixBits(long count, int maxBits = MaxPrefixBits)
    {
        int bits = MinPrefixBits;
        while (bits < maxBits && (count >> bits) > 8)
        {
            bits++;
        }

        return bits;
    }

    /// <summary>The key's first <paramref name="bits"/> bits, big-endian (keys are at least 4 bytes: CRC32).</summary>
    public static int Prefix(ReadOnlySpan<byte> key, int bits)
    {
        uint first = key.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(key) : Padded(key, 0, 4);
        return (int)(first >> (32 - bits));
    }

    /// <summary>The start table of the <see cref="MinPrefixBits"/>-bit buckets that contain the <paramref name="bits"/>-bit buckets of <paramref name="starts"/>.</summary>
    public static long[] Coarsen(long[] starts, int bits)
    {
        int coarseBits = Math.Min(bits, MinPrefixBits);
        int shift = bits - coarseBits;
        var coarse = new long[(1 << coarseBits) + 1];
        for (int p = 0; p < coarse.Length; p++)
        {
            coarse[p] = starts[(long)p << shift];
        }

        return coarse;
    }

    /// <summary>Sorts each prefix bucket in place; records must already be grouped by prefix as <paramref name="starts"/> says.</summary>
    public static void SortBuckets(byte* records, int recordSize, int keyLength, ReadOnlySpan<long> starts, int bits)
    {
        byte[] scratch = [];
        Entry[] entries = [];
        for (int p = 0; p < starts.Length - 1; p++)
        {
            long lo = starts[p];
            int n = checked((int)(starts[p + 1] - lo));
            if (n < 2)
            {
                continue;
            }

            var bucket = new Span<byte>(records + (lo * recordSize), n * recordSize);
            if (entries.Length < n)
            {
                entries = new Entry[Math.Max(n, entries.Length * 2)];
                scratch = new byte[entries.Length * recordSize];
            }

            for (int i = 0; i < n; i++)
            {
                var key = bucket.Slice(i * recordSize, keyLength);
                entries[i] = new Entry(Head(key, bits), i);
            }

            entries.AsSpan(0, n).Sort(new EntryComparer(records + (lo * recordSize), recordSize, keyLength));
            for (int i = 0; i < n; i++)
            {
                bucket.Slice(entries[i].Index * recordSize, recordSize).CopyTo(scratch.AsSpan(i * recordSize));
            }

            scratch.AsSpan(0, n * recordSize).CopyTo(bucket);
        }
    }

    /// <summary>Finds a key; returns the record index or -1 (also -1 when the bucket bounds are inconsistent with <paramref name="count"/>).</summary>
    /// <remarks>
    /// Digests are uniform, so a key's position in its bucket is predictable from its next 64 bits: the search reads the record
    /// there first (with ~4–8 keys per bucket this is usually the key itself or its neighbour, one cache line), then steps
    /// toward the key one record at a time for up to <see cref="LinearProbes"/> records, then gallops (doubling steps) and
    /// binary-searches the bracket. Keys that are not uniform (a hostile or odd hash list, or a version-1 index's large
    /// buckets) therefore cost O(log n) probes at worst.
    /// </remarks>
    public static long Find(byte* records, int recordSize, int keyLength, ReadOnlySpan<long> starts, int bits, long count, ReadOnlySpan<byte> key)
    {
        int p = Prefix(key, bits);
        long lo = starts[p];
        long end = starts[p + 1];
        if (lo < 0 || end <= lo || end > count)
        {
            return -1; // empty bucket, or a table changed under a mapped index after Open checked it: never read out of bounds
        }

        long n = end - lo;
        long hi = end - 1;

        // floor(head / 2^64 * n): always in [0, n).
        long guess = lo + (long)Math.BigMul(Head(key, bits), (ulong)n, out _);
        int c = Compare(records, recordSize, keyLength, guess, key);
        if (c == 0)
        {
            return guess;
        }

        long step = LinearProbes;
        if (c < 0)
        {
            // The key is after the guess: records lo..(lo-1) are all smaller.
            long limit = Math.Min(hi, guess + LinearProbes);
            for (lo = guess + 1; lo <= limit; lo++)
            {
                c = Compare(records, recordSize, keyLength, lo, key);
                if (c >= 0)
                {
                    return c == 0 ? lo : -1;
                }
            }

            while (lo + step <= hi)
            {
                long probe = lo + step;
                c = Compare(records, recordSize, keyLength, probe, key);
                if (c == 0)
                {
                    return probe;
                }

                if (c > 0)
                {
                    hi = probe - 1;
                    break;
                }

                lo = probe + 1;
                step <<= 1;
            }
        }
        else
        {
            // The key is before the guess: records (hi+1).. are all larger.
            long limit = Math.Max(lo, guess - LinearProbes);
            for (hi = guess - 1; hi >= limit; hi--)
            {
                c = Compare(records, recordSize, keyLength, hi, key);
                if (c <= 0)
                {
                    return c == 0 ? hi : -1;
                }
            }

            while (hi - step >= lo)
            {
                long probe = hi - step;
                c = Compare(records, recordSize, keyLength, probe, key);
                if (c == 0)
                {
                    return probe;
                }

                if (c < 0)
                {
                    lo = probe + 1;
                    break;
                }

                hi = probe - 1;
                step <<= 1;
            }
        }

        while (lo <= hi)
        {
            long mid = lo + ((hi - lo) >> 1);
            c = Compare(records, recordSize, keyLength, mid, key);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    public static uint NameId(byte* records, int recordSize, int keyLength, long index) =>
        BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(records + (index * recordSize) + keyLength, 4));

    /// <summary>
    /// The 64 key bits after the <paramref name="bits"/>-bit prefix, big-endian (zero-padded for short keys): within a bucket it
    /// orders keys as their bytes do, and <c>head / 2^64</c> is the key's expected position in the bucket.
    /// </summary>
    private static ulong Head(ReadOnlySpan<byte> key, int bits)
    {
        int start = bits >> 3;
        int shift = bits & 7;
        ulong high;
        byte next;
        if (key.Length >= start + 9)
        {
            high = BinaryPrimitives.ReadUInt64BigEndian(key.Slice(start, 8));
            next = key[start + 8];
        }
        else
        {
            high = ((ulong)Padded(key, start, 4) << 32) | Padded(key, start + 4, 4);
            next = start + 8 < key.Length ? key[start + 8] : (byte)0;
        }

        return shift == 0 ? high : (high << shift) | (uint)(next >> (8 - shift));
    }

    /// <summary>Up to <paramref name="length"/> (≤ 4) bytes from <paramref name="start"/>, big-endian, zero-padded past the key's end.</summary>
    private static uint Padded(ReadOnlySpan<byte> key, int start, int length)
    {
        uint value = 0;
        for (int i = 0; i < length; i++)
        {
            value = (value << 8) | (start + i < key.Length ? key[start + i] : 0u);
        }

        return value;
    }

    private static int Compare(byte* records, int recordSize, int keyLength, long index, ReadOnlySpan<byte> key) =>
        new ReadOnlySpan<byte>(records + (index * recordSize), keyLength).SequenceCompareTo(key);

    private readonly record struct Entry(ulong Head, int Index);

    private readonly struct EntryComparer(byte* bucket, int recordSize, int keyLength) : IComparer<Entry>
    {
        public int Compare(Entry x, Entry y)
        {
            int c = x.Head.CompareTo(y.Head);
            if (c != 0)
            {
                return c;
            }

            var a = new ReadOnlySpan<byte>(bucket + ((long)x.Index * recordSize), keyLength);
            var b = new ReadOnlySpan<byte>(bucket + ((long)y.Index * recordSize), keyLength);
            c = a.SequenceCompareTo(b);
            return c != 0 ? c : x.Index.CompareTo(y.Index);
        }
    }
}
