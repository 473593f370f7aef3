namespace Forensics.Net.Hashing.Files;

/// <summary>
/// Reads hashdeep, GNU sum, BSD tag, CSV, JSON Lines, plain hash lists and NSRL RDS 2.x files, detecting the
/// format from the content. Lenient by default: malformed lines are skipped and reported with line numbers.
/// </summary>
/// <example>
/// <code>
/// HashFileReadResult known = HashFileReader.ReadFile("known.hashdeep");
/// foreach (var issue in known.Issues) Console.Error.WriteLine(issue);
/// Console.WriteLine($"{known.Entries.Count} entries ({known.Format})");
/// </code>
/// </example>
public static partial class HashFileReader
{
    // The most problems Read lists one by one; further ones are counted in one last problem.
    internal const int MaxListedProblems = 10_000;

    /// <summary>Reads a whole hash file; the file name also hints at the algorithm of sum files (<c>SHA256SUMS</c>, <c>*.md5</c>, <c>*.b3</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Options, or null for auto-detect and lenient.</param>
    /// <returns>The entries and the problems found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="HashFileFormatException">Strict mode and a malformed line, or no line of a known format at all.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static HashFileReadResult ReadFile(string path, HashFileReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(stream, WithHint(options, path));
    }

    /// <summary>Reads a whole hash file from a stream.</summary>
    /// <param name="stream">The stream; it is not disposed.</param>
    /// <param name="options">Options, or null for auto-detect and lenient.</param>
    /// <returns>The entries and the problems found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="HashFileFormatException">Strict mode and a malformed line, or no line of a known format at all.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static HashFileReadResult Read(Stream stream, HashFileReaderOptions? options = null)
    {
        var problems = new List<HashFileIssue>();
        var format = new HashFileFormat[1];
        long dropped = 0;
        HashFileIssue? last = null;
        var entries = ReadEntries(stream, options, p =>
        {
            // Bounded memory on garbage input: keep the first MaxListedProblems, then count.
            if (problems.Count < MaxListedProblems)
            {
                problems.Add(p);
            }
            else
            {
                dropped++;
                last = p;
            }
        }, format).ToList();
        if (dropped > 0)
        {
            problems.Add(new HashFileIssue(last!.Offset, last.Line, $"{dropped} more malformed lines not listed (the last one is this line)"));
        }

        if (entries.Count == 0 && format[0] == HashFileFormat.Unknown && problems.Count > 0)
        {
            throw new HashFileFormatException("No line of a known hash file format was found: " + problems[0], problems[0].Offset);
        }

        return new HashFileReadResult(format[0], entries, problems);
    }

    /// <summary>Streams the entries of a hash file without holding them all (for NSRL-sized inputs).</summary>
    /// <param name="stream">The stream; it is not disposed.</param>
    /// <param name="options">Options, or null for auto-detect and lenient.</param>
    /// <param name="onIssue">Receives each skipped line in lenient mode, or null to ignore them.</param>
    /// <returns>The entries, lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="HashFileFormatException">Strict mode and a malformed line (thrown while enumerating).</exception>
    public static IEnumerable<HashEntry> ReadEntries(Stream stream, HashFileReaderOptions? options = null, Action<HashFileIssue>? onIssue = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadEntries(stream, options, onIssue, new HashFileFormat[1]);
    }

    internal static HashFileReaderOptions WithHint(HashFileReaderOptions? options, string path)
    {
        options ??= HashFileReaderOptions.Default;
        if (options.Algorithm is not null || GuessAlgorithmFromFileName(path) is not { } hinted)
        {
            return options;
        }

        return new HashFileReaderOptions
        {
            Format = options.Format,
            Algorithm = hinted,
            Strictness = options.Strictness,
            MaxLineLength = options.MaxLineLength,
            AlgorithmFromFileName = true,
        };
    }

    /// <summary>Guesses the algorithm of a sum file from its name (<c>SHA256SUMS</c>, <c>x.sha1</c>, <c>B3SUMS</c>, <c>x.md5</c>).</summary>
    internal static FileHashAlgorithm? GuessAlgorithmFromFileName(string path)
    {
        string name = Path.GetFileName(path).ToUpperInvariant();
        (string Token, FileHashAlgorithm Algorithm)[] tokens =
        [
            ("SHA3-256", FileHashAlgorithm.Sha3_256), ("SHA3_256", FileHashAlgorithm.Sha3_256),
            ("SHA3-512", FileHashAlgorithm.Sha3_512), ("SHA3_512", FileHashAlgorithm.Sha3_512),
            ("SHA512", FileHashAlgorithm.Sha512), ("SHA384", FileHashAlgorithm.Sha384),
            ("SHA256", FileHashAlgorithm.Sha256), ("SHA1", FileHashAlgorithm.Sha1), ("MD5", FileHashAlgorithm.Md5),
            ("BLAKE3", FileHashAlgorithm.Blake3), ("B3SUM", FileHashAlgorithm.Blake3), (".B3", FileHashAlgorithm.Blake3),
            ("XXH128", FileHashAlgorithm.XxHash128), ("XXH3", FileHashAlgorithm.XxHash3), ("CRC32", FileHashAlgorithm.Crc32),
        ];
        foreach (var (token, algorithm) in tokens)
        {
            if (name.Contains(token, StringComparison.Ordinal))
            {
                return algorithm;
            }
        }

        return null;
    }

    private static IEnumerable<HashEntry> ReadEntries(Stream stream, HashFileReaderOptions? options, Action<HashFileIssue>? onIssue, HashFileFormat[] formatOut)
    {
        options ??= HashFileReaderOptions.Default;
        var lines = new LineSource(stream, options.MaxLineLength);
        var state = new ParseState(options);
        formatOut[0] = options.Format;
        HashEntry? pending = null; // BSD: consecutive lines for the same name merge into one entry
        var fields = new List<string>();

        while (lines.TryReadLine(out string? line))
        {
            string? error = null;
            HashEntry? entry = null;
            long lineNumber = lines.LineNumber;
            long offset = lines.LineOffset;
            if (line is null)
            {
                error = $"line longer than {options.MaxLineLength} bytes";
            }
            else
            {
                // CSV and NSRL records may continue over several lines inside quotes.
                if (formatOut[0] is HashFileFormat.Csv or HashFileFormat.NsrlCsv)
                {
                    while (!Csv.Split(line, fields) && line.Length < options.MaxLineLength && lines.TryReadLine(out string? more))
                    {
                        line = more is null ? line + "\n" : line + "\n" + more;
                    }
                }

                if (line.Length == 0 || (formatOut[0] != HashFileFormat.Hashdeep && (line[0] == '#' || line[0] == ';')))
                {
                    continue;
                }

                if (formatOut[0] == HashFileFormat.Unknown)
                {
                    formatOut[0] = Detect(line);
                    if (formatOut[0] == HashFileFormat.Unknown)
                    {
                        error = "not a line of any known hash file format";
                    }
                }

                if (error is null)
                {
                    error = formatOut[0] switch
                    {
                        HashFileFormat.Hashdeep => state.ParseHashdeep(line, out entry),
                        HashFileFormat.Sum or HashFileFormat.Bsd => state.ParseSumOrBsd(line, out entry),
                        HashFileFormat.Csv => state.ParseCsv(line, fields, out entry, nsrl: false),
                        HashFileFormat.NsrlCsv => state.ParseCsv(line, fields, out entry, nsrl: true),
                        HashFileFormat.JsonLines => ParseJson(line, out entry),
                        HashFileFormat.PlainList => state.ParsePlain(line, out entry),
                        _ => "unsupported format",
                    };
                }
            }

            if (error is not null)
            {
                if (options.Strictness == HashFileStrictness.Strict)
                {
                    throw new HashFileFormatException($"line {lineNumber}: {error}", offset);
                }

                onIssue?.Invoke(new HashFileIssue(offset, lineNumber, error));
                continue;
            }

            if (entry is null)
            {
                continue;
            }

            entry = new HashEntry(entry.Path, entry.Size, entry.Digests) { LineNumber = lineNumber };
            if (pending is not null)
            {
                if (pending.Path == entry.Path && pending.Size == entry.Size && !entry.Digests.Algorithms.Any(pending.Digests.Contains)
                    && formatOut[0] == HashFileFormat.Bsd)
                {
                    pending = Merge(pending, entry);
                    continue;
                }

                yield return pending;
            }

            pending = entry;
        }

        if (pending is not null)
        {
            yield return pending;
        }
    }

    private static HashEntry Merge(HashEntry a, HashEntry b)
    {
        var digests = a.Digests.Concat(b.Digests).Select(kv => new KeyValuePair<FileHashAlgorithm, byte[]>(kv.Key, kv.Value.ToArray()));
        return new HashEntry(a.Path, a.Size, new HashDigests(digests, a.Digests.Length)) { LineNumber = a.LineNumber };
    }
}
