namespace Forensics.Net.Hashing.Files;

/// <summary>Reading known-hash entries from any supported source, text or NSRL RDS v3 SQLite.</summary>
public static class KnownHashSources
{
    /// <summary>Streams the entries of a hash source: an NSRL RDS v3 SQLite database (detected by its header) or any text format <see cref="HashFileReader"/> reads.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Text parsing options, or null.</param>
    /// <param name="onIssue">Receives skipped lines in lenient mode, or null.</param>
    /// <returns>The entries, lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="HashFileFormatException">Not a known format, or strict mode and a malformed line.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static IEnumerable<HashEntry> ReadFile(string path, HashFileReaderOptions? options = null, Action<HashFileIssue>? onIssue = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (NsrlSqlite.IsSqlite(path))
        {
            return NsrlSqlite.ReadEntries(path);
        }

        return ReadText(path, HashFileReader.WithHint(options, path), onIssue);
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
