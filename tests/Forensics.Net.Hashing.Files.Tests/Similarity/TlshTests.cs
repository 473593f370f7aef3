namespace Forensics.Net.Hashing.Files.Tests;

public class TlshTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    public void TryHashData_ShorterThan256_HasNoDigest(int length)
    {
        TlshHasher.TryHashData(SsdeepTests.Random(length, length), out var digest).Should().BeFalse();
        digest.Should().BeNull();
        FluentActions.Invoking(() => TlshHasher.HashData(SsdeepTests.Random(length, length))).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void TryHashData_256RandomBytes_HasDigest() =>
        TlshHasher.TryHashData(SsdeepTests.Random(256, 7), out _).Should().BeTrue();

    [Fact]
    public void TryHashData_TooLittleVariety_HasNoDigest()
    {
        // "ab" repeated: tlsh prints "cannot hash".
        byte[] data = new byte[2000];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i % 2 == 0 ? 'a' : 'b');
        }

        TlshHasher.TryHashData(data, out _).Should().BeFalse();
    }

    [Fact]
    public void HashData_Text_MatchesTheToolOutput()
    {
        // tlsh -f on bytes i % 40 for i in 0..2999 prints this digest.
        byte[] data = new byte[3000];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i % 40);
        }

        TlshHasher.HashData(data).ToString().Should().Be("3B5104D4C5DC4CC75D1315CCD040045D554145F550C0303007300DCD0543754C31153C");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(65_536)]
    public void Append_InPieces_EqualsOneShot(int piece)
    {
        byte[] data = SsdeepTests.Random(100_000, piece);
        var hasher = new TlshHasher();
        for (int i = 0; i < data.Length; i += piece)
        {
            hasher.Append(data.AsSpan(i, Math.Min(piece, data.Length - i)));
        }

        hasher.GetDigestAndReset().Should().Be(TlshHasher.HashData(data));
    }

    [Fact]
    public void Parse_AcceptsVersionPrefixAndLowerCase()
    {
        const string hex = "8B11ED267A0243B005D007D07D9664EAAB0E87E3B36E90D5781E01AE63A681493FF228";
        var a = TlshDigest.Parse(hex);
        TlshDigest.Parse("T1" + hex).Should().Be(a);
        TlshDigest.Parse(hex.ToLowerInvariant()).Should().Be(a);
        a.ToString().Should().Be(hex);
        a.ToVersionedString().Should().Be("T1" + hex);
        a.Checksum.Should().Be(0xB8);
        a.LengthCode.Should().Be(0x11);
        a.Q1Ratio.Should().Be(14);
        a.Q2Ratio.Should().Be(13);
    }

    [Theory]
    [InlineData("")]
    [InlineData("T1")]
    [InlineData("8B11ED267A0243B005D007D07D9664EAAB0E87E3B36E90D5781E01AE63A681493FF22")]
    [InlineData("8B11ED267A0243B005D007D07D9664EAAB0E87E3B36E90D5781E01AE63A681493FF2288")]
    [InlineData("8B11ED267A0243B005D007D07D9664EAAB0E87E3B36E90D5781E01AE63A681493FF2G8")]
    [InlineData("T28B11ED267A0243B005D007D07D9664EAAB0E87E3B36E90D5781E01AE63A681493FF228")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        TlshDigest.TryParse(text, out _).Should().BeFalse();
        FluentActions.Invoking(() => TlshDigest.Parse(text)).Should().Throw<FormatException>();
    }

    [Fact]
    public void GetDistance_MatchesTheTool()
    {
        // tlsh -c 29A1…99 -d 29A1…98 prints 1 (the last code byte differs by one step).
        var a = TlshDigest.Parse("29A1A61F774463B205D207D25A4E58DEF31DEAB9336740E4741D820D33ABE2583BEA99");
        var b = TlshDigest.Parse("29A1A61F774463B205D207D25A4E58DEF31DEAB9336740E4741D820D33ABE2583BEA98");
        a.GetDistance(b).Should().Be(1);
        a.GetDistance(a).Should().Be(0);

        // tlsh -xref: 395 with the length, 239 with -xlen.
        var c = TlshDigest.Parse("12D097F599E8D0C971B228E809EA45A5CA48139FA970A984A34C28728CBC1997CA5E75");
        a.GetDistance(c).Should().Be(395);
        a.GetDistance(c, includeLength: false).Should().Be(239);
        c.GetDistance(a).Should().Be(395);
    }

    [Theory]
    [InlineData(256ul, 13)]
    [InlineData(656ul, 15)]
    [InlineData(657ul, 16)]
    [InlineData(1000ul, 17)]
    [InlineData(190_336ul, 65)]
    public void LengthCode_UsesSinglePrecisionLog(ulong length, int expected) =>
        // 190336 is a length where a double-precision log would give one less; the tool agrees with the float one.
        TlshHasher.LengthCode(length).Should().Be((byte)expected);
}
