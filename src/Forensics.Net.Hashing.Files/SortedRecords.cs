using System.Buffers.Binary;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// The sorted-record layout shared by <see cref="KnownHashSet"/> (in a managed array) and <see cref="HashIndex"/>
/// (memory-mapped): fixed-width records <c>[key bytes][uint32 little-endian name id]</c> sorted by key,
/// with a 65,537-entry table of record start indices per 16-bit key prefix.
/// </summary>
internal static unsafe class SortedRecords
{
    public const int PrefixCount = 65536;
    public const uint NoName = uint.MaxValue;

    /// <summary>Buckets at most this large are binary-searched directly (they fit in a few cache lines).</summary>
    private const int InterpolationThreshold = 16;

    public static int Prefix(ReadOnlySpan<byte> key) => key.Length >= 2 ? (key[0] << 8) | key[1] : key[0] << 8;

    /// <summary>Sorts each prefix bucket in place; records must already be grouped by prefix as <paramref name="starts"/> says.</summary>
    public static void SortBuckets(byte* records, int recordSize, int keyLength, long[] starts)
    {
        byte[] scratch = [];
        Entry[] entries = [];
        for (int p = 0; p < PrefixCount; p++)
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
                entries[i] = new Entry(Head(key), i);
            }

            entries.AsSpan(0, n).Sort(new EntryComparer(records + (lo * recordSize), recordSize, keyLength));
            for (int i = 0; i < n; i++)
            {
                bucket.Slice(entries[i].Index * recordSize, recordSize).CopyTo(scratch.AsSpan(i * recordSize));
            }

            scratch.AsSpan(0, n * recordSize).CopyTo(bucket);
        }
    }

    /// <summary>Finds a key; returns the record index or -1.</summary>
    /// <remarks>
    /// Digests are uniformly distributed, so within a prefix bucket a key's position is predictable from its
    /// next 8 bytes: the search probes there first, gallops outward from the guess (steps of about the expected
    /// error, doubling) until the key is bracketed, then binary-searches the bracket. On a 100M-key index that
    /// touches one or two 4 KiB pages instead of the five or six of a plain binary search over a ~55 KB bucket;
    /// keys that are not uniform (a hostile or odd hash list) only cost the galloping, so a lookup stays
    /// O(log n) probes in the worst case.
    /// </remarks>
    public static long Find(byte* records, int recordSize, int keyLength, ReadOnlySpan<long> starts, ReadOnlySpan<byte> key)
    {
        int p = Prefix(key);
        long lo = starts[p];
        long n = starts[p + 1] - lo;
        long hi = lo + n - 1;
        if (n > InterpolationThreshold)
        {
            // floor(head / 2^64 * n): always in [0, n).
            long guess = lo + (long)Math.BigMul(Head(key), (ulong)n, out _);
            int c = Compare(records, recordSize, keyLength, guess, key);
            if (c == 0)
            {
                return guess;
            }

            long step = ((long)Math.Sqrt(n) >> 1) + 1;
            if (c < 0)
            {
                lo = guess + 1;
                while (true)
                {
                    long probe = guess + step;
                    if (probe > hi)
                    {
                        break;
                    }

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
                hi = guess - 1;
                while (true)
                {
                    long probe = guess - step;
                    if (probe < lo)
                    {
                        break;
                    }

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
        }

        while (lo <= hi)
        {
            long mid = lo + ((hi - lo) >> 1);
            int c = Compare(records, recordSize, keyLength, mid, key);
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

    /// <summary>The 8 key bytes after the 16-bit prefix, big-endian (zero-padded for short keys), for a fast first comparison and the interpolation guess.</summary>
    private static ulong Head(ReadOnlySpan<byte> key)
    {
        if (key.Length >= 10)
        {
            return BinaryPrimitives.ReadUInt64BigEndian(key.Slice(2, 8));
        }

        Span<byte> eight = stackalloc byte[8];
        eight.Clear();
        var tail = key.Length > 2 ? key[2..] : [];
        tail.CopyTo(eight);
        return BinaryPrimitives.ReadUInt64BigEndian(eight);
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
