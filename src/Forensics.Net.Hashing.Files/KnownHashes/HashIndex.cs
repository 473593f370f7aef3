using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// A compact on-disk known-hash index for one algorithm, built once from any source and opened instantly
/// (memory-mapped, nothing loaded). Layout (little-endian, version 2): a 128-byte header (<c>FNHASHIX</c>, version,
/// algorithm, key length, record size, count, section offsets, prefix width <c>bits</c> at offset 72), a prefix table of
/// <c>2^bits + 1</c> int64 record indices (one bucket per value of the key's first <c>bits</c> bits; <c>bits</c> grows from
/// 16 with the key count so that a bucket holds at most ~8 keys: 24 bits at 100M keys), the records sorted by key
/// (<c>[digest][uint32 name id]</c>), then the name table (int64 offsets + UTF-8 bytes). Version-1 files (a fixed 16-bit
/// table) are still read. A lookup reads one prefix-table entry and then, usually, the one cache line where the key's bits
/// predict it in its small bucket.
/// Thread-safe for lookups; do not dispose while lookups run.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Open"/> maps the file: it opens instantly and uses no memory of its own, and the page cache keeps the hot
/// parts. Each lookup then touches a random 4 KiB page of the file, so on a large index most lookups miss the TLB
/// (on a 100M-key index in a virtual machine, about 0.5–1 µs per lookup).
/// </para>
/// <para>
/// <see cref="LoadFile"/> reads the whole file into memory backed by 2 MiB pages where the platform offers them (Linux
/// transparent huge pages): it takes as long as reading the file and holds its size in memory, and lookups then stay
/// near memory latency (a few hundred ns or less at 100M keys). Use it for long scans of many files.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// HashIndex.BuildFile("nsrl.sha256.idx", FileHashAlgorithm.Sha256, KnownHashSources.ReadFile("RDS_2024.03.1_modern_minimal.db"));
/// using var index = HashIndex.Open("nsrl.sha256.idx"); // or HashIndex.LoadFile(...) for a long scan
/// bool known = index.TryLookup(FileHashAlgorithm.Sha256, digest, out string? name);
/// </code>
/// </example>
public sealed unsafe partial class HashIndex : IKnownHashLookup, IDisposable
{
    private const int HeaderSize = 128;
    private const int Version = 2;
    private const long PrefixTableOffset = HeaderSize;
    private const int HugePageSize = 2 << 20;
    private const int LoadChunk = 16 << 20;
    private const int MadviseHugePage = 14;
    private static ReadOnlySpan<byte> Magic => "FNHASHIX"u8;

    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;
    private readonly int _keyLength;
    private readonly int _recordSize;
    private readonly int _prefixBits;
    private readonly long _recordsOffset;
    private readonly long _nameCount;
    private readonly long _nameOffsets;
    private readonly long _nameBlob;
    private readonly long _nameBlobLength;
    private bool _disposed;

    private HashIndex(MemoryMappedFile? file, MemoryMappedViewAccessor? view, byte* pointer, long length)
    {
        _file = file;
        _view = view;
        _base = pointer;
        var header = new ReadOnlySpan<byte>(pointer, HeaderSize);
        if (length < HeaderSize || !header[..8].SequenceEqual(Magic))
        {
            throw new HashFileFormatException("Not a Forensics.Net hash index (bad magic or too short).", 0);
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version is not (1 or Version))
        {
            throw new HashFileFormatException("Unsupported hash index version " + version, 8);
        }

        // Version 1 had a fixed 16-bit prefix table; version 2 stores the number of bits.
        _prefixBits = version == 1 ? SortedRecords.MinPrefixBits : BinaryPrimitives.ReadInt32LittleEndian(header[72..]);
        if (_prefixBits is < SortedRecords.MinPrefixBits or > SortedRecords.MaxPrefixBits)
        {
            throw new HashFileFormatException($"Invalid prefix width {_prefixBits} in hash index header.", 72);
        }

        _recordsOffset = RecordsOffsetFor(_prefixBits);
        if (length < _recordsOffset)
        {
            throw new HashFileFormatException("Not a Forensics.Net hash index (too short for its prefix table).", 0);
        }

        Algorithm = (FileHashAlgorithm)BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (!Enum.IsDefined(Algorithm))
        {
            throw new HashFileFormatException("Unknown algorithm in hash index header.", 12);
        }

        _keyLength = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        _recordSize = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
        Count = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
        _nameCount = BinaryPrimitives.ReadInt64LittleEndian(header[40..]);
        _nameOffsets = BinaryPrimitives.ReadInt64LittleEndian(header[48..]);
        _nameBlob = BinaryPrimitives.ReadInt64LittleEndian(header[56..]);
        _nameBlobLength = BinaryPrimitives.ReadInt64LittleEndian(header[64..]);
        if (_keyLength != FileHashAlgorithms.GetDigestLength(Algorithm) || _recordSize != _keyLength + 4 || Count < 0 || Count > (length - _recordsOffset) / _recordSize
            || BinaryPrimitives.ReadInt64LittleEndian(header[32..]) != _recordsOffset
            || _recordsOffset + (Count * _recordSize) > length
            || _nameCount < 0 || _nameCount > length || _nameOffsets != _recordsOffset + (Count * _recordSize)
            || _nameOffsets + ((_nameCount + 1) * 8) > length
            || _nameBlob != _nameOffsets + ((_nameCount + 1) * 8) || _nameBlobLength < 0 || _nameBlob + _nameBlobLength != length)
        {
            throw new HashFileFormatException("Inconsistent hash index header (truncated or damaged file).", 16);
        }

        // The whole table is checked once (16 MiB-128 MiB at 10M-100M keys, read sequentially), so a lookup can trust it.
        long previous = 0;
        var starts = Starts;
        for (int i = 0; i < starts.Length; i++)
        {
            if (starts[i] < previous || starts[i] > Count)
            {
                throw new HashFileFormatException("Damaged prefix table in hash index.", PrefixTableOffset + (i * 8L));
            }

            previous = starts[i];
        }

        if (starts[^1] != Count || starts[0] != 0)
        {
            throw new HashFileFormatException("Damaged prefix table in hash index.", PrefixTableOffset);
        }
    }

    /// <summary>Gets the algorithm of the keys.</summary>
    public FileHashAlgorithm Algorithm { get; }

    /// <summary>Gets the number of keys.</summary>
    public long Count { get; }

    /// <inheritdoc/>
    public IReadOnlyCollection<FileHashAlgorithm> Algorithms => [Algorithm];

    private ReadOnlySpan<long> Starts => new(_base + PrefixTableOffset, (1 << _prefixBits) + 1);

    private static long RecordsOffsetFor(int prefixBits) => HeaderSize + (8L * ((1L << prefixBits) + 1));

    /// <summary>Opens an index file read-only, memory-mapped: nothing is read until lookups touch it.</summary>
    /// <param name="path">The index file.</param>
    /// <returns>The index; dispose it to unmap.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="HashFileFormatException">Not an index, or damaged.</exception>
    /// <exception cref="IOException">Opening failed.</exception>
    public static HashIndex Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        long length = new FileInfo(path).Length;
        if (length < HeaderSize)
        {
            throw new HashFileFormatException("Not a Forensics.Net hash index (too short).", 0);
        }

        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        bool acquired = false;
        try
        {
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            acquired = true;
            return new HashIndex(file, view, pointer + view.PointerOffset, length);
        }
        catch
        {
            if (acquired)
            {
                view!.SafeMemoryMappedViewHandle.ReleasePointer();
            }

            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a whole index file into memory (2 MiB pages where available) for the fastest lookups; see the remarks on
    /// <see cref="HashIndex"/> for when to prefer it over <see cref="Open"/>. The memory is released by <see cref="Dispose"/>.
    /// </summary>
    /// <param name="path">The index file.</param>
    /// <returns>The index; dispose it to free the memory.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="HashFileFormatException">Not an index, damaged, or the file shrank while it was read.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <exception cref="OutOfMemoryException">The index does not fit in memory.</exception>
    /// <example>
    /// <code>
    /// using var nsrl = HashIndex.LoadFile("nsrl.sha256.idx"); // a few seconds for 100M keys; then ~0.2 µs per lookup
    /// var classifier = new HashClassifier(nsrl, knownBad);
    /// </code>
    /// </example>
    public static HashIndex LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        long length = RandomAccess.GetLength(handle);
        if (length < HeaderSize)
        {
            throw new HashFileFormatException("Not a Forensics.Net hash index (too short).", 0);
        }

        if ((ulong)length > nuint.MaxValue)
        {
            throw new OutOfMemoryException($"A {length}-byte index does not fit in this process's address space; use HashIndex.Open.");
        }

        byte* memory = (byte*)NativeMemory.AlignedAlloc((nuint)length, HugePageSize);
        try
        {
            AdviseHugePages(memory, length);
            long offset = 0;
            while (offset < length)
            {
                int n = RandomAccess.Read(handle, new Span<byte>(memory + offset, (int)Math.Min(length - offset, LoadChunk)), offset);
                if (n == 0)
                {
                    throw new HashFileFormatException("The index file shrank while it was read.", offset);
                }

                offset += n;
            }

            return new HashIndex(null, null, memory, length);
        }
        catch
        {
            NativeMemory.AlignedFree(memory);
            throw;
        }
    }

    /// <summary>Builds an index file from entries (any reader's output); entries without the algorithm's digest are counted and skipped.</summary>
    /// <param name="path">The index file to write (replaced).</param>
    /// <param name="algorithm">The algorithm to index.</param>
    /// <param name="entries">The entries; each entry's path is stored as the match name unless <paramref name="includeNames"/> is false.</param>
    /// <param name="includeNames">Whether to store names (default true).</param>
    /// <returns>Counts and file size.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="entries"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is undefined.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is a similarity digest (ssdeep, TLSH).</exception>
    /// <exception cref="IOException">Writing failed.</exception>
    public static HashIndexBuildResult BuildFile(string path, FileHashAlgorithm algorithm, IEnumerable<HashEntry> entries, bool includeNames = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(entries);
        if (FileHashAlgorithms.IsSimilarityDigest(algorithm))
        {
            throw new ArgumentException("ssdeep and TLSH digests are matched by score: use SimilarityIndex.", nameof(algorithm));
        }

        int keyLength = FileHashAlgorithms.GetDigestLength(algorithm);
        int recordSize = keyLength + 4;
        string temp = path + ".records.tmp";
        var names = new List<string>();
        var nameIds = new Dictionary<string, uint>(StringComparer.Ordinal);
        long count = 0, skipped = 0;
        try
        {
            // Pass 1: append records to a temporary file.
            using (var tmp = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                byte[] record = new byte[recordSize];
                foreach (var entry in entries)
                {
                    if (!entry.Digests.TryGetDigest(algorithm, out var digest))
                    {
                        skipped++;
                        continue;
                    }

                    uint id = SortedRecords.NoName;
                    if (includeNames && entry.Path.Length > 0 && !nameIds.TryGetValue(entry.Path, out id))
                    {
                        id = (uint)names.Count;
                        names.Add(entry.Path);
                        nameIds[entry.Path] = id;
                    }

                    digest.Span.CopyTo(record);
                    BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(keyLength), id);
                    tmp.Write(record);
                    count++;
                }
            }

            // Pass 2: with the count known, choose the prefix width and count each bucket.
            int bits = SortedRecords.ChoosePrefixBits(count);
            long recordsOffset = RecordsOffsetFor(bits);
            var counts = new long[(1 << bits) + 1];
            ForEachRecord(temp, recordSize, record => counts[SortedRecords.Prefix(record, bits) + 1]++);
            for (int p = 0; p < counts.Length - 1; p++)
            {
                counts[p + 1] += counts[p];
            }

            byte[][] encoded = names.Select(Encoding.UTF8.GetBytes).ToArray();
            long blobLength = encoded.Sum(e => (long)e.Length);
            long nameOffsets = recordsOffset + (count * recordSize);
            long nameBlob = nameOffsets + ((names.Count + 1) * 8L);
            long total = nameBlob + blobLength;

            using (var output = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                output.SetLength(total);
            }

            using (var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, total, MemoryMappedFileAccess.ReadWrite))
            using (var view = map.CreateViewAccessor(0, total, MemoryMappedFileAccess.ReadWrite))
            {
                byte* pointer = null;
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
                try
                {
                    byte* b = pointer + view.PointerOffset;
                    var header = new Span<byte>(b, HeaderSize);
                    header.Clear();
                    Magic.CopyTo(header);
                    BinaryPrimitives.WriteInt32LittleEndian(header[8..], Version);
                    BinaryPrimitives.WriteInt32LittleEndian(header[12..], (int)algorithm);
                    BinaryPrimitives.WriteInt32LittleEndian(header[16..], keyLength);
                    BinaryPrimitives.WriteInt32LittleEndian(header[20..], recordSize);
                    BinaryPrimitives.WriteInt64LittleEndian(header[24..], count);
                    BinaryPrimitives.WriteInt64LittleEndian(header[32..], recordsOffset);
                    BinaryPrimitives.WriteInt64LittleEndian(header[40..], names.Count);
                    BinaryPrimitives.WriteInt64LittleEndian(header[48..], nameOffsets);
                    BinaryPrimitives.WriteInt64LittleEndian(header[56..], nameBlob);
                    BinaryPrimitives.WriteInt64LittleEndian(header[64..], blobLength);
                    BinaryPrimitives.WriteInt32LittleEndian(header[72..], bits);
                    counts.AsSpan().CopyTo(new Span<long>(b + PrefixTableOffset, counts.Length));

                    // Pass 3: scatter the records into their 16-bit buckets (65,536 sequential write streams: scattering
                    // straight into millions of fine buckets writes a random page of the mapped file per record, which
                    // measured 40x slower at 100M keys), then sort each bucket in place; the fine table is then valid too.
                    var coarse = SortedRecords.Coarsen(counts, bits);
                    int coarseBits = Math.Min(bits, SortedRecords.MinPrefixBits);
                    var cursor = (long[])coarse.Clone();
                    nint records = (nint)(b + recordsOffset);
                    ForEachRecord(temp, recordSize, record =>
                    {
                        int p = SortedRecords.Prefix(record, coarseBits);
                        record.CopyTo(new Span<byte>((byte*)records + (cursor[p]++ * recordSize), recordSize));
                    });

                    SortedRecords.SortBuckets((byte*)records, recordSize, keyLength, coarse, coarseBits);

                    var offsets = new Span<long>(b + nameOffsets, names.Count + 1);
                    long at = 0;
                    for (int i = 0; i < encoded.Length; i++)
                    {
                        offsets[i] = at;
                        encoded[i].CopyTo(new Span<byte>(b + nameBlob + at, encoded[i].Length));
                        at += encoded[i].Length;
                    }

                    offsets[names.Count] = at;
                    view.Flush();
                }
                finally
                {
                    view.SafeMemoryMappedViewHandle.ReleasePointer();
                }
            }

            return new HashIndexBuildResult(count, skipped, total);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void ForEachRecord(string temp, int recordSize, RecordAction action)
    {
        using var tmp = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, FileOptions.SequentialScan);
        byte[] chunk = new byte[recordSize * 16384];
        int n;
        while ((n = tmp.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false)) > 0)
        {
            for (int off = 0; off + recordSize <= n; off += recordSize)
            {
                action(chunk.AsSpan(off, recordSize));
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    /// <remarks>No throwing <c>Lookup</c>: a miss is the usual answer for a known-hash index; <see cref="Contains"/> is the boolean form.</remarks>
    public bool TryLookup(FileHashAlgorithm algorithm, ReadOnlySpan<byte> hash, out string? name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        name = null;
        if (algorithm != Algorithm || hash.Length != _keyLength || Count == 0)
        {
            return false;
        }

        byte* records = _base + _recordsOffset;
        long index = SortedRecords.Find(records, _recordSize, _keyLength, Starts, _prefixBits, Count, hash);
        if (index < 0)
        {
            return false;
        }

        uint id = SortedRecords.NameId(records, _recordSize, _keyLength, index);
        if (id != SortedRecords.NoName && id < _nameCount)
        {
            long start = *(long*)(_base + _nameOffsets + (id * 8L));
            long end = *(long*)(_base + _nameOffsets + ((id + 1) * 8L));
            if (start >= 0 && end >= start && end <= _nameBlobLength && end - start < int.MaxValue)
            {
                name = Encoding.UTF8.GetString(_base + _nameBlob + start, (int)(end - start));
            }
        }

        return true;
    }

    /// <summary>Returns whether the digest is in the index.</summary>
    /// <param name="hash">The digest (of <see cref="Algorithm"/>).</param>
    /// <returns><see langword="true"/> when present.</returns>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    public bool Contains(ReadOnlySpan<byte> hash)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return hash.Length == _keyLength && Count > 0 &&
            SortedRecords.Find(_base + _recordsOffset, _recordSize, _keyLength, Starts, _prefixBits, Count, hash) >= 0;
    }

    /// <summary>Unmaps the file (<see cref="Open"/>) or frees the memory (<see cref="LoadFile"/>).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_view is null)
        {
            NativeMemory.AlignedFree(_base);
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file!.Dispose();
    }

    /// <summary>Asks Linux to back the block with transparent huge pages (fewer TLB misses on random lookups); ignored elsewhere or on failure.</summary>
    private static void AdviseHugePages(byte* memory, long length)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MAdvise(memory, (nuint)length, MadviseHugePage);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int MAdvise(void* address, nuint length, int advice);

    private delegate void RecordAction(Span<byte> record);
}
