namespace Forensics.Net.Hashing.Files;

/// <summary>The hash file formats read and written by <see cref="HashFileReader"/> and <see cref="HashFileWriter"/>.</summary>
public enum HashFileFormat
{
    /// <summary>Not known yet: the reader detects the format from the first meaningful line.</summary>
    Unknown = 0,

    /// <summary>hashdeep / md5deep audit files: <c>%%%% HASHDEEP-1.0</c>, a <c>%%%% size,md5,…,filename</c> header, <c>##</c> comments, then <c>size,hash…,name</c> lines.</summary>
    Hashdeep,

    /// <summary>GNU coreutils <c>sha256sum</c>/<c>md5sum</c>/<c>b3sum</c> lines: <c>hex␠␠name</c> or <c>hex␠*name</c>, a leading <c>\</c> when the name is escaped (<c>\\</c>, <c>\n</c>). One algorithm per file.</summary>
    Sum,

    /// <summary>BSD tags as <c>sha256sum --tag</c> and <c>rhash --bsd</c> write them: <c>SHA256 (name) = hex</c>.</summary>
    Bsd,

    /// <summary>RFC 4180 CSV with a header row <c>path,size,&lt;algorithm&gt;…</c> (algorithm names as <see cref="FileHashAlgorithms.GetName"/>).</summary>
    Csv,

    /// <summary>JSON Lines: one object per line, <c>{"path":…,"size":…,"sha256":"…"}</c>.</summary>
    JsonLines,

    /// <summary>Read only: one hex digest per line (optionally followed by whitespace and text), as hash-list feeds publish them.</summary>
    PlainList,

    /// <summary>Read only: NSRL RDS 2.x <c>NSRLFile.txt</c> (<c>"SHA-1","MD5","CRC32","FileName","FileSize",…</c>).</summary>
    NsrlCsv,
}

/// <summary>How a hash file reader treats damaged input (forensic input often is). <see cref="HashFileReaderOptions.Strictness"/> defaults to <see cref="Lenient"/>.</summary>
public enum HashFileStrictness
{
    /// <summary>Throw <see cref="HashFileFormatException"/> at the first malformed record.</summary>
    Strict = 0,

    /// <summary>Skip malformed records and report each as a <see cref="HashFileIssue"/> with its line number.</summary>
    Lenient = 1,
}

/// <summary>Options for <see cref="HashFileReader"/>.</summary>
public sealed class HashFileReaderOptions
{
    /// <summary>Gets the default options (auto-detect, lenient).</summary>
    public static HashFileReaderOptions Default { get; } = new();

    /// <summary>Gets the format, or <see cref="HashFileFormat.Unknown"/> (default) to detect it from the content.</summary>
    public HashFileFormat Format { get; init; }

    /// <summary>
    /// Gets the algorithm of <see cref="HashFileFormat.Sum"/> and <see cref="HashFileFormat.PlainList"/> files, which do not name it.
    /// Null (default): taken from the file name when reading a path (<c>*.sha256</c>, <c>SHA256SUMS</c>, <c>*.b3</c>…),
    /// otherwise guessed from the digest length (64 hex → SHA-256, 32 → MD5, 40 → SHA-1, 128 → SHA-512).
    /// </summary>
    public FileHashAlgorithm? Algorithm { get; init; }

    /// <summary>Gets whether malformed lines are skipped and reported (default) or throw.</summary>
    public HashFileStrictness Strictness { get; init; } = HashFileStrictness.Lenient;

    /// <summary>Gets the longest line accepted in bytes (default 64 KiB); longer lines are reported and skipped without being buffered whole.</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;

    /// <summary>Gets whether <see cref="Algorithm"/> was inferred from the file name (for clearer error messages).</summary>
    internal bool AlgorithmFromFileName { get; init; }
}

/// <summary>A malformed or suspicious line skipped by a lenient reader.</summary>
/// <param name="offset">The byte offset of the line's start.</param>
/// <param name="line">The 1-based line number.</param>
/// <param name="message">What is wrong.</param>
public sealed class HashFileIssue(long offset, long line, string message)
{
    /// <summary>Gets the byte offset of the line's start.</summary>
    public long Offset { get; } = offset;

    /// <summary>Gets the 1-based line number.</summary>
    public long Line { get; } = line;

    /// <summary>Gets what is wrong.</summary>
    public string Message { get; } = message;

    /// <summary>Returns <c>line N: message</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"line {Line}: {Message}";
}

/// <summary>What <see cref="HashFileReader.ReadFile(string, HashFileReaderOptions?)"/> found.</summary>
public sealed class HashFileReadResult
{
    internal HashFileReadResult(HashFileFormat format, IReadOnlyList<HashEntry> entries, IReadOnlyList<HashFileIssue> issues)
    {
        Format = format;
        Entries = entries;
        Issues = issues;
        Algorithms = entries.SelectMany(e => e.Digests.Algorithms).Distinct().Order().ToArray();
    }

    /// <summary>Gets the format read (detected or given).</summary>
    public HashFileFormat Format { get; }

    /// <summary>Gets the entries in file order.</summary>
    public IReadOnlyList<HashEntry> Entries { get; }

    /// <summary>Gets the skipped lines with their line numbers (empty in strict mode, which throws instead).</summary>
    public IReadOnlyList<HashFileIssue> Issues { get; }

    /// <summary>Gets every algorithm that appears in at least one entry.</summary>
    public IReadOnlyList<FileHashAlgorithm> Algorithms { get; }
}
