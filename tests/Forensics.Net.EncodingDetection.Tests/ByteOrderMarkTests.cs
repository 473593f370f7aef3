using System.Text;

namespace Forensics.Net.EncodingDetection.Tests;

public class ByteOrderMarkTests
{
    [Theory]
    [InlineData("EFBBBF41", "utf-8", 3)]
    [InlineData("FFFE4100", "utf-16", 2)]
    [InlineData("FEFF0041", "utf-16BE", 2)]
    [InlineData("FFFE000041000000", "utf-32", 4)]
    [InlineData("0000FEFF00000041", "utf-32BE", 4)]
    [InlineData("84319533", "GB18030", 4)]
    public void TryDetect_KnownBom_ReturnsEncodingAndLength(string hex, string webName, int expectedLength)
    {
        ByteOrderMark.TryDetect(Convert.FromHexString(hex), out var encoding, out int length).Should().BeTrue();

        encoding!.WebName.Should().BeEquivalentTo(webName);
        length.Should().Be(expectedLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData("EF")]
    [InlineData("EFBB")]
    [InlineData("41424344")]
    [InlineData("FE")]
    public void TryDetect_NoBom_ReturnsFalseAndZeroLength(string hex)
    {
        ByteOrderMark.TryDetect(Convert.FromHexString(hex), out var encoding, out int length).Should().BeFalse();

        encoding.Should().BeNull();
        length.Should().Be(0);
    }

    [Theory]
    [InlineData("utf-8-bom/en_short.txt", "utf-8")]
    [InlineData("utf-16le-bom/en_short.txt", "utf-16")]
    [InlineData("utf-32be-bom/en_short.txt", "utf-32BE")]
    public void TryDetect_RealFilesFromIconv_DecodeToTheSameTextAsTheBomlessVariant(string path, string webName)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Bom", path.Replace('/', '_')));

        ByteOrderMark.TryDetect(bytes, out var encoding, out int length).Should().BeTrue();
        encoding!.WebName.Should().BeEquivalentTo(webName);
        encoding.GetString(bytes, length, bytes.Length - length).Should().StartWith("\u201CEvidence\u201D");
    }
}
