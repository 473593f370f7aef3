using System.Text;

namespace Forensics.Net.EncodingDetection.Tests;

public class DetectorTests
{
    [Theory]
    [InlineData("koi8-r_ru_short.txt", "koi8-r", "ru")]
    [InlineData("windows-1251_ru_short.txt", "windows-1251", "ru")]
    [InlineData("ibm866_ru_short.txt", "ibm866", "ru")]
    [InlineData("iso-8859-5_bg_short.txt", "iso-8859-5", "bg")]
    [InlineData("koi8-u_uk_short.txt", "koi8-u", "uk")]
    [InlineData("windows-1250_pl_short.txt", "windows-1250", "pl")]
    [InlineData("iso-8859-2_pl_short.txt", "iso-8859-2", "pl")]
    [InlineData("windows-1252_fr_short.txt", "windows-1252", "fr")]
    [InlineData("windows-1254_tr_short.txt", "windows-1254", "tr")]
    [InlineData("windows-1256_ar_short.txt", "windows-1256", "ar")]
    [InlineData("iso-8859-6_ar_short.txt", "iso-8859-6", "ar")]
    [InlineData("tis-620_th_short.txt", "windows-874", "th")]
    [InlineData("shift_jis_ja_short.txt", "shift_jis", "ja")]
    [InlineData("euc-jp_ja_short.txt", "euc-jp", "ja")]
    [InlineData("iso-2022-jp_ja_short.txt", "iso-2022-jp", "ja")]
    [InlineData("gb18030_zh_CN_short.txt", "gb18030", "zh-CN")]
    [InlineData("big5_zh_TW_short.txt", "big5", "zh-TW")]
    [InlineData("euc-kr_ko_short.txt", "euc-kr", "ko")]
    [InlineData("utf-16le_ja_short.txt", "utf-16le", "ja")]
    [InlineData("utf-16be_zh_CN_short.txt", "utf-16be", "zh-CN")]
    [InlineData("utf-8_ja_short.txt", "utf-8", "ja")]
    public void Detect_FiftyByteSample_NamesTheEncodingAndLanguage(string file, string webName, string language)
    {
        var result = EncodingDetector.Detect(TestFiles.Read("Legacy/" + file));

        result.WebName.Should().Be(webName);
        result.Language.Should().Be(language);
        result.IsBinary.Should().BeFalse();
        result.HasBom.Should().BeFalse();
        result.Confidence.Should().BeGreaterThanOrEqualTo(0.8);
        result.Alternatives.Should().NotContain(a => a.WebName == webName);
    }

    [Theory]
    [InlineData("windows-1253_el_short.txt", "iso-8859-7")]
    [InlineData("iso-8859-7_el_short.txt", "iso-8859-7")]
    [InlineData("windows-1255_he_short.txt", "windows-1255")]
    public void Detect_SiblingCodePages_AnswerDecodesToTheSameText(string file, string label)
    {
        byte[] bytes = TestFiles.Read("Legacy/" + file);
        string expected = CodePagesEncodingProvider.Instance.GetEncoding(label)!.GetString(bytes);

        var result = EncodingDetector.Detect(bytes);

        result.Encoding!.GetString(bytes).Should().Be(expected);
        result.Decode(bytes).Should().Be(expected);
    }

    [Fact]
    public void Detect_SiblingThatDecodesIdentically_IsAnAlternativeMarkedSameText()
    {
        byte[] bytes = TestFiles.Read("Legacy/koi8-r_ru_short.txt");

        var result = EncodingDetector.Detect(bytes);

        result.WebName.Should().Be("koi8-r");
        var sibling = result.Alternatives.Should().ContainSingle(a => a.WebName == "koi8-u").Subject;
        sibling.SameText.Should().BeTrue();
        sibling.Encoding.GetString(bytes).Should().Be(result.Encoding!.GetString(bytes));
        result.Alternatives.Where(a => !a.SameText).Sum(a => a.Confidence).Should().BeLessThanOrEqualTo(1 - result.Confidence + 1e-9);
    }

    [Fact]
    public void Detect_Cp1251VersusKoi8rVersusIbm866_EachReadsAsRussian()
    {
        const string Text = "Съешь же ещё этих мягких французских булок, да выпей чаю";
        foreach (string name in new[] { "windows-1251", "koi8-r", "ibm866", "iso-8859-5", "x-mac-cyrillic" })
        {
            var encoding = CodePagesEncodingProvider.Instance.GetEncoding(name)!;
            byte[] bytes = encoding.GetBytes(Text);

            string decoded = EncodingDetector.DetectAndDecode(bytes, out var result);

            decoded.Should().Be(Text, because: name + " was detected as " + result.WebName);
            result.Language.Should().Be("ru");
        }
    }

    [Fact]
    public void Detect_Utf32WithoutBom_IsUtf32()
    {
        var result = EncodingDetector.Detect(TestFiles.Read("Legacy/utf-32le_ru_short.txt"));

        result.WebName.Should().Be("utf-32le");
        result.HasBom.Should().BeFalse();
        result.Confidence.Should().BeGreaterThanOrEqualTo(0.9);
    }

    [Fact]
    public void Detect_TooLittleText_ReportsNoLanguage()
    {
        EncodingDetector.Detect("Good morning"u8).Language.Should().BeNull();
        EncodingDetector.Detect("ok"u8).Language.Should().BeNull();
    }

    [Fact]
    public void Detect_AsciiText_IsUsAsciiWithFullConfidence()
    {
        var result = EncodingDetector.Detect("Good morning, this is plain seven-bit ASCII text."u8);

        result.WebName.Should().Be("us-ascii");
        result.Confidence.Should().Be(1.0);
        result.Language.Should().Be("en");
    }

    [Fact]
    public void Detect_Utf8WithCutSequenceAtTheEnd_IsStillUtf8()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("Привет, мир! Доброе утро, коллеги и все остальные.");
        for (int cut = 1; cut <= 1; cut++)
        {
            var result = EncodingDetector.Detect(bytes.AsSpan(0, bytes.Length - 2)); // ends inside 'е' (2 bytes) -> 1 byte left
            result.WebName.Should().Be("utf-8");
        }

        EncodingDetector.Detect(bytes.AsSpan(0, 25)).WebName.Should().Be("utf-8", "25 bytes end after the first byte of a 2-byte sequence");
    }

    [Fact]
    public void Detect_LongAsciiThenCp1251AtTheEnd_IsCp1251()
    {
        var encoding = CodePagesEncodingProvider.Instance.GetEncoding(1251)!;
        byte[] bytes = new byte[3 * 1024 * 1024];
        bytes.AsSpan().Fill((byte)'a');
        for (int i = 80; i < bytes.Length; i += 81)
        {
            bytes[i] = (byte)'\n';
        }

        byte[] tail = encoding.GetBytes("\nСъешь же ещё этих мягких французских булок, да выпей чаю.\n");
        tail.CopyTo(bytes, bytes.Length - tail.Length);

        var result = EncodingDetector.Detect(bytes);

        result.WebName.Should().Be("windows-1251");
        result.Language.Should().Be("ru");
    }

    [Theory]
    [InlineData("Résumé envoyé à l'équipe.", "utf-8")]
    [InlineData("Один абзац в UTF-8 в самом конце.", "utf-8")]
    [InlineData("Voilà tout.", "utf-8")]
    public void Detect_LongAsciiThenOneUtf8LineAtTheEnd_IsUtf8(string line, string webName)
    {
        byte[] tail = Encoding.UTF8.GetBytes("\n" + line + "\n");
        byte[] bytes = new byte[2 * 1024 * 1024];
        bytes.AsSpan().Fill((byte)'x');
        tail.CopyTo(bytes, bytes.Length - tail.Length);

        EncodingDetector.Detect(bytes).WebName.Should().Be(webName);
        using var stream = new MemoryStream(bytes);
        EncodingDetector.Detect(stream).WebName.Should().Be(webName);
    }

    [Fact]
    public void DetectAndDecode_BomFile_StripsTheBom()
    {
        byte[] bytes = TestFiles.Read("Bom/utf-8-bom_en_short.txt");

        string text = EncodingDetector.DetectAndDecode(bytes, out var result);

        result.HasBom.Should().BeTrue();
        result.BomLength.Should().Be(3);
        result.WebName.Should().Be("utf-8");
        text.Should().StartWith("\u201CEvidence\u201D");
    }

    [Fact]
    public void DetectAndDecode_Gb18030Bom_IsGb18030AndTheBomIsNotContent()
    {
        const string Text = "同一个文件保存为三种编码会得到三个不同的哈希值。";
        var gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;
        byte[] bytes = [0x84, 0x31, 0x95, 0x33, .. gb18030.GetBytes(Text)];

        string decoded = EncodingDetector.DetectAndDecode(bytes, out var result);

        result.WebName.Should().Be("gb18030");
        result.BomLength.Should().Be(4);
        result.Language.Should().Be("zh-CN");
        decoded.Should().Be(Text);
    }

    [Fact]
    public void Detect_Utf16LeBom_ReportsByteOrderAndBom()
    {
        var result = EncodingDetector.Detect(TestFiles.Read("Bom/utf-16le-bom_en_short.txt"));

        result.WebName.Should().Be("utf-16le");
        result.HasBom.Should().BeTrue();
        result.Confidence.Should().Be(1.0);
    }

    [Theory]
    [InlineData("random8k.bin")]
    [InlineData("img.png")]
    public void Detect_BinaryFile_IsBinaryWithNoEncoding(string file)
    {
        var result = EncodingDetector.Detect(TestFiles.Read("Binary/" + file));

        result.IsBinary.Should().BeTrue();
        result.Encoding.Should().BeNull();
        result.WebName.Should().BeNull();
        result.Language.Should().BeNull();
        result.Confidence.Should().BeGreaterThanOrEqualTo(0.8);
    }

    [Fact]
    public void Detect_CjkUtf16WithoutAsciiOrBom_IsUtf16()
    {
        const string Text = "法科学の授業で同じ文章を保存すると三つの異なるハッシュが得られる";
        foreach (bool bigEndian in new[] { false, true })
        {
            byte[] bytes = new UnicodeEncoding(bigEndian, false).GetBytes(Text);

            string decoded = EncodingDetector.DetectAndDecode(bytes, out var result);

            result.WebName.Should().Be(bigEndian ? "utf-16be" : "utf-16le");
            decoded.Should().Be(Text);
        }
    }
}
