using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// An in-memory known-hash set: compact sorted fixed-width records per algorithm (key bytes + a 4-byte name id)
/// with a 16-bit prefix table, so tens of millions of hashes take about (digest length + 4) bytes each.
/// Load it from any hash file format or NSRL RDS 2.x CSV (RDS v3 SQLite: Forensics.Net.Hashing.Files.Nsrl). Adding is not thread-safe;
/// lookups are (the set sorts itself once, under a lock, on the first lookup after an add).
/// </summary>
/// <example>
/// <code>
/// KnownHashSet bad = KnownHashSet.LoadFile("known_bad.sha256");      // sha256sum, hashdeep, BSD, CSV, JSONL, NSRL
/// if (bad.TryLookup(FileHashAlgorithm.Sha256, digest, out string? name)) Console.WriteLine($"!! Match found with {name}");
/// </code>
/// </example>
public sealed unsafe class KnownHashSet : IKnownHashLookup
{
    private readonly Dictionary<FileHashAlgorithm, Table> _tables = [];
    private readonly List<string> _names = [];
    private readonly Dictionary<string, uint> _nameIds = new(StringComparer.Ordinal);
    private readonly Lock _sortLock = new();

    /// <summary>Gets the number of (algorithm, digest) records, duplicates included.</summary>
    public long Count => _tables.Values.Sum(t => t.Count);

    /// <inheritdoc/>
    public IReadOnlyCollection<FileHashAlgorithm> Algorithms => _tables.Keys.Order().ToArray();

    /// <summary>Loads a known-hash set from a file in any supported format: hashdeep, sum, BSD, CSV, JSON Lines, plain hash list, or NSRL RDS 2.x <c>NSRLFile.txt</c> (NSRL RDS v3 SQLite databases: <c>NsrlKnownHashes.LoadFile</c> in the Forensics.Net.Hashing.Files.Nsrl package).</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Text parsing options (algorithm of plain lists, strictness), or null.</param>
    /// <param name="issues">Receives skipped lines in lenient mode, or null.</param>
    /// <returns>The set; each entry's name is its path or file name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="HashFileFormatException">The file is not a known format, or strict mode and a malformed line.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static KnownHashSet LoadFile(string path, HashFileReaderOptions? options = null, ICollection<HashFileIssue>? issues = null)
    {
        var set = new KnownHashSet();
        set.AddRange(KnownHashSources.ReadFile(path, options, issues is null ? null : issues.Add));
        return set;
    }

    /// <summary>Adds one digest.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="hash">The digest; its length must be the algorithm's.</param>
    /// <param name="name">The name reported on a match, or null.</param>
    /// <exception cref="ArgumentException">The digest length is wrong, or <paramref name="algorithm"/> is a similarity digest (ssdeep, TLSH).</exception>
    /// <exception cref="InvalidOperationException">More records than one array can hold for this algorithm (use <see cref="HashIndex"/>).</exception>
    public void Add(FileHashAlgorithm algorithm, ReadOnlySpan<byte> hash, string? name = null)
    {
        if (FileHashAlgorithms.IsSimilarityDigest(algorithm))
        {
            throw new ArgumentException("ssdeep and TLSH digests are matched by score: use SimilarityIndex.", nameof(algorithm));
        }

        int length = FileHashAlgorithms.GetDigestLength(algorithm);
        if (hash.Length != length)
        {
            throw new ArgumentException($"A {FileHashAlgorithms.GetName(algorithm)} digest has {length} bytes, not {hash.Length}.", nameof(hash));
        }

        if (!_tables.TryGetValue(algorithm, out var table))
        {
            table = new Table(length);
            _tables[algorithm] = table;
        }

        uint nameId = SortedRecords.NoName;
        if (!string.IsNullOrEmpty(name) && !_nameIds.TryGetValue(name, out nameId))
        {
            nameId = (uint)_names.Count;
            _names.Add(name);
            _nameIds[name] = nameId;
        }

        lock (_sortLock)
        {
            table.Append(hash, nameId);
        }
    }

    /// <summary>Adds every digest of an entry under the entry's path (or nothing when the path is empty).</summary>
    /// <param name="entry">The entry.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    public void Add(HashEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        foreach (var (algorithm, digest) in entry.Digests)
        {
            if (!FileHashAlgorithms.IsSimilarityDigest(algorithm)) // ssdeep and TLSH go to a SimilarityIndex
            {
                Add(algorithm, digest.Span, entry.Path.Length == 0 ? null : entry.Path);
            }
        }
    }

    /// <summary>Adds every digest of every entry.</summary>
    /// <param name="entries">The entries.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    public void AddRange(IEnumerable<HashEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            Add(entry);
        }
    }

    /// <summary>Returns whether the digest is in the set.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="hash">The digest.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(FileHashAlgorithm algorithm, ReadOnlySpan<byte> hash) => TryLookup(algorithm, hash, out _);

    /// <inheritdoc/>
    /// <remarks>No throwing <c>Lookup</c>: a miss is the usual answer for a known-hash set; <see cref="Contains"/> is the boolean form.</remarks>
    public bool TryLookup(FileHashAlgorithm algorithm, ReadOnlySpan<byte> hash, [MaybeNullWhen(false)] out string? name)
    {
        name = null;
        if (!_tables.TryGetValue(algorithm, out var table) || hash.Length != table.KeyLength || table.Count == 0)
        {
            return false;
        }

        if (!table.Sorted)
        {
            lock (_sortLock)
            {
                table.Sort();
            }
        }

        fixed (byte* records = table.Data)
        {
            long index = SortedRecords.Find(records, table.RecordSize, table.KeyLength, table.Starts, table.PrefixBits, table.Count, hash);
            if (index < 0)
            {
                return false;
            }

            uint id = SortedRecords.NameId(records, table.RecordSize, table.KeyLength, index);
            name = id == SortedRecords.NoName ? null : _names[(int)id];
            return true;
        }
    }

    private sealed class Table(int keyLength)
    {
        public int KeyLength { get; } = keyLength;

        public int RecordSize { get; } = keyLength + 4;

        public byte[] Data { get; private set; } = new byte[(keyLength + 4) * 64];

        public long Count { get; private set; }

        public long[] Starts { get; private set; } = new long[(1 << SortedRecords.MinPrefixBits) + 1];

        public int PrefixBits { get; private set; } = SortedRecords.MinPrefixBits;

        public bool Sorted { get; private set; } = true;

        public void Append(ReadOnlySpan<byte> key, uint nameId)
        {
            long needed = (Count + 1) * RecordSize;
            if (needed > Data.Length)
            {
                long grown = Math.Min(Array.MaxLength, Math.Max(needed, (long)Data.Length * 2));
                if (grown < needed)
                {
                    throw new InvalidOperationException("Too many hashes for an in-memory set; build a HashIndex instead.");
                }

                var bigger = new byte[grown];
                Data.AsSpan(0, (int)(Count * RecordSize)).CopyTo(bigger);
                Data = bigger;
            }

            var record = Data.AsSpan((int)(Count * RecordSize), RecordSize);
            key.CopyTo(record);
            BinaryPrimitives.WriteUInt32LittleEndian(record[KeyLength..], nameId);
            Count++;
            Sorted = false;
        }

        public void Sort()
        {
            if (Sorted)
            {
                return;
            }

            // Up to 2^24 buckets (a 128 MiB table at ~100M keys); the table stays small next to the records.
            int bits = SortedRecords.ChoosePrefixBits(Count, maxBits: 24);
            int buckets = 1 << bits;
            var counts = new long[buckets + 1];
            for (long i = 0; i < Count; i++)
            {
                counts[SortedRecords.Prefix(Data.AsSpan((int)(i * RecordSize), KeyLength), bits) + 1]++;
            }

            for (int p = 0; p < buckets; p++)
            {
                counts[p + 1] += counts[p];
            }

            // Scatter into 16-bit buckets (few write streams, cache friendly) and sort those; the fine table is then valid too.
            var coarse = SortedRecords.Coarsen(counts, bits);
            int coarseBits = Math.Min(bits, SortedRecords.MinPrefixBits);
            var cursor = (long[])coarse.Clone();
            var sorted = new byte[Data.Length];
            for (long i = 0; i < Count; i++)
            {
                var record = Data.AsSpan((int)(i * RecordSize), RecordSize);
                int p = SortedRecords.Prefix(record[..KeyLength], coarseBits);
                record.CopyTo(sorted.AsSpan((int)(cursor[p]++ * RecordSize)));
            }

            fixed (byte* records = sorted)
            {
                SortedRecords.SortBuckets(records, RecordSize, KeyLength, coarse, coarseBits);
            }

            Starts = counts;
            PrefixBits = bits;
            Data = sorted;
            Sorted = true;
        }
    }
}
