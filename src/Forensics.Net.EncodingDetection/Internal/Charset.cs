using System.Text;

namespace Forensics.Net.EncodingDetection.Internal;

internal enum CharsetKind
{
    SingleByte,
    ShiftJis,
    EucJp,
    Gb18030,
    Big5,
    EucKr,
}

/// <summary>A legacy encoding the detector considers, with the languages written in it and a prior.</summary>
internal sealed class Charset
{
    private static readonly string[] Western = ["en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "ca", "ga", "is"];
    private static readonly string[] Central = ["cs", "pl", "hu", "sk", "sl", "hr", "ro"];
    private static readonly string[] Baltic = ["lt", "lv", "et"];
    private static readonly string[] Cyrillic = ["ru", "uk", "bg", "be", "sr", "mk"];

    private Charset(string webName, int codePage, CharsetKind kind, string[] languages, float prior)
    {
        WebName = webName;
        CodePage = codePage;
        Kind = kind;
        Prior = prior;
        Encoding = CodePagesEncodingProvider.Instance.GetEncoding(codePage)
            ?? throw new InvalidOperationException("Code page " + codePage + " is not available.");
        var models = new List<LanguageModel>();
        foreach (string l in languages)
        {
            if (LanguageModel.Find(l) is { } m)
            {
                models.Add(m);
            }
        }

        Languages = [.. models];
        if (kind == CharsetKind.SingleByte)
        {
            Map = new char[256];
            Bad = new bool[256];
            var strict = CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback)!;
            byte[] one = new byte[1];
            for (int b = 0; b < 256; b++)
            {
                one[0] = (byte)b;
                char c;
                try
                {
                    string s = strict.GetString(one);
                    c = s.Length == 1 ? s[0] : '\uFFFD';
                }
                catch (DecoderFallbackException)
                {
                    c = '\uFFFD';
                }

                Map[b] = c;
                Bad[b] = b >= 0x80 && (c == '\uFFFD' || c is >= '\u0080' and <= '\u009F' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned);
            }
        }
    }

    public string WebName { get; }

    public int CodePage { get; }

    public CharsetKind Kind { get; }

    /// <summary>Log prior (nats): how much less likely this encoding is a priori than the most common of its family.</summary>
    public float Prior { get; }

    public Encoding Encoding { get; }

    public LanguageModel[] Languages { get; }

    /// <summary>For single-byte encodings: the character of each byte.</summary>
    public char[]? Map { get; }

    /// <summary>For single-byte encodings: bytes that are undefined or C1 controls.</summary>
    public bool[]? Bad { get; }

    public static IReadOnlyList<Charset> All { get; } =
    [
        new("windows-1252", 1252, CharsetKind.SingleByte, Western, 0f),
        new("iso-8859-15", 28605, CharsetKind.SingleByte, Western, -1.5f),
        new("macintosh", 10000, CharsetKind.SingleByte, Western, -4f),
        new("windows-1250", 1250, CharsetKind.SingleByte, Central, 0f),
        new("iso-8859-2", 28592, CharsetKind.SingleByte, Central, -0.7f),
        new("windows-1257", 1257, CharsetKind.SingleByte, Baltic, 0f),
        new("iso-8859-13", 28603, CharsetKind.SingleByte, Baltic, -1f),
        new("iso-8859-4", 28594, CharsetKind.SingleByte, Baltic, -2f),
        new("iso-8859-3", 28593, CharsetKind.SingleByte, ["eo", "tr"], -3f),
        new("windows-1251", 1251, CharsetKind.SingleByte, Cyrillic, 0f),
        new("koi8-r", 20866, CharsetKind.SingleByte, ["ru", "bg", "be", "sr", "mk"], -0.5f),
        new("koi8-u", 21866, CharsetKind.SingleByte, ["uk", "ru", "be"], -0.8f),
        new("iso-8859-5", 28595, CharsetKind.SingleByte, Cyrillic, -1f),
        new("ibm866", 866, CharsetKind.SingleByte, ["ru", "uk", "bg", "be"], -1f),
        new("x-mac-cyrillic", 10007, CharsetKind.SingleByte, ["ru", "uk", "bg", "be", "sr", "mk"], -2.5f),
        new("windows-1253", 1253, CharsetKind.SingleByte, ["el"], 0f),
        new("iso-8859-7", 28597, CharsetKind.SingleByte, ["el"], -0.5f),
        new("windows-1254", 1254, CharsetKind.SingleByte, ["tr"], 0f),
        new("windows-1255", 1255, CharsetKind.SingleByte, ["he"], 0f),
        new("iso-8859-8", 28598, CharsetKind.SingleByte, ["he"], -0.5f),
        new("windows-1256", 1256, CharsetKind.SingleByte, ["ar", "fa"], 0f),
        new("iso-8859-6", 28596, CharsetKind.SingleByte, ["ar"], -0.5f),
        new("windows-1258", 1258, CharsetKind.SingleByte, ["vi"], 0f),
        new("windows-874", 874, CharsetKind.SingleByte, ["th"], 0f),
        new("shift_jis", 932, CharsetKind.ShiftJis, ["ja"], 0f),
        new("euc-jp", 51932, CharsetKind.EucJp, ["ja"], -0.3f),
        new("gb18030", 54936, CharsetKind.Gb18030, ["zh-CN"], 0f),
        new("big5", 950, CharsetKind.Big5, ["zh-TW"], 0f),
        new("euc-kr", 949, CharsetKind.EucKr, ["ko"], 0f),
    ];
}
