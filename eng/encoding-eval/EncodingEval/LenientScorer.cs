using System.Text;
using System.Text.RegularExpressions;

namespace Forensics.Net.EncodingEval;

/// <summary>
/// The "lenient" scoring rule of testdata/encoding/README.md, for answers from any detector: an answer
/// is right when it names the labelled encoding (after alias normalisation: <c>WINDOWS-1251</c>,
/// <c>cp1251</c> and <c>windows-1251</c> are one encoding), a documented compatible superset of it, or an
/// encoding that decodes the bytes to exactly the same text (one leading BOM stripped). A bare
/// <c>utf-16</c>/<c>utf-32</c> counts only when the file has a BOM.
/// </summary>
public static partial class LenientScorer
{
    /// <summary>Label → encodings that contain it and are accepted for it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Supersets = new Dictionary<string, string[]>
    {
        ["us-ascii"] = ["utf-8"],
        ["iso-8859-1"] = ["windows-1252"],
        ["iso-8859-9"] = ["windows-1254"],
        ["tis-620"] = ["windows-874"],
        ["shift_jis"] = ["cp932"],
        ["euc-kr"] = ["cp949"],
        ["gb2312"] = ["gbk", "gb18030"],
        ["gbk"] = ["gb18030"],
        ["big5"] = ["cp950"],
    };

    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["ascii"] = "us-ascii", ["ansi-x3.4-1968"] = "us-ascii", ["us"] = "us-ascii",
        ["utf8"] = "utf-8", ["utf-8-sig"] = "utf-8",
        ["utf16"] = "utf-16", ["utf32"] = "utf-32", ["ucs-2le"] = "utf-16le", ["ucs-2be"] = "utf-16be",
        ["latin1"] = "iso-8859-1", ["latin2"] = "iso-8859-2", ["iso-8859-11"] = "tis-620", ["tis620"] = "tis-620",
        ["koi8r"] = "koi8-r", ["koi8u"] = "koi8-u",
        ["mac-cyrillic"] = "x-mac-cyrillic", ["maccyrillic"] = "x-mac-cyrillic", ["x-mac-ukrainian"] = "x-mac-cyrillic",
        ["mac-roman"] = "macintosh", ["macroman"] = "macintosh", ["x-mac-roman"] = "macintosh", ["mac"] = "macintosh",
        ["mac-centraleurope"] = "x-mac-ce", ["maccentraleurope"] = "x-mac-ce", ["x-mac-centraleurroman"] = "x-mac-ce",
        ["mac-latin2"] = "x-mac-ce", ["mac-greek"] = "x-mac-greek", ["mac-turkish"] = "x-mac-turkish",
        ["mac-arabic"] = "x-mac-arabic", ["mac-hebrew"] = "x-mac-hebrew", ["mac-icelandic"] = "x-mac-icelandic",
        ["shift-jis"] = "shift_jis", ["sjis"] = "shift_jis", ["x-sjis"] = "shift_jis",
        ["windows-31j"] = "cp932", ["ms932"] = "cp932", ["ms-kanji"] = "cp932", ["windows-932"] = "cp932",
        ["eucjp"] = "euc-jp", ["x-euc-jp"] = "euc-jp", ["euckr"] = "euc-kr",
        ["uhc"] = "cp949", ["ks-c-5601-1987"] = "cp949", ["windows-949"] = "cp949", ["x-windows-949"] = "cp949",
        ["euc-cn"] = "gb2312", ["cp936"] = "gbk", ["windows-936"] = "gbk", ["hz"] = "hz-gb-2312",
        ["big5hkscs"] = "big5-hkscs", ["windows-950"] = "cp950", ["euctw"] = "euc-tw", ["x-euc-tw"] = "euc-tw",
        ["cp874"] = "windows-874", ["x-cp874"] = "windows-874",
    };

    private static readonly Dictionary<string, int> CodePages = new()
    {
        ["us-ascii"] = 20127, ["utf-8"] = 65001, ["utf-16le"] = 1200, ["utf-16be"] = 1201,
        ["utf-32le"] = 12000, ["utf-32be"] = 12001, ["windows-874"] = 874, ["tis-620"] = 874,
        ["koi8-r"] = 20866, ["koi8-u"] = 21866,
        ["macintosh"] = 10000, ["x-mac-arabic"] = 10004, ["x-mac-hebrew"] = 10005, ["x-mac-greek"] = 10006,
        ["x-mac-cyrillic"] = 10007, ["x-mac-ce"] = 10029, ["x-mac-icelandic"] = 10079, ["x-mac-turkish"] = 10081,
        ["shift_jis"] = 932, ["cp932"] = 932, ["euc-jp"] = 51932, ["iso-2022-jp"] = 50220,
        ["euc-kr"] = 51949, ["cp949"] = 949, ["johab"] = 1361, ["iso-2022-kr"] = 50225,
        ["gb2312"] = 936, ["gbk"] = 936, ["gb18030"] = 54936, ["hz-gb-2312"] = 52936,
        ["big5"] = 950, ["cp950"] = 950,
    };

    /// <summary>The one spelling this scorer uses for an encoding name from any detector (lower case).</summary>
    public static string Canonical(string name)
    {
        string n = name.Trim().ToLowerInvariant().Replace('_', '-');
        if (n == "shift-jis")
        {
            return "shift_jis";
        }

        if (Aliases.TryGetValue(n, out string? a))
        {
            return a;
        }

        Match m = IsoPattern().Match(n);
        if (m.Success)
        {
            return "iso-8859-" + m.Groups[1].Value;
        }

        m = CodePagePattern().Match(n);
        if (m.Success)
        {
            string digits = m.Groups[2].Value;
            return digits.Length == 4 && digits.StartsWith("125", StringComparison.Ordinal) ? "windows-" + digits
                : digits.Length == 3 ? "ibm" + digits
                : n;
        }

        return n;
    }

    /// <summary>A decoder for a (canonical or not) name, or null when .NET has none.</summary>
    public static Encoding? GetEncoding(string name, ReadOnlySpan<byte> bytes = default)
    {
        string c = Canonical(name);
        if (c == "utf-16")
        {
            return bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF ? new UnicodeEncoding(true, false) : new UnicodeEncoding(false, false);
        }

        if (c == "utf-32")
        {
            return bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF ? new UTF32Encoding(true, false) : new UTF32Encoding(false, false);
        }

        int cp;
        if (!CodePages.TryGetValue(c, out cp))
        {
            Match m = IsoPattern().Match(c);
            Match w = WindowsPattern().Match(c);
            Match ibm = IbmPattern().Match(c);
            if (m.Success)
            {
                int part = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                cp = part switch { >= 1 and <= 9 => 28590 + part, 13 => 28603, 15 => 28605, _ => 0 };
            }
            else if (w.Success)
            {
                cp = int.Parse(w.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (ibm.Success)
            {
                cp = int.Parse(ibm.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return cp switch
        {
            0 => null,
            65001 => new UTF8Encoding(false),
            1200 => new UnicodeEncoding(false, false),
            1201 => new UnicodeEncoding(true, false),
            12000 => new UTF32Encoding(false, false),
            12001 => new UTF32Encoding(true, false),
            20127 => Encoding.ASCII,
            28591 => Encoding.Latin1, // built into .NET, so the code-pages provider does not serve it
            _ => CodePagesEncodingProvider.Instance.GetEncoding(cp),
        };
    }

    /// <summary>Whether the file starts with the byte order mark of its labelled Unicode encoding.</summary>
    public static bool HasBom(string label, ReadOnlySpan<byte> bytes) => Canonical(label) switch
    {
        "utf-8" => bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]),
        "utf-16le" => bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) && !bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]),
        "utf-16be" => bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]),
        "utf-32le" => bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]),
        "utf-32be" => bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]),
        _ => false,
    };

    /// <summary>
    /// Whether <paramref name="answer"/> is right for a file labelled <paramref name="label"/>.
    /// <paramref name="answerEncoding"/> (optional) decodes the answer when this scorer knows no decoder for its name.
    /// </summary>
    public static bool IsRight(string label, ReadOnlySpan<byte> bytes, string? answer, Encoding? answerEncoding = null)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return false;
        }

        string want = Canonical(label);
        string got = Canonical(answer);
        if (got == want || (Supersets.TryGetValue(want, out string[]? supers) && supers.Contains(got)))
        {
            return true;
        }

        if (got is "utf-16" or "utf-32" && !HasBom(label, bytes))
        {
            return false;
        }

        Encoding? expected = GetEncoding(want, bytes);
        Encoding? actual = GetEncoding(got, bytes) ?? answerEncoding;
        if (expected is null || actual is null)
        {
            return false;
        }

        return string.Equals(Strip(expected.GetString(bytes)), Strip(actual.GetString(bytes)), StringComparison.Ordinal);
    }

    private static string Strip(string s) => s.StartsWith('\uFEFF') ? s[1..] : s;

    [GeneratedRegex(@"^iso-?8859-(\d+)(:\d+)?$")]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^(cp|ibm|windows-|x-cp|cp-)(\d{3,4})$")]
    private static partial Regex CodePagePattern();

    [GeneratedRegex(@"^windows-(\d{3,4})$")]
    private static partial Regex WindowsPattern();

    [GeneratedRegex(@"^ibm(\d{3})$")]
    private static partial Regex IbmPattern();
}
