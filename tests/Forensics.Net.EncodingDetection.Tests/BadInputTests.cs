using System.Text;

namespace Forensics.Net.EncodingDetection.Tests;

public class BadInputTests
{
    [Theory]
    [InlineData("", "utf-8", false)]            // empty: nothing to go on, confidence 0
    [InlineData("41", "us-ascii", false)]       // one ASCII byte
    [InlineData("00", null, true)]              // one NUL
    [InlineData("C3", "*", false)]              // a lone UTF-8 lead byte, or 'Ã' in windows-1252: ambiguous
    [InlineData("E282", "*", false)]            // two of three bytes of U+20AC, or 2 legacy characters: ambiguous
    [InlineData("C3A9E282", "utf-8", false)]    // 'é' then a cut '€': UTF-8 with a sequence cut by the end
    [InlineData("FF", null, false)]             // one high byte: some legacy reading
    [InlineData("EFBBBF", "utf-8", false)]      // a UTF-8 BOM and nothing else
    [InlineData("FFFE", "utf-16le", false)]     // a UTF-16LE BOM and nothing else
    [InlineData("FFFE0000", "utf-32le", false)] // a UTF-32LE BOM and nothing else
    [InlineData("1B2442", "iso-2022-jp", false)]// ESC $ B alone
    [InlineData("C328", null, false)]           // invalid UTF-8 continuation
    [InlineData("F4908080", null, false)]       // above U+10FFFF
    [InlineData("EDA080", null, false)]         // an encoded surrogate
    public void Detect_LabelledHex_GivesADocumentedAnswerWithoutThrowing(string hex, string? webName, bool binary)
    {
        byte[] bytes = Convert.FromHexString(hex);

        var result = EncodingDetector.Detect(bytes);

        result.IsBinary.Should().Be(binary);
        if (webName == "*")
        {
            result.Encoding.Should().NotBeNull();
        }
        else if (webName is not null)
        {
            result.WebName.Should().Be(webName);
        }
        else if (!binary)
        {
            result.WebName.Should().NotBe("utf-8", "the bytes are not valid UTF-8");
        }

        result.Confidence.Should().BeInRange(0, 1);
        result.Decode(bytes).Should().NotBeNull();
    }

    [Fact]
    public void Detect_ConstantSixteenBitSamples_AreBinaryNotUtf16()
    {
        // A WAV-like body of 0x0100 samples reads as 'Ā' repeated in UTF-16LE: a fill pattern, not text.
        byte[] bytes = new byte[8000];
        for (int i = 0; i < bytes.Length; i += 2)
        {
            bytes[i + 1] = 1;
        }

        EncodingDetector.Detect(bytes).IsBinary.Should().BeTrue();
    }

    [Fact]
    public void Detect_Empty_HasZeroConfidence()
    {
        var result = EncodingDetector.Detect(ReadOnlySpan<byte>.Empty);

        result.Confidence.Should().Be(0);
        result.IsBinary.Should().BeFalse();
        result.BytesExamined.Should().Be(0);
    }

    [Fact]
    public void Detect_EverySingleByte_NeverThrows()
    {
        for (int b = 0; b < 256; b++)
        {
            var result = EncodingDetector.Detect([(byte)b]);
            result.Confidence.Should().BeInRange(0, 1);
            (result.IsBinary || result.Encoding is not null).Should().BeTrue();
        }
    }

    [Theory]
    [InlineData("Legacy/shift_jis_ja_short.txt")]
    [InlineData("Legacy/utf-8_ja_short.txt")]
    [InlineData("Legacy/gb18030_zh_CN_short.txt")]
    [InlineData("Legacy/utf-16le_ja_short.txt")]
    [InlineData("Legacy/iso-2022-jp_ja_short.txt")]
    [InlineData("Bom/utf-32be-bom_en_short.txt")]
    public void Detect_TruncatedAtEveryLengthAndFlipped_NeverThrows(string file)
    {
        byte[] bytes = TestFiles.Read(file);
        for (int length = 0; length <= bytes.Length; length++)
        {
            var result = EncodingDetector.Detect(bytes.AsSpan(0, length));
            result.Confidence.Should().BeInRange(0, 1);
            result.Decode(bytes.AsSpan(0, length));
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            byte[] flipped = (byte[])bytes.Clone();
            flipped[i] ^= 0xFF;
            var result = EncodingDetector.Detect(flipped);
            result.Confidence.Should().BeInRange(0, 1);
        }
    }

    [Fact]
    public void Detect_Utf8TruncatedAtEveryLength_StaysUtf8()
    {
        // From the first complete multi-byte sequence on, a prefix is UTF-8 with at most one cut sequence.
        byte[] bytes = TestFiles.Read("Legacy/utf-8_ja_short.txt");
        for (int length = 3; length <= bytes.Length; length++)
        {
            var result = EncodingDetector.Detect(bytes.AsSpan(0, length));
            result.WebName.Should().Be("utf-8", $"the {length}-byte prefix holds a complete sequence");
        }
    }

    [Fact]
    public void Detect_RandomBytes_AreBinaryAndNeverThrow()
    {
        var random = new Random(20261128);
        int binary = 0;
        for (int i = 0; i < 300; i++)
        {
            byte[] bytes = new byte[random.Next(256, 4096)];
            random.NextBytes(bytes);
            var result = EncodingDetector.Detect(bytes);
            result.Confidence.Should().BeInRange(0, 1);
            if (result.IsBinary)
            {
                binary++;
            }
        }

        binary.Should().Be(300);
    }

    [Fact]
    public void Detect_RandomShortBytes_NeverThrow()
    {
        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            var result = EncodingDetector.Detect(bytes);
            result.Confidence.Should().BeInRange(0, 1);
            result.Alternatives.All(a => a.Confidence is >= 0 and <= 1).Should().BeTrue();
        }
    }

    [Fact]
    public void Detect_MixedUtf8AndCp1252_IsUtf8WithReducedConfidence()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 40; i++)
        {
            text.Append("Die Übergabe der Beweismittel erfolgte am Morgen. Grüße aus Köln.\n");
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(text.ToString());
        byte[] legacy = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("Eine Zeile in ANSI: Grüße.\n");
        byte[] mixed = [.. utf8, .. legacy, .. utf8];

        var result = EncodingDetector.Detect(mixed);

        result.WebName.Should().Be("utf-8");
        result.Confidence.Should().BeLessThan(1.0);
        result.Decode(mixed).Should().Contain("Grüße aus Köln");
    }
}
