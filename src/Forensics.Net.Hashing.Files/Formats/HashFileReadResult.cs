namespace Forensics.Net.Hashing.Files;

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
