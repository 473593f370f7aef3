using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

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
public static class HashFileReader
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

    internal static HashFileFormat Detect(string line)
    {
        if (line.StartsWith("%%%% HASHDEEP", StringComparison.Ordinal) || line.StartsWith("%%%% size", StringComparison.Ordinal))
        {
            return HashFileFormat.Hashdeep;
        }

        if (line.StartsWith('{'))
        {
            return HashFileFormat.JsonLines;
        }

        if (line.StartsWith("\"SHA-1\"", StringComparison.OrdinalIgnoreCase) || line.StartsWith("SHA-1,", StringComparison.OrdinalIgnoreCase))
        {
            return HashFileFormat.NsrlCsv;
        }

        if (line.StartsWith("path,", StringComparison.OrdinalIgnoreCase) || line.StartsWith("\"path\",", StringComparison.OrdinalIgnoreCase))
        {
            return HashFileFormat.Csv;
        }

        if (TryParseBsd(line, out _, out _, out _) is null)
        {
            return HashFileFormat.Bsd;
        }

        if (TryParseSum(line, out _, out _) is null)
        {
            return HashFileFormat.Sum;
        }

        string first = line.Trim().Split([' ', '\t'], 2)[0];
        return first.Length >= 8 && first.Length % 2 == 0 && IsHex(first) ? HashFileFormat.PlainList : HashFileFormat.Unknown;
    }

    private static bool LooksLikeBsd(string line)
    {
        int open = line.IndexOf(" (", StringComparison.Ordinal);
        return open > 0 && line.LastIndexOf(") = ", StringComparison.Ordinal) > open && !line.AsSpan(0, open).Contains(' ');
    }

    private static bool IsHex(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExcept("0123456789abcdefABCDEF");

    private static byte[]? FromHex(ReadOnlySpan<char> s) =>
        s.Length % 2 == 0 && IsHex(s) ? Convert.FromHexString(s) : null;

    /// <summary>Parses <c>[\]hex␠[␠*]name</c>; returns an error or null.</summary>
    internal static string? TryParseSum(string line, out byte[]? digest, out string? name)
    {
        digest = null;
        name = null;
        bool escaped = line.StartsWith('\\');
        ReadOnlySpan<char> s = escaped ? line.AsSpan(1) : line;
        int space = s.IndexOf(' ');
        if (space <= 0 || space + 2 > s.Length || (s[space + 1] != ' ' && s[space + 1] != '*'))
        {
            return "expected 'HEX  NAME' or 'HEX *NAME'";
        }

        digest = FromHex(s[..space]);
        if (digest is null)
        {
            return IsHex(s[..space]) ? $"wrong hash length: an odd number ({space}) of hex digits" : "the digest is not hexadecimal";
        }

        ReadOnlySpan<char> raw = s[(space + 2)..];
        if (raw.IsEmpty)
        {
            return "the file name is empty";
        }

        name = escaped ? Unescape(raw) : raw.ToString();
        return name is null ? "bad backslash escape in the file name" : null;
    }

    /// <summary>Parses <c>[\]TAG (name) = hex</c>; returns an error or null.</summary>
    internal static string? TryParseBsd(string line, out FileHashAlgorithm algorithm, out byte[]? digest, out string? name)
    {
        algorithm = default;
        digest = null;
        name = null;
        bool escaped = line.StartsWith('\\');
        ReadOnlySpan<char> s = escaped ? line.AsSpan(1) : line;
        int open = s.IndexOf(" (", StringComparison.Ordinal);
        int close = s.LastIndexOf(") = ", StringComparison.Ordinal);
        if (open <= 0 || close < open + 2)
        {
            return "expected 'TAG (NAME) = HEX'";
        }

        if (!FileHashAlgorithms.TryParse(s[..open].ToString(), out algorithm))
        {
            return $"unknown algorithm tag '{s[..open].ToString()}'";
        }

        digest = FromHex(s[(close + 4)..].Trim());
        if (digest is null)
        {
            return "the digest is not hexadecimal";
        }

        if (digest.Length != FileHashAlgorithms.GetDigestLength(algorithm))
        {
            return $"wrong hash length for {FileHashAlgorithms.GetName(algorithm)}: {digest.Length} bytes, expected {FileHashAlgorithms.GetDigestLength(algorithm)}";
        }

        ReadOnlySpan<char> raw = s[(open + 2)..close];
        name = escaped ? Unescape(raw) : raw.ToString();
        return name is null ? "bad backslash escape in the file name" : null;
    }

    /// <summary>Undoes coreutils name escaping: <c>\\</c>, <c>\n</c>, <c>\r</c>. Null on a bad escape.</summary>
    internal static string? Unescape(ReadOnlySpan<char> raw)
    {
        var sb = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (++i >= raw.Length)
            {
                return null;
            }

            switch (raw[i])
            {
                case '\\': sb.Append('\\'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                default: return null;
            }
        }

        return sb.ToString();
    }

    private static string? ParseJson(string line, out HashEntry? entry)
    {
        entry = null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "a JSON Lines record must be an object";
            }

            string? path = null;
            long size = -1;
            var digests = new List<KeyValuePair<FileHashAlgorithm, byte[]>>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.NameEquals("path") && property.Value.ValueKind == JsonValueKind.String)
                {
                    path = property.Value.GetString();
                }
                else if (property.NameEquals("size") && property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out long n))
                {
                    size = n;
                }
                else if (FileHashAlgorithms.TryParse(property.Name, out var algorithm) && property.Value.ValueKind == JsonValueKind.String)
                {
                    byte[]? digest = FromHex(property.Value.GetString());
                    if (digest is null || digest.Length != FileHashAlgorithms.GetDigestLength(algorithm))
                    {
                        return $"wrong hash length or not hex for {FileHashAlgorithms.GetName(algorithm)}";
                    }

                    digests.Add(new(algorithm, digest));
                }
            }

            if (path is null || digests.Count == 0)
            {
                return "a JSON Lines record needs \"path\" and at least one digest";
            }

            entry = new HashEntry(path, size, new HashDigests(digests, size));
            return null;
        }
        catch (JsonException ex)
        {
            return "invalid JSON: " + ex.Message;
        }
    }

    private sealed class ParseState(HashFileReaderOptions options)
    {
        private FileHashAlgorithm?[]? _hashdeepColumns;
        private int _hashdeepSize = -1;
        private bool _hashdeepMagic;
        private string[]? _csvHeader;
        private int _sumDigestLength = -1;

        public string? ParseHashdeep(string line, out HashEntry? entry)
        {
            entry = null;
            if (line.StartsWith("%%%% HASHDEEP-", StringComparison.Ordinal))
            {
                _hashdeepMagic = true;
                _hashdeepColumns = null;
                return line == "%%%% HASHDEEP-1.0" ? null : "unsupported hashdeep version " + line[5..];
            }

            if (line.StartsWith("%%%% ", StringComparison.Ordinal))
            {
                string[] names = line[5..].Split(',');
                if (names.Length < 2 || names[^1] != "filename")
                {
                    return "a hashdeep header must end with 'filename'";
                }

                _hashdeepSize = Array.IndexOf(names, "size");
                _hashdeepColumns = new FileHashAlgorithm?[names.Length - 1];
                for (int i = 0; i < names.Length - 1; i++)
                {
                    _hashdeepColumns[i] = FileHashAlgorithms.TryParse(names[i], out var a) ? a : null;
                }

                return _hashdeepMagic ? null : "the hashdeep header comes before %%%% HASHDEEP-1.0";
            }

            if (line.StartsWith('#'))
            {
                return null;
            }

            if (_hashdeepColumns is null)
            {
                return "a hashdeep record before the %%%% size,...,filename header";
            }

            var digests = new List<KeyValuePair<FileHashAlgorithm, byte[]>>(_hashdeepColumns.Length);
            long size = -1;
            int pos = 0;
            for (int i = 0; i < _hashdeepColumns.Length; i++)
            {
                int comma = line.IndexOf(',', pos);
                if (comma < 0)
                {
                    return $"expected {_hashdeepColumns.Length + 1} comma-separated fields";
                }

                ReadOnlySpan<char> field = line.AsSpan(pos, comma - pos);
                pos = comma + 1;
                if (i == _hashdeepSize)
                {
                    if (!long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out size))
                    {
                        return "the size is not a number";
                    }
                }
                else if (_hashdeepColumns[i] is { } algorithm)
                {
                    byte[]? digest = FromHex(field);
                    if (digest is null)
                    {
                        return $"the {FileHashAlgorithms.GetName(algorithm)} field is not hexadecimal";
                    }

                    if (digest.Length != FileHashAlgorithms.GetDigestLength(algorithm))
                    {
                        return $"wrong hash length for {FileHashAlgorithms.GetName(algorithm)}: {digest.Length} bytes, expected {FileHashAlgorithms.GetDigestLength(algorithm)}";
                    }

                    digests.Add(new(algorithm, digest));
                }
            }

            if (pos >= line.Length)
            {
                return "the file name is empty";
            }

            if (digests.Count == 0)
            {
                return "no supported hash column (tiger and whirlpool are not computed by this library)";
            }

            entry = new HashEntry(line[pos..], size, new HashDigests(digests, size));
            return null;
        }

        public string? ParseSumOrBsd(string line, out HashEntry? entry)
        {
            entry = null;
            string? bsdError = TryParseBsd(line, out var algorithm, out byte[]? digest, out string? name);
            if (bsdError is null)
            {
                entry = new HashEntry(name!, -1, new HashDigests([new(algorithm, digest!)]));
                return null;
            }

            if (LooksLikeBsd(line))
            {
                return bsdError;
            }

            string? error = TryParseSum(line, out digest, out name);
            if (error is not null)
            {
                return error;
            }

            error = ResolveAlgorithm(digest!.Length, out algorithm);
            if (error is not null)
            {
                return error;
            }

            entry = new HashEntry(name!, -1, new HashDigests([new(algorithm, digest)]));
            return null;
        }

        public string? ParsePlain(string line, out HashEntry? entry)
        {
            entry = null;
            string trimmed = line.Trim();
            int ws = trimmed.IndexOfAny([' ', '\t']);
            string hex = ws < 0 ? trimmed : trimmed[..ws];
            string name = ws < 0 ? string.Empty : trimmed[(ws + 1)..].Trim();
            byte[]? digest = FromHex(hex);
            if (digest is null)
            {
                return "not a hexadecimal digest";
            }

            string? error = ResolveAlgorithm(digest.Length, out var algorithm);
            if (error is not null)
            {
                return error;
            }

            entry = new HashEntry(name, -1, new HashDigests([new(algorithm, digest)]));
            return null;
        }

        public string? ParseCsv(string line, List<string> fields, out HashEntry? entry, bool nsrl)
        {
            entry = null;
            if (!Csv.Split(line, fields))
            {
                return "unterminated quoted CSV field";
            }

            if (_csvHeader is null)
            {
                _csvHeader = [.. fields];
                if (!_csvHeader.Any(h => FileHashAlgorithms.TryParse(h, out _)))
                {
                    _csvHeader = null;
                    return "the CSV header names no hash algorithm";
                }

                return null;
            }

            if (fields.Count != _csvHeader.Length)
            {
                return $"expected {_csvHeader.Length} CSV fields, found {fields.Count}";
            }

            string path = string.Empty;
            long size = -1;
            var digests = new List<KeyValuePair<FileHashAlgorithm, byte[]>>();
            for (int i = 0; i < fields.Count; i++)
            {
                string h = _csvHeader[i];
                if (h.Equals(nsrl ? "FileName" : "path", StringComparison.OrdinalIgnoreCase))
                {
                    path = fields[i];
                }
                else if (h.Equals(nsrl ? "FileSize" : "size", StringComparison.OrdinalIgnoreCase))
                {
                    if (fields[i].Length > 0 && !long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out size))
                    {
                        return $"the {h} field is not a number";
                    }
                }
                else if (FileHashAlgorithms.TryParse(h, out var algorithm))
                {
                    if (fields[i].Length == 0)
                    {
                        continue;
                    }

                    byte[]? digest = FromHex(fields[i]);
                    if (digest is null || digest.Length != FileHashAlgorithms.GetDigestLength(algorithm))
                    {
                        return $"wrong hash length or not hex for {FileHashAlgorithms.GetName(algorithm)}";
                    }

                    digests.Add(new(algorithm, digest));
                }
            }

            if (digests.Count == 0)
            {
                return "no digest in the record";
            }

            entry = new HashEntry(path, size, new HashDigests(digests, size));
            return null;
        }

        private string? ResolveAlgorithm(int length, out FileHashAlgorithm algorithm)
        {
            if (options.Algorithm is { } given)
            {
                algorithm = given;
                if (FileHashAlgorithms.GetDigestLength(given) != length)
                {
                    return $"wrong hash length for {FileHashAlgorithms.GetName(given)}: {length} bytes, expected {FileHashAlgorithms.GetDigestLength(given)}"
                        + (options.AlgorithmFromFileName ? " (algorithm taken from the file name)" : string.Empty);
                }

                return null;
            }

            if (_sumDigestLength >= 0 && length != _sumDigestLength)
            {
                algorithm = default;
                return $"mixed algorithms: a {length}-byte digest in a file of {_sumDigestLength}-byte digests";
            }

            if (!FileHashAlgorithms.TryGuessFromDigestLength(length, out algorithm))
            {
                return $"no known algorithm has {length}-byte digests";
            }

            _sumDigestLength = length;
            return null;
        }
    }
}

/// <summary>RFC 4180 field splitting and quoting.</summary>
internal static class Csv
{
    private static readonly SearchValues<char> NeedsQuote = SearchValues.Create(",\"\r\n");

    /// <summary>Splits one record; false when a quoted field is still open at the end (the record continues on the next line).</summary>
    public static bool Split(string line, List<string> fields)
    {
        fields.Clear();
        var sb = new StringBuilder();
        bool quoted = false;
        bool inQuotes = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
                quoted = false;
            }
            else if (c == '"' && sb.Length == 0 && !quoted)
            {
                inQuotes = quoted = true;
            }
            else
            {
                sb.Append(c);
            }
        }

        fields.Add(sb.ToString());
        return !inQuotes;
    }

    public static string Quote(string field) =>
        field.AsSpan().ContainsAny(NeedsQuote) ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
