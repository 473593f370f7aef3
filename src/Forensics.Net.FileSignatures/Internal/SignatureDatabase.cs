using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Forensics.Net.FileSignatures.Internal;

/// <summary>One byte pattern of a rule: bytes (with an optional mask) at an offset, or searched for in a range.</summary>
internal sealed class MagicPattern
{
    public MagicPattern(long offset, bool fromEnd, int range, byte[] value, byte[]? mask)
    {
        Offset = offset;
        FromEnd = fromEnd;
        Range = range;
        Value = value;
        Mask = mask;
    }

    /// <summary>Gets the offset (from the start, or from the end when <see cref="FromEnd"/>; then it is negative).</summary>
    public long Offset { get; }

    public bool FromEnd { get; }

    /// <summary>Gets the search range: 0 means exactly at <see cref="Offset"/>, else any start in [Offset, Offset+Range].</summary>
    public int Range { get; }

    public byte[] Value { get; }

    public byte[]? Mask { get; }

    public bool MatchesAt(ReadOnlySpan<byte> data)
    {
        if (data.Length < Value.Length)
        {
            return false;
        }

        if (Mask is null)
        {
            return data[..Value.Length].SequenceEqual(Value);
        }

        for (int i = 0; i < Value.Length; i++)
        {
            if ((data[i] & Mask[i]) != Value[i])
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A conjunction of patterns that identifies one format.</summary>
internal sealed class SignatureRule
{
    public SignatureRule(FileType type, MagicPattern[] patterns, int priority, string text)
    {
        Type = type;
        Patterns = patterns;
        Priority = priority;
        Text = text;
        Strength = patterns.Sum(p => p.Mask is null ? p.Value.Length * 8 : p.Mask.Sum(m => BitOperations.PopCount(m)));
    }

    public FileType Type { get; }

    public int Index { get; set; }

    public MagicPattern[] Patterns { get; }

    public int Priority { get; }

    /// <summary>Gets the number of fixed bits the rule checks (ties between priorities go to the stronger rule).</summary>
    public int Strength { get; }

    public string Text { get; }

    public double Confidence => Math.Min(0.99, 0.55 + (Strength / 8 * 0.06));
}

/// <summary>
/// The signature table (Resources/signatures.tsv, an embedded resource) parsed once, with rules indexed by
/// their first byte at offset 0 so that a detection only evaluates the few rules that can match.
/// </summary>
internal sealed class SignatureDatabase
{
    private static readonly Lazy<SignatureDatabase> LazyInstance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private SignatureDatabase(List<FileType> types, List<SignatureRule> rules)
    {
        Types = types;
        ById = types.ToFrozenDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
        var byExt = new Dictionary<string, List<FileType>>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in types)
        {
            foreach (var e in t.Extensions)
            {
                if (!byExt.TryGetValue(e, out var list))
                {
                    byExt[e] = list = [];
                }

                list.Add(t);
            }
        }

        ByExtension = byExt.ToFrozenDictionary(kv => kv.Key, kv => (IReadOnlyList<FileType>)kv.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        var byMime = new Dictionary<string, FileType>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in types)
        {
            byMime.TryAdd(t.MimeType, t);
        }

        ByMime = byMime.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Rules = rules;
        var buckets = new List<SignatureRule>[256];
        var general = new List<SignatureRule>();
        for (int i = 0; i < rules.Count; i++)
        {
            rules[i].Index = i;
        }

        foreach (var r in rules)
        {
            var p = r.Patterns[0];
            if (p is { Offset: 0, FromEnd: false, Range: 0, Mask: null })
            {
                (buckets[p.Value[0]] ??= []).Add(r);
            }
            else
            {
                general.Add(r);
            }
        }

        ByFirstByte = buckets.Select(b => b?.ToArray() ?? []).ToArray();
        General = general.ToArray();
    }

    public static SignatureDatabase Instance => LazyInstance.Value;

    public List<FileType> Types { get; }

    public FrozenDictionary<string, FileType> ById { get; }

    public FrozenDictionary<string, IReadOnlyList<FileType>> ByExtension { get; }

    public FrozenDictionary<string, FileType> ByMime { get; }

    public List<SignatureRule> Rules { get; }

    public SignatureRule[][] ByFirstByte { get; }

    public SignatureRule[] General { get; }

    public FileType Get(string id) => ById.TryGetValue(id, out var t) ? t : throw new InvalidOperationException("signature table lacks " + id);

    private static SignatureDatabase Load()
    {
        using var s = typeof(SignatureDatabase).Assembly.GetManifestResourceStream("Forensics.Net.FileSignatures.signatures.tsv")
            ?? throw new InvalidOperationException("The embedded signature table is missing.");
        using var reader = new StreamReader(s, Encoding.UTF8);
        return Parse(reader);
    }

    internal static SignatureDatabase Parse(TextReader reader)
    {
        var types = new List<FileType>();
        var pending = new List<(FileType Type, int Priority, string Rules)>();
        string? line;
        int lineNo = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] f = line.Split('\t');
            if (f.Length < 9)
            {
                throw new FormatException($"signatures.tsv line {lineNo}: expected 9 tab-separated fields, found {f.Length}");
            }

            string flags = f[5];
            var type = new FileType(
                id: f[0],
                name: f[7],
                mimeType: f[3],
                extensions: f[4] == "-" ? [] : f[4].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(e => e.ToLowerInvariant()).ToArray(),
                category: Enum.Parse<FileTypeCategory>(f[2], ignoreCase: true),
                isExecutable: flags.Contains('x', StringComparison.Ordinal),
                isText: flags.Contains('t', StringComparison.Ordinal),
                parentId: f[1] == "-" ? null : f[1]);
            types.Add(type);
            pending.Add((type, int.Parse(f[6], CultureInfo.InvariantCulture), f[8]));
        }

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in types)
        {
            if (!ids.Add(t.Id))
            {
                throw new FormatException("signatures.tsv: duplicate id " + t.Id);
            }
        }

        foreach (var t in types)
        {
            if (t.ParentId is not null && !ids.Contains(t.ParentId))
            {
                throw new FormatException($"signatures.tsv: {t.Id} has unknown parent {t.ParentId}");
            }
        }

        var rules = new List<SignatureRule>();
        foreach (var (type, priority, text) in pending)
        {
            if (text == "-")
            {
                continue;
            }

            foreach (string alt in text.Split(" | "))
            {
                var patterns = alt.Split(" & ").Select(p => ParsePattern(p.Trim(), type.Id)).ToArray();
                rules.Add(new SignatureRule(type, patterns, priority, alt.Trim()));
            }
        }

        return new SignatureDatabase(types, rules);
    }

    /// <summary>Parses <c>OFFSET[~RANGE]:HEX[/MASK]</c> or <c>OFFSET[~RANGE]:"text"</c>; HEX may use <c>??</c> for any byte.</summary>
    private static MagicPattern ParsePattern(string text, string id)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"signatures.tsv: bad pattern '{text}' for {id}");
        }

        string where = text[..colon];
        string what = text[(colon + 1)..];
        int range = 0;
        int tilde = where.IndexOf('~', StringComparison.Ordinal);
        if (tilde > 0)
        {
            range = int.Parse(where[(tilde + 1)..], CultureInfo.InvariantCulture);
            where = where[..tilde];
        }

        long offset = long.Parse(where, CultureInfo.InvariantCulture);
        byte[] value;
        byte[]? mask = null;
        if (what.Length >= 2 && what[0] == '"' && what[^1] == '"')
        {
            value = Encoding.Latin1.GetBytes(what[1..^1].Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\r", "\r", StringComparison.Ordinal).Replace("\\0", "\0", StringComparison.Ordinal));
        }
        else
        {
            string hex = what;
            string? maskHex = null;
            int slash = what.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                hex = what[..slash];
                maskHex = what[(slash + 1)..];
            }

            if (hex.Length % 2 != 0)
            {
                throw new FormatException($"signatures.tsv: odd hex '{text}' for {id}");
            }

            value = new byte[hex.Length / 2];
            bool wildcard = false;
            var m = new byte[value.Length];
            for (int i = 0; i < value.Length; i++)
            {
                string b = hex.Substring(i * 2, 2);
                if (b == "??")
                {
                    wildcard = true;
                    m[i] = 0;
                }
                else
                {
                    value[i] = byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    m[i] = 0xFF;
                }
            }

            if (maskHex is not null)
            {
                mask = Convert.FromHexString(maskHex);
                if (mask.Length != value.Length)
                {
                    throw new FormatException($"signatures.tsv: mask length differs in '{text}' for {id}");
                }
            }
            else if (wildcard)
            {
                mask = m;
            }

            if (mask is not null)
            {
                for (int i = 0; i < value.Length; i++)
                {
                    value[i] &= mask[i];
                }
            }
        }

        if (value.Length == 0)
        {
            throw new FormatException($"signatures.tsv: empty pattern '{text}' for {id}");
        }

        return new MagicPattern(offset, offset < 0, range, value, mask);
    }
}
