using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Forensics.Net.EncodingDetection.Internal;

/// <summary>
/// A character bigram model of one language: log P(c) for its most frequent characters and
/// log P(c2 | c1) for its most frequent pairs, on text normalised by <see cref="Normalise"/>.
/// Built by eng/encoding-models/build.py; stored quantised (1/16 nat) in an embedded resource.
/// </summary>
internal sealed class LanguageModel
{
    private const float BackoffPenalty = -2.5f;
    private readonly OpenHashTable _unigrams;
    private readonly OpenHashTable _bigrams;
    private readonly float _nativeFloor;
    private readonly float _letterFloor;
    private readonly UnicodeScript _script;

    private LanguageModel(string code, OpenHashTable unigrams, OpenHashTable bigrams, UnicodeScript script, bool ideographic)
    {
        Code = code;
        _unigrams = unigrams;
        _bigrams = bigrams;
        _script = script;
        IsIdeographic = ideographic;
        _nativeFloor = ideographic ? -11.5f : -10f;
        _letterFloor = -13f;
    }

    public string Code { get; }

    public int Index { get; private set; }

    public bool IsIdeographic { get; }

    /// <summary>Gets the script most of the language's letters are written in.</summary>
    public UnicodeScript Script => _script;

    public static IReadOnlyList<LanguageModel> All { get; } = Load();

    public static LanguageModel? Find(string code)
    {
        foreach (var m in All)
        {
            if (m.Code == code)
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>Maps a character to the form the models count: lower case, digits to '0', white space to ' '.</summary>
    public static char Normalise(char c)
    {
        if (c < 0x80)
        {
            if (c is >= 'A' and <= 'Z')
            {
                return (char)(c | 0x20);
            }

            if (c is >= '0' and <= '9')
            {
                return '0';
            }

            return c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' ? ' ' : c;
        }

        if (char.IsWhiteSpace(c))
        {
            return ' ';
        }

        if (char.IsDigit(c))
        {
            return '0';
        }

        return char.ToLowerInvariant(c);
    }

    /// <summary>Log-likelihood (nats) of <paramref name="text"/> under this model.</summary>
    public float Score(ReadOnlySpan<char> text)
    {
        float score = 0;
        char prev = ' ';
        bool prevLower = false;
        foreach (char raw in text)
        {
            char c = Normalise(raw);
            if (c == ' ' && prev == ' ')
            {
                continue;
            }

            int q = _bigrams.Get(((uint)prev << 16) | c);
            score += q >= 0 ? -q / 16f : BackoffPenalty + Unigram(c);

            bool lower = char.IsLower(raw);
            if (prevLower && char.IsUpper(raw))
            {
                score -= 3f;
            }

            prevLower = lower;
            prev = c;
        }

        return score;
    }

    private float Unigram(char c)
    {
        int q = _unigrams.Get(c);
        if (q >= 0)
        {
            return -q / 16f;
        }

        return Floor(c);
    }

    private float Floor(char c)
    {
        if (c == '\uFFFD')
        {
            return -30f;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        switch (category)
        {
            case UnicodeCategory.Control:
            case UnicodeCategory.PrivateUse:
            case UnicodeCategory.Surrogate:
            case UnicodeCategory.OtherNotAssigned:
            case UnicodeCategory.Format:
                return -30f;
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
                return ScriptOf(c) == _script ? _nativeFloor : _letterFloor;
            case UnicodeCategory.InitialQuotePunctuation:
            case UnicodeCategory.FinalQuotePunctuation:
            case UnicodeCategory.DashPunctuation:
                return -7f; // typographic quotes and dashes: rare in catalogues, common in prose
            default:
                return -11f;
        }
    }

    internal static UnicodeScript ScriptOf(char c) => c switch
    {
        < '\u0250' => UnicodeScript.Latin,
        >= '\u0370' and < '\u0400' => UnicodeScript.Greek,
        >= '\u0400' and < '\u0530' => UnicodeScript.Cyrillic,
        >= '\u0590' and < '\u0600' => UnicodeScript.Hebrew,
        >= '\u0600' and < '\u0700' => UnicodeScript.Arabic,
        >= '\u0E00' and < '\u0E80' => UnicodeScript.Thai,
        >= '\u1E00' and < '\u1F00' => UnicodeScript.Latin,
        >= '\u3040' and < '\u3100' => UnicodeScript.Kana,
        >= '\u3400' and < '\uA000' => UnicodeScript.Han,
        >= '\uAC00' and < '\uD7B0' => UnicodeScript.Hangul,
        >= '\u1100' and < '\u1200' => UnicodeScript.Hangul,
        >= '\u3130' and < '\u3190' => UnicodeScript.Hangul,
        >= '\uF900' and < '\uFB00' => UnicodeScript.Han,
        _ => UnicodeScript.Other,
    };

    private static List<LanguageModel> Load()
    {
        using var resource = typeof(LanguageModel).Assembly.GetManifestResourceStream("Forensics.Net.EncodingDetection.languages.bin")
            ?? throw new InvalidOperationException("The embedded language models are missing.");
        using var inflate = new DeflateStream(resource, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        inflate.CopyTo(buffer);
        ReadOnlySpan<byte> data = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!data.StartsWith("FNLM"u8))
        {
            throw new InvalidOperationException("The embedded language models are damaged.");
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
        int pos = 8;
        var models = new List<LanguageModel>(count);
        for (int i = 0; i < count; i++)
        {
            int codeLength = data[pos++];
            string code = System.Text.Encoding.ASCII.GetString(data.Slice(pos, codeLength));
            pos += codeLength + 4; // + total count
            int nUni = BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]);
            pos += 2;
            var unigrams = new OpenHashTable(nUni);
            var scripts = new Dictionary<UnicodeScript, int>();
            for (int u = 0; u < nUni; u++)
            {
                char c = (char)BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]);
                byte q = data[pos + 2];
                pos += 3;
                unigrams.Add(c, q);
                if (char.IsLetter(c))
                {
                    var s = ScriptOf(c);
                    scripts[s] = scripts.GetValueOrDefault(s) + (255 - q);
                }
            }

            int nBi = BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]);
            pos += 2;
            var bigrams = new OpenHashTable(nBi);
            for (int b = 0; b < nBi; b++)
            {
                uint c1 = BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]);
                uint c2 = BinaryPrimitives.ReadUInt16LittleEndian(data[(pos + 2)..]);
                bigrams.Add((c1 << 16) | c2, data[pos + 4]);
                pos += 5;
            }

            var script = UnicodeScript.Latin;
            int best = -1;
            foreach (var (s, weight) in scripts)
            {
                if (s != UnicodeScript.Other && weight > best)
                {
                    best = weight;
                    script = s;
                }
            }

            bool ideographic = code is "ja" or "zh-CN" or "zh-TW" or "ko";
            models.Add(new LanguageModel(code, unigrams, bigrams, script, ideographic) { Index = i });
        }

        return models;
    }
}

internal enum UnicodeScript
{
    Other,
    Latin,
    Greek,
    Cyrillic,
    Hebrew,
    Arabic,
    Thai,
    Kana,
    Han,
    Hangul,
}

/// <summary>A small open-addressing hash table from non-zero uint keys to byte values.</summary>
internal sealed class OpenHashTable
{
    private readonly uint[] _keys;
    private readonly byte[] _values;
    private readonly int _mask;

    public OpenHashTable(int count)
    {
        int size = 16;
        while (size < count * 2)
        {
            size <<= 1;
        }

        _keys = new uint[size];
        _values = new byte[size];
        _mask = size - 1;
    }

    public void Add(uint key, byte value)
    {
        int i = Hash(key) & _mask;
        while (_keys[i] != 0 && _keys[i] != key)
        {
            i = (i + 1) & _mask;
        }

        _keys[i] = key;
        _values[i] = value;
    }

    /// <summary>Returns the value, or -1 when the key is absent.</summary>
    public int Get(uint key)
    {
        int i = Hash(key) & _mask;
        while (true)
        {
            uint k = _keys[i];
            if (k == key)
            {
                return _values[i];
            }

            if (k == 0)
            {
                return -1;
            }

            i = (i + 1) & _mask;
        }
    }

    private static int Hash(uint key) => (int)((key * 2654435769u) >> 7);
}
