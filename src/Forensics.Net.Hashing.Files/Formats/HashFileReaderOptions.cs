namespace Forensics.Net.Hashing.Files;

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
