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
    public static long Find(byte* records, int recordSize, int keyLength, ReadOnlySpan<long> starts, ReadOnlySpan<byte> key)
    {
        int p = Prefix(key);
        long lo = starts[p];
        long hi = starts[p + 1] - 1;
        while (lo <= hi)
        {
            long mid = lo + ((hi - lo) >> 1);
            var candidate = new ReadOnlySpan<byte>(records + (mid * recordSize), keyLength);
            int c = candidate.SequenceCompareTo(key);
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

    /// <summary>The 8 key bytes after the 16-bit prefix, big-endian, for a fast first comparison.</summary>
    private static ulong Head(ReadOnlySpan<byte> key)
    {
        Span<byte> eight = stackalloc byte[8];
        eight.Clear();
        var tail = key.Length > 2 ? key[2..] : [];
        tail[..Math.Min(8, tail.Length)].CopyTo(eight);
        return BinaryPrimitives.ReadUInt64BigEndian(eight);
    }

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
