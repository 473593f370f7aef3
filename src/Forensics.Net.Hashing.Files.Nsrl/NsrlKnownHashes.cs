namespace Forensics.Net.Hashing.Files.Nsrl;

/// <summary>
/// Known-hash sources including NIST's NSRL RDS v3 SQLite publications: everything
/// <see cref="KnownHashSources.ReadFile"/> reads (hashdeep, sum, BSD, CSV, JSON Lines, plain lists, NSRL RDS 2.x
/// <c>NSRLFile.txt</c>) plus RDS v3 databases, recognised by their SQLite header.
/// </summary>
/// <remarks>
/// A separate package because reading SQLite brings Microsoft.Data.Sqlite and its native SQLite builds (about 30 MB
/// for every platform) into every consumer; <c>Forensics.Net.Hashing.Files</c> itself stays free of native dependencies.
/// RDS v3 keeps the RDS 2.x file list as the <c>FILE</c> view; the <c>METADATA</c> table of distinct hashes is used
/// when there is no such view (minimal subsets).
/// </remarks>
/// <example>
/// <code>
/// KnownHashSet nsrl = NsrlKnownHashes.LoadFile("RDS_2024.03.1_modern_minimal.db");
/// var classifier = new HashClassifier(knownGood: nsrl, knownBad: KnownHashSet.LoadFile("bad.sha256"));
/// </code>
/// </example>
public static class NsrlKnownHashes
{
    /// <summary>Returns whether a file starts with the SQLite header (<c>SQLite format 3</c>), as RDS v3 publications do.</summary>
    /// <param name="path">The file.</param>
    /// <returns><see langword="true"/> for an SQLite database.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static bool IsRdsDatabaseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return NsrlRdsReader.IsSqlite(path);
    }

    /// <summary>Streams the entries of an NSRL RDS v3 database or of any text hash file <see cref="KnownHashSources.ReadFile"/> reads.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Text parsing options (ignored for a database), or null.</param>
    /// <param name="onIssue">Receives skipped lines of a text file in lenient mode, or null.</param>
    /// <returns>The entries, lazily; a database entry's <see cref="HashEntry.LineNumber"/> is its row number.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="HashFileFormatException">An SQLite database without an RDS <c>FILE</c> view or <c>METADATA</c> table, not a known text format, or strict mode and a malformed line.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static IEnumerable<HashEntry> ReadFile(string path, HashFileReaderOptions? options = null, Action<HashFileIssue>? onIssue = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return NsrlRdsReader.IsSqlite(path) ? NsrlRdsReader.ReadEntries(path) : KnownHashSources.ReadFile(path, options, onIssue);
    }

    /// <summary>Loads a known-hash set from an NSRL RDS v3 database or any text hash file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Text parsing options (ignored for a database), or null.</param>
    /// <param name="issues">Receives skipped lines of a text file in lenient mode, or null.</param>
    /// <returns>The set; each entry's name is its file name (database) or path (text).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="HashFileFormatException">Not an RDS database nor a known text format, or strict mode and a malformed line.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static KnownHashSet LoadFile(string path, HashFileReaderOptions? options = null, ICollection<HashFileIssue>? issues = null)
    {
        var set = new KnownHashSet();
        set.AddRange(ReadFile(path, options, issues is null ? null : issues.Add));
        return set;
    }
}
