namespace Forensics.Net.Hashing.Files;

/// <summary>Reading known-hash entries from any supported text source (NSRL RDS v3 SQLite databases: the Forensics.Net.Hashing.Files.Nsrl package).</summary>
public static class KnownHashSources
{
    /// <summary>Streams the entries of a hash file in any text format <see cref="HashFileReader"/> reads; an SQLite database (NSRL RDS v3) is refused with a message naming the Forensics.Net.Hashing.Files.Nsrl package.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Text parsing options, or null.</param>
    /// <param name="onIssue">Receives skipped lines in lenient mode, or null.</param>
    /// <returns>The entries, lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="HashFileFormatException">Not a known format (an SQLite database included), or strict mode and a malformed line.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static IEnumerable<HashEntry> ReadFile(string path, HashFileReaderOptions? options = null, Action<HashFileIssue>? onIssue = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsSqlite(path))
        {
            // RDS v3 needs SQLite, which brings native libraries: it lives in its own package.
            throw new HashFileFormatException(
                $"{path}: an SQLite database (NSRL RDS v3?); read it with the Forensics.Net.Hashing.Files.Nsrl package (NsrlKnownHashes.LoadFile).", 0);
        }

        return ReadText(path, HashFileReader.WithHint(options, path), onIssue);
    }

    private static bool IsSqlite(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[16];
        return stream.ReadAtLeast(head, 16, throwOnEndOfStream: false) == 16 && head.SequenceEqual("SQLite format 3\0"u8);
    }

    private static IEnumerable<HashEntry> ReadText(string path, HashFileReaderOptions options, Action<HashFileIssue>? onIssue)
    {
        using var stream = File.OpenRead(path);
        bool any = false;
        HashFileIssue? first = null;
        foreach (var entry in HashFileReader.ReadEntries(stream, options, p =>
                 {
                     first ??= p;
                     onIssue?.Invoke(p);
                 }))
        {
            any = true;
            yield return entry;
        }

        if (!any && first is not null)
        {
            throw new HashFileFormatException($"{path}: no line of a known hash file format was found; {first}", first.Offset);
        }
    }
}
