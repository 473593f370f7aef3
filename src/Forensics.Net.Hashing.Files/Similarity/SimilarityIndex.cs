namespace Forensics.Net.Hashing.Files;

/// <summary>
/// Many known ssdeep and TLSH digests, answering "which known files is this similar to" without comparing the query
/// with every entry.
/// </summary>
/// <remarks>
/// <para>
/// ssdeep: two signatures score above 0 only when, after runs are cut to three characters, they share a substring of
/// 7 characters at the same effective block size (a digest's <c>hash1</c> stands for its block size, <c>hash2</c> for
/// twice that). Every such 7-gram of every entry is kept in one sorted array (12 bytes per gram, about 1 KB per
/// entry at most), so a query looks up its own grams by binary search and scores only the entries found — the
/// same matches, with the same scores, as comparing it with every entry the way <c>ssdeep -m</c> does. Entries
/// whose signatures are both shorter than 7 characters can only match an identical digest and are found by an exact
/// lookup.
/// </para>
/// <para>
/// TLSH: entries are bucketed by their length code; a query with the length counted only visits the buckets whose
/// length difference alone stays within the distance limit (12 per step), then checks the exact distance. Without
/// the length every entry is checked (TLSH has no exact shortcut then).
/// </para>
/// <para>
/// Adding entries is not thread-safe; after the last <c>Add</c>, queries may run from several threads once the first
/// query (or <see cref="Freeze"/>) has built the lookup arrays.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var index = new SimilarityIndex();
/// var issues = new List&lt;SimilarityListIssue&gt;();
/// index.LoadSsdeepListFile("known-bad.ssdeep", issues.Add);
/// foreach (SimilarityMatch m in index.FindSimilar(SsdeepHasher.HashFile("suspect.bin"), 50))
/// {
///     Console.WriteLine($"similar to {m.Name} ({m.Score})");
/// }
/// </code>
/// </example>
public sealed class SimilarityIndex
{
    private const int Gram = SsdeepHasher.RollingWindow;
    private const int MaxLineLength = 16 * 1024;
    private const int PrefixBits = 20;

    private readonly List<SsdeepDigest> _ssdeep = [];
    private readonly List<string> _ssdeepNames = [];
    private readonly List<TlshDigest> _tlsh = [];
    private readonly List<string> _tlshNames = [];
    private readonly List<int>[] _tlshByLength = new List<int>[256];
    private readonly Dictionary<string, List<int>> _shortSsdeep = new(StringComparer.Ordinal);
    private readonly object _freezeLock = new();
    private List<ulong>? _pendingKeys = [];
    private List<int>? _pendingIds = [];
    private ulong[] _keys = [];
    private int[] _ids = [];
    private int[] _prefix = new int[(1 << PrefixBits) + 1];
    private volatile bool _frozen = true;

    /// <summary>Gets the number of ssdeep entries.</summary>
    public int SsdeepCount => _ssdeep.Count;

    /// <summary>Gets the number of TLSH entries.</summary>
    public int TlshCount => _tlsh.Count;

    /// <summary>Adds a known ssdeep digest.</summary>
    /// <param name="digest">The digest.</param>
    /// <param name="name">The name reported on a match.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void Add(SsdeepDigest digest, string name)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(name);
        int id = _ssdeep.Count;
        _ssdeep.Add(digest);
        _ssdeepNames.Add(name);
        Span<char> e1 = stackalloc char[SsdeepHasher.SpamSumLength];
        Span<char> e2 = stackalloc char[SsdeepHasher.SpamSumLength];
        e1 = e1[..SsdeepComparer.EliminateSequences(digest.Hash1, e1)];
        e2 = e2[..SsdeepComparer.EliminateSequences(digest.Hash2, e2)];
        lock (_freezeLock)
        {
            _pendingKeys ??= [];
            _pendingIds ??= [];
            AddGrams(e1, digest.BlockSize, id);
            AddGrams(e2, (ulong)digest.BlockSize * 2, id);
            _frozen = false;
        }

        if (e1.Length < Gram && e2.Length < Gram)
        {
            string key = ShortKey(digest.BlockSize, e1, e2);
            if (!_shortSsdeep.TryGetValue(key, out var list))
            {
                _shortSsdeep[key] = list = [];
            }

            list.Add(id);
        }
    }

    /// <summary>Adds a known TLSH digest.</summary>
    /// <param name="digest">The digest.</param>
    /// <param name="name">The name reported on a match.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void Add(TlshDigest digest, string name)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(name);
        int id = _tlsh.Count;
        _tlsh.Add(digest);
        _tlshNames.Add(name);
        (_tlshByLength[digest.LengthCode] ??= []).Add(id);
    }

    /// <summary>
    /// Loads an ssdeep list (<c>ssdeep</c>/<c>ssdeep -r</c> output: an optional <c>ssdeep,1.1--…</c> header, then
    /// <c>blocksize:hash1:hash2,"name"</c> lines). Malformed lines are skipped and reported; the load goes on.
    /// </summary>
    /// <param name="stream">The list, read to its end and left open.</param>
    /// <param name="issues">Receives each skipped line, or null.</param>
    /// <returns>The number of entries added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public int LoadSsdeepList(Stream stream, Action<SimilarityListIssue>? issues = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var lines = new LineSource(stream, MaxLineLength);
        int added = 0;
        while (lines.TryReadLine(out string? line))
        {
            if (line is null)
            {
                issues?.Invoke(new(lines.LineOffset, lines.LineNumber, $"line longer than {MaxLineLength} bytes"));
                continue;
            }

            line = line.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("ssdeep,", StringComparison.Ordinal))
            {
                continue;
            }

            int comma = line.IndexOf(',');
            if (!SsdeepDigest.TryParse(comma < 0 ? line : line[..comma], out var digest))
            {
                issues?.Invoke(new(lines.LineOffset, lines.LineNumber, "not an ssdeep digest (blocksize:hash1:hash2,\"name\")"));
                continue;
            }

            string name = comma < 0 ? string.Empty : line[(comma + 1)..];
            if (name.Length >= 2 && name[0] == '"' && name[^1] == '"')
            {
                name = name[1..^1];
            }

            Add(digest, name);
            added++;
        }

        return added;
    }

    /// <summary>Loads an ssdeep list file (see <see cref="LoadSsdeepList"/>).</summary>
    /// <param name="path">The file path.</param>
    /// <param name="issues">Receives each skipped line, or null.</param>
    /// <returns>The number of entries added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <exception cref="UnauthorizedAccessException">Access is denied.</exception>
    public int LoadSsdeepListFile(string path, Action<SimilarityListIssue>? issues = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return LoadSsdeepList(stream, issues);
    }

    /// <summary>
    /// Loads a TLSH list: one digest per line (with or without <c>T1</c>), optionally followed by a tab or spaces and
    /// the name (<c>tlsh -r</c> output, or <c>DIGEST  path</c> lines). <c>TNULL</c> and malformed lines are skipped and reported.
    /// </summary>
    /// <param name="stream">The list, read to its end and left open.</param>
    /// <param name="issues">Receives each skipped line, or null.</param>
    /// <returns>The number of entries added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public int LoadTlshList(Stream stream, Action<SimilarityListIssue>? issues = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var lines = new LineSource(stream, MaxLineLength);
        int added = 0;
        while (lines.TryReadLine(out string? line))
        {
            if (line is null)
            {
                issues?.Invoke(new(lines.LineOffset, lines.LineNumber, $"line longer than {MaxLineLength} bytes"));
                continue;
            }

            line = line.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int sep = line.AsSpan().IndexOfAny('\t', ' ');
            string text = sep < 0 ? line : line[..sep];
            if (!TlshDigest.TryParse(text, out var digest))
            {
                issues?.Invoke(new(lines.LineOffset, lines.LineNumber, text == SimilaritySinks.TlshNull ? "no TLSH digest (TNULL)" : "not a TLSH digest (70 hex digits, optionally after T1)"));
                continue;
            }

            Add(digest, sep < 0 ? string.Empty : line[(sep + 1)..].TrimStart('\t', ' '));
            added++;
        }

        return added;
    }

    /// <summary>Loads a TLSH list file (see <see cref="LoadTlshList"/>).</summary>
    /// <param name="path">The file path.</param>
    /// <param name="issues">Receives each skipped line, or null.</param>
    /// <returns>The number of entries added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <exception cref="UnauthorizedAccessException">Access is denied.</exception>
    public int LoadTlshListFile(string path, Action<SimilarityListIssue>? issues = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return LoadTlshList(stream, issues);
    }

    /// <summary>Builds the lookup arrays now instead of on the first query.</summary>
    public void Freeze()
    {
        if (_frozen)
        {
            return;
        }

        lock (_freezeLock)
        {
            if (_frozen)
            {
                return;
            }

            int n = _keys.Length + _pendingKeys!.Count;
            ulong[] keys = new ulong[n];
            int[] ids = new int[n];
            _keys.CopyTo(keys, 0);
            _ids.CopyTo(ids, 0);
            _pendingKeys.CopyTo(keys, _keys.Length);
            _pendingIds!.CopyTo(ids, _ids.Length);
            Array.Sort(keys, ids);
            int[] prefix = new int[(1 << PrefixBits) + 1];
            int k = 0;
            for (int p = 0; p <= 1 << PrefixBits; p++)
            {
                while (k < n && (int)(keys[k] >> (64 - PrefixBits)) < p)
                {
                    k++;
                }

                prefix[p] = k;
            }

            _keys = keys;
            _ids = ids;
            _prefix = prefix;
            _pendingKeys = null;
            _pendingIds = null;
            _frozen = true;
        }
    }

    /// <summary>
    /// Finds the known ssdeep digests whose score with <paramref name="query"/> is at least <paramref name="minimumScore"/>,
    /// in the order they were added (the order <c>ssdeep -m</c> prints them in).
    /// </summary>
    /// <param name="query">The digest to look up.</param>
    /// <param name="minimumScore">The lowest score reported, 1–100 (1 gives every match <c>ssdeep -m</c> prints).</param>
    /// <returns>The matches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumScore"/> is outside 1–100.</exception>
    public IReadOnlyList<SimilarityMatch> FindSimilar(SsdeepDigest query, int minimumScore)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumScore, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumScore, 100);
        Freeze();
        Span<char> e1 = stackalloc char[SsdeepHasher.SpamSumLength];
        Span<char> e2 = stackalloc char[SsdeepHasher.SpamSumLength];
        e1 = e1[..SsdeepComparer.EliminateSequences(query.Hash1, e1)];
        e2 = e2[..SsdeepComparer.EliminateSequences(query.Hash2, e2)];
        var candidates = new List<int>();
        Collect(e1, query.BlockSize, candidates);
        Collect(e2, (ulong)query.BlockSize * 2, candidates);
        if (e1.Length < Gram && e2.Length < Gram && _shortSsdeep.TryGetValue(ShortKey(query.BlockSize, e1, e2), out var same))
        {
            candidates.AddRange(same);
        }

        candidates.Sort();
        var result = new List<SimilarityMatch>();
        int previous = -1;
        foreach (int id in candidates)
        {
            if (id == previous)
            {
                continue;
            }

            previous = id;
            var known = _ssdeep[id];
            int score = known.GetSimilarity(query);
            if (score >= minimumScore)
            {
                result.Add(new SimilarityMatch(_ssdeepNames[id], FileHashAlgorithm.Ssdeep, score, known.ToString()));
            }
        }

        return result;
    }

    /// <summary>Finds the known TLSH digests within <paramref name="maximumDistance"/> of <paramref name="query"/>, in the order they were added.</summary>
    /// <param name="query">The digest to look up.</param>
    /// <param name="maximumDistance">The largest distance reported (0 and up; TLSH's authors suggest 100 or below for "related").</param>
    /// <param name="includeLength"><see langword="false"/> to leave the length out of the distance, like <c>tlsh -xlen</c>.</param>
    /// <returns>The matches; <see cref="SimilarityMatch.Score"/> is the distance.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maximumDistance"/> is negative.</exception>
    public IReadOnlyList<SimilarityMatch> FindSimilar(TlshDigest query, int maximumDistance, bool includeLength)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(maximumDistance);
        var ids = new List<int>();
        for (int code = 0; code < 256; code++)
        {
            if (_tlshByLength[code] is not { } bucket)
            {
                continue;
            }

            if (includeLength)
            {
                int d = Math.Abs(code - query.LengthCode);
                d = Math.Min(d, 256 - d);
                if ((d <= 1 ? d : d * 12) > maximumDistance)
                {
                    continue;
                }
            }

            foreach (int id in bucket)
            {
                if (_tlsh[id].GetDistance(query, includeLength) <= maximumDistance)
                {
                    ids.Add(id);
                }
            }
        }

        ids.Sort();
        return ids.Select(id => new SimilarityMatch(_tlshNames[id], FileHashAlgorithm.Tlsh, _tlsh[id].GetDistance(query, includeLength), _tlsh[id].ToString())).ToList();
    }

    private static string ShortKey(ulong blockSize, ReadOnlySpan<char> e1, ReadOnlySpan<char> e2) => $"{blockSize}:{e1}:{e2}";

    private static ulong GramKey(ReadOnlySpan<char> s, ulong blockSize)
    {
        ulong g = 0;
        for (int i = 0; i < Gram; i++)
        {
            g = (g << 6) | Base64Value(s[i]);
        }

        // Mix gram and effective block size into 64 bits (a collision only adds a candidate that scoring then rejects).
        ulong x = (g * 0x9E3779B97F4A7C15UL) ^ (blockSize * 0xC2B2AE3D27D4EB4FUL);
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 29;
        return x;
    }

    private static uint Base64Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => (uint)(c - 'A'),
        >= 'a' and <= 'z' => (uint)(c - 'a' + 26),
        >= '0' and <= '9' => (uint)(c - '0' + 52),
        '+' => 62,
        _ => 63,
    };

    private void AddGrams(ReadOnlySpan<char> s, ulong blockSize, int id)
    {
        // A gram repeated inside one signature is stored twice; queries drop repeated candidates.
        for (int i = 0; i + Gram <= s.Length; i++)
        {
            _pendingKeys!.Add(GramKey(s.Slice(i, Gram), blockSize));
            _pendingIds!.Add(id);
        }
    }

    private void Collect(ReadOnlySpan<char> s, ulong blockSize, List<int> candidates)
    {
        ulong[] keys = _keys;
        int[] ids = _ids;
        for (int i = 0; i + Gram <= s.Length; i++)
        {
            ulong key = GramKey(s.Slice(i, Gram), blockSize);
            int p = (int)(key >> (64 - PrefixBits));
            int lo = _prefix[p], hi = _prefix[p + 1];
            int at = Array.BinarySearch(keys, lo, hi - lo, key);
            if (at < 0)
            {
                continue;
            }

            while (at > lo && keys[at - 1] == key)
            {
                at--;
            }

            for (; at < hi && keys[at] == key; at++)
            {
                candidates.Add(ids[at]);
            }
        }
    }
}
