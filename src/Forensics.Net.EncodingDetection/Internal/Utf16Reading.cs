using System.Text;

namespace Forensics.Net.EncodingDetection.Internal;

/// <summary>A plausible BOM-less UTF-16 reading of some bytes: the decoded text and its language-model score.</summary>
internal sealed class Utf16Reading
{
    private static readonly Encoding Le = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
    private static readonly Encoding Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);

    private Utf16Reading(Encoding encoding, string webName, string text, float score, string? language)
    {
        Encoding = encoding;
        WebName = webName;
        Text = text;
        Score = score;
        Language = language;
    }

    public Encoding Encoding { get; }

    public string WebName { get; }

    public string Text { get; }

    public float Score { get; }

    public string? Language { get; }

    /// <summary>
    /// Reads <paramref name="data"/> as UTF-16 code units and returns the reading when at least 95% of
    /// them are characters of writing systems (letters of the common scripts, CJK, Hangul, punctuation)
    /// and surrogates pair up; otherwise null.
    /// </summary>
    public static Utf16Reading? Evaluate(ReadOnlySpan<byte> data, bool bigEndian)
    {
        int units = data.Length / 2;
        if (units < 2)
        {
            return null;
        }

        int text = 0;
        for (int i = 0; i < units; i++)
        {
            char u = (char)(bigEndian ? (data[2 * i] << 8) | data[(2 * i) + 1] : data[2 * i] | (data[(2 * i) + 1] << 8));
            if (char.IsHighSurrogate(u))
            {
                if (i + 1 < units)
                {
                    char low = (char)(bigEndian ? (data[(2 * i) + 2] << 8) | data[(2 * i) + 3] : data[(2 * i) + 2] | (data[(2 * i) + 3] << 8));
                    if (!char.IsLowSurrogate(low))
                    {
                        return null;
                    }

                    text += 2;
                    i++;
                }
                else
                {
                    text++; // cut by the end
                }

                continue;
            }

            if (char.IsLowSurrogate(u))
            {
                return null;
            }

            if (IsTextUnit(u))
            {
                text++;
            }
        }

        if (text * 100 < units * 95 || Monotonous(data, units, bigEndian))
        {
            return null;
        }

        var encoding = bigEndian ? Be : Le;
        string decoded = encoding.GetString(data[..(units * 2)]);
        var (score, language) = Analyzer.BestLanguage(decoded);
        if (decoded.Length > 4096)
        {
            score *= decoded.Length / 4096f;
        }

        return new Utf16Reading(encoding, bigEndian ? "utf-16be" : "utf-16le", decoded, score, language);
    }

    /// <summary>
    /// Whether one code unit other than a space makes up more than half of the units: not text but a
    /// fill pattern (a constant audio sample, a table of equal 16-bit values).
    /// </summary>
    internal static bool Monotonous(ReadOnlySpan<byte> data, int units, bool bigEndian)
    {
        if (units < 16)
        {
            return false;
        }

        var counts = new Dictionary<char, int>();
        int max = 0;
        for (int i = 0; i < units; i++)
        {
            char u = (char)(bigEndian ? (data[2 * i] << 8) | data[(2 * i) + 1] : data[2 * i] | (data[(2 * i) + 1] << 8));
            if (u == ' ')
            {
                continue;
            }

            ref int n = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, u, out _);
            max = Math.Max(max, ++n);
        }

        return max * 2 > units;
    }

    /// <summary>Whether a BMP code unit is a character that ordinary text is made of.</summary>
    public static bool IsTextUnit(char u) => u switch
    {
        '\t' or '\n' or '\r' or '\f' => true,
        < ' ' => false,
        < '\u007F' => true,
        < '\u00A0' => false,
        < '\u0250' => true,                 // Latin-1, Latin Extended-A/B
        >= '\u0370' and < '\u0530' => true, // Greek, Cyrillic
        >= '\u0590' and < '\u0700' => true, // Hebrew, Arabic
        >= '\u0E00' and < '\u0E80' => true, // Thai
        >= '\u1E00' and < '\u1F00' => true, // Latin Extended Additional (Vietnamese)
        >= '\u2000' and < '\u2070' => true, // General Punctuation
        >= '\u20A0' and < '\u20C0' => true, // currency
        >= '\u2100' and < '\u2200' => true, // letterlike, number forms, arrows
        >= '\u2500' and < '\u2600' => true, // box drawing, shapes
        >= '\u3000' and < '\u3130' => true, // CJK punctuation, kana, bopomofo
        >= '\u3130' and < '\u3190' => true, // Hangul compatibility jamo
        >= '\u4E00' and < '\uA000' => true, // CJK unified ideographs
        >= '\uAC00' and < '\uD7A4' => true, // Hangul syllables
        >= '\uFF00' and < '\uFFF0' => true, // half/full-width forms
        _ => false,
    };
}
