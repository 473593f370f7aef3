using System.Globalization;
using System.Text;

namespace Forensics.Net.EncodingDetection.Tests.Corpus;

/// <summary>One labelled file of testdata/encoding/labels.csv.</summary>
public sealed record LabelledFile(string Path, string Encoding, bool Bom, string Language, string Size, int Bytes)
{
    /// <summary>The accuracy family this file is reported in.</summary>
    public string Family => Encoding switch
    {
        "binary" => "binary",
        _ when Bom => "BOM",
        "utf-16le" or "utf-16be" or "utf-32le" or "utf-32be" => "BOM-less UTF-16/32",
        "utf-8" or "ascii" => "UTF-8/ASCII",
        _ => Size == "short" ? "legacy short" : "legacy long",
    };
}

/// <summary>The corpus README's "lenient" scoring rule.</summary>
public static class CorpusScoring
{
    private static readonly Dictionary<string, string[]> Supersets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["iso-8859-1"] = ["windows-1252"],
        ["iso-8859-9"] = ["windows-1254"],
        ["tis-620"] = ["windows-874"],
        ["shift_jis"] = ["cp932", "windows-31j"],
        ["euc-kr"] = ["cp949", "ks_c_5601-1987", "windows-949"],
        ["gb2312"] = ["gbk", "gb18030"],
        ["big5"] = ["cp950"],
        ["ascii"] = ["us-ascii"],
    };

    public static IReadOnlyList<LabelledFile> Load(string corpusEncodingDir)
    {
        var list = new List<LabelledFile>();
        foreach (string line in File.ReadLines(System.IO.Path.Combine(corpusEncodingDir, "labels.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            if (f.Length < 6)
            {
                continue;
            }

            list.Add(new LabelledFile(f[0], f[1], f[2] == "yes", f[3], f[4], int.Parse(f[5], CultureInfo.InvariantCulture)));
        }

        foreach (string bin in Directory.EnumerateFiles(System.IO.Path.Combine(corpusEncodingDir, "binary")).Order(StringComparer.Ordinal))
        {
            list.Add(new LabelledFile("binary/" + System.IO.Path.GetFileName(bin), "binary", false, "", "", (int)new FileInfo(bin).Length));
        }

        return list;
    }

    /// <summary>Whether <paramref name="result"/> is right for <paramref name="file"/> under the lenient rule.</summary>
    public static bool IsRight(LabelledFile file, byte[] bytes, EncodingDetectionResult result)
    {
        if (file.Encoding == "binary")
        {
            return result.IsBinary;
        }

        if (result.IsBinary || result.WebName is null || result.Encoding is null)
        {
            return false;
        }

        string answer = result.WebName;
        if (string.Equals(answer, file.Encoding, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (Supersets.TryGetValue(file.Encoding, out var supers) && supers.Contains(answer, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (answer is "utf-16" or "utf-32" && !file.Bom)
        {
            return false;
        }

        string expected = DecodeLabel(file, bytes);
        string actual = Strip(result.Encoding.GetString(bytes));
        return string.Equals(expected, actual, StringComparison.Ordinal);
    }

    private static string DecodeLabel(LabelledFile file, byte[] bytes)
    {
        Encoding e = file.Encoding switch
        {
            "utf-8" => new UTF8Encoding(false),
            "ascii" => System.Text.Encoding.ASCII,
            "iso-8859-1" => System.Text.Encoding.Latin1,
            "utf-16le" => new UnicodeEncoding(false, false),
            "utf-16be" => new UnicodeEncoding(true, false),
            "utf-32le" => new UTF32Encoding(false, false),
            "utf-32be" => new UTF32Encoding(true, false),
            _ => CodePagesEncodingProvider.Instance.GetEncoding(file.Encoding)!,
        };
        return Strip(e.GetString(bytes));
    }

    private static string Strip(string s) => s.StartsWith('\uFEFF') ? s[1..] : s;
}
