using System.Text;
using System.Text.Json;

namespace Forensics.Net.Hashing.Files;

// Format detection and the per-format line parsers (sum, BSD, JSON Lines, escapes).
public static partial class HashFileReader
{
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
}
