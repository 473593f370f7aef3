using System.Text;

namespace Forensics.Net.Hashing.Files.Tests;

public class SsdeepTests
{
    [Fact]
    public void HashData_Empty_IsThreeColonColon() =>
        SsdeepHasher.HashData([]).ToString().Should().Be("3::");

    [Fact]
    public void HashData_OneByte_HasOneCharacterInEachSignature() =>
        // ssdeep 2.14.1 prints 3:E:E for a file holding "a".
        SsdeepHasher.HashData("a"u8).ToString().Should().Be("3:E:E");

    [Fact]
    public void HashData_AllZeros_HasEmptySignatures() =>
        // The rolling hash never leaves 0 on zeros, so no piece ends and the last piece is not written (h == 0).
        SsdeepHasher.HashData(new byte[10_000]).ToString().Should().Be("3::");

    [Fact]
    public void HashData_Text_MatchesTheToolOutput()
    {
        // ssdeep 2.14.1 on the first 100 bytes of the GPL-3 text.
        byte[] data = Encoding.ASCII.GetBytes(new string(' ', 20) + "GNU GENERAL PUBLIC LICENSE\n" + new string(' ', 23) + "Version 3, 29 June 2007\n\n Copy");
        data.Length.Should().Be(100);
        SsdeepHasher.HashData(data).ToString().Should().Be("3:N/OXgLpPwSigvVEXLQILAFKvdsn:4X4ISaXLQ2pds");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(16 * 1024 + 3)]
    public void Append_InPieces_EqualsOneShot(int piece)
    {
        byte[] data = Random(300_000, seed: piece);
        var hasher = new SsdeepHasher();
        for (int i = 0; i < data.Length; i += piece)
        {
            hasher.Append(data.AsSpan(i, Math.Min(piece, data.Length - i)));
        }

        hasher.GetDigestAndReset().Should().Be(SsdeepHasher.HashData(data));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(191)]
    [InlineData(192)]
    [InlineData(193)]
    [InlineData(384)]
    [InlineData(385)]
    [InlineData(100_000)]
    [InlineData(3_000_000)]
    public void ScalarPath_EqualsVectorPath(int length)
    {
        byte[] data = Random(length, seed: length);
        var scalar = new SsdeepHasher(allowVector: false);
        scalar.Append(data);
        var vector = new SsdeepHasher();
        vector.Append(data);
        scalar.GetDigestAndReset().Should().Be(vector.GetDigestAndReset());
    }

    [Fact]
    public void GetDigestAndReset_StartsAFreshInput()
    {
        var hasher = new SsdeepHasher();
        hasher.Append(Random(5000, 1));
        _ = hasher.GetDigestAndReset();
        hasher.BytesHashed.Should().Be(0);
        hasher.Append("a"u8);
        hasher.GetDigestAndReset().ToString().Should().Be("3:E:E");
    }

    [Fact]
    public void BlockSize_GrowsWithLength_AndSignatureFitsLimits()
    {
        foreach (int length in new[] { 1000, 10_000, 100_000, 1_000_000 })
        {
            var d = SsdeepHasher.HashData(Random(length, length));
            d.Hash1.Length.Should().BeLessThanOrEqualTo(64);
            d.Hash2.Length.Should().BeLessThanOrEqualTo(32);
            ((ulong)d.BlockSize * 64).Should().BeGreaterThanOrEqualTo((ulong)length / 4, "the block size is chosen from 3·2^k·64 ≥ length and lowered only while the signature is short");
            (d.BlockSize % 3).Should().Be(0);
        }
    }

    [Fact]
    public void GetSimilarity_Identical_Is100_AndUnrelated_Is0()
    {
        var a = SsdeepHasher.HashData(Random(50_000, 1));
        var b = SsdeepHasher.HashData(Random(50_000, 2));
        a.GetSimilarity(a).Should().Be(100);
        a.GetSimilarity(b).Should().Be(0);
    }

    [Fact]
    public void GetSimilarity_SmallEdit_ScoresHigh()
    {
        byte[] data = Encoding.ASCII.GetBytes(string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"line {i} of a text that changes a little {i * 7 % 13}")));
        byte[] edited = (byte[])data.Clone();
        edited[data.Length / 2] ^= 0x20;
        int score = SsdeepHasher.HashData(data).GetSimilarity(SsdeepHasher.HashData(edited));
        score.Should().BeInRange(80, 99);
    }

    [Fact]
    public void GetSimilarity_BlockSizesFarApart_Is0()
    {
        var a = SsdeepDigest.Parse("3:ABCDEFGHIJ:ABCDE");
        var b = SsdeepDigest.Parse("12:ABCDEFGHIJ:ABCDE");
        a.IsComparableWith(b).Should().BeFalse();
        a.GetSimilarity(b).Should().Be(0);
    }

    [Fact]
    public void GetSimilarity_RunsLongerThanThree_AreEliminated()
    {
        // After cutting runs to three characters both are the same, so the score is 100.
        var a = SsdeepDigest.Parse("96:AAAAAAAbcdefghijkl:xyz");
        var b = SsdeepDigest.Parse("96:AAAbcdefghijkl:xyz");
        a.GetSimilarity(b).Should().Be(100);
    }

    [Fact]
    public void GetSimilarity_NoCommonSubstringOfSeven_Is0()
    {
        // Only runs of six characters are shared (ssdeep -k prints 0 for this pair).
        var a = SsdeepDigest.Parse("96:abcdefXhijklmXopqrstX:");
        var b = SsdeepDigest.Parse("96:abcdefYhijklmYopqrstY:");
        a.GetSimilarity(b).Should().Be(0);
    }

    [Fact]
    public void GetSimilarity_SmallBlockSize_IsCappedByLength()
    {
        // Edit distance 2 over 16 characters gives 88, but block size 3 caps the score at 3 / 3 × min(8, 8) = 8 (as ssdeep -k prints).
        var a = SsdeepDigest.Parse("3:abcdefgh:");
        var b = SsdeepDigest.Parse("3:abcdefgX:");
        a.GetSimilarity(b).Should().Be(8);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("3:")]
    [InlineData(":abc:def")]
    [InlineData("x:abc:def")]
    [InlineData("-3:abc:def")]
    [InlineData("0:abc:def")]
    [InlineData("3:ab!c:def")]
    [InlineData("99999999999:abc:def")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        SsdeepDigest.TryParse(text, out _).Should().BeFalse();
        FluentActions.Invoking(() => SsdeepDigest.Parse(text)).Should().Throw<FormatException>();
    }

    [Fact]
    public void TryParse_TooLongSignature_ReturnsFalse() =>
        SsdeepDigest.TryParse("3:" + new string('A', 65) + ":B", out _).Should().BeFalse();

    [Fact]
    public void TryParse_LineWithFileName_KeepsTheDigest()
    {
        SsdeepDigest.TryParse("3:E:E,\"/tmp/a, b\"", out var d).Should().BeTrue();
        d!.ToString().Should().Be("3:E:E");
    }

    internal static byte[] Random(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}

public class SimilarityAlgorithmTests
{
    [Fact]
    public void MultiHasher_SsdeepAndTlsh_InTheSamePassAsSha256()
    {
        byte[] data = SsdeepTests.Random(200_000, 5);
        var digests = FileHasher.Hash(new MemoryStream(data), [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha256, FileHashAlgorithm.Ssdeep, FileHashAlgorithm.Tlsh],
            new FileHasherOptions { BufferSize = 4096, MaxDegreeOfParallelism = 2 });
        digests.GetHex(FileHashAlgorithm.Ssdeep).Should().Be(SsdeepHasher.HashData(data).ToString());
        digests.GetHex(FileHashAlgorithm.Tlsh).Should().Be(TlshHasher.HashData(data).ToString());
        digests.GetHex(FileHashAlgorithm.Sha256).Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data)));
    }

    [Fact]
    public void MultiHasher_TinyInput_TlshIsTNull()
    {
        var digests = FileHasher.Hash("a"u8, [FileHashAlgorithm.Ssdeep, FileHashAlgorithm.Tlsh]);
        digests.GetHex(FileHashAlgorithm.Ssdeep).Should().Be("3:E:E");
        digests.GetHex(FileHashAlgorithm.Tlsh).Should().Be("TNULL");
    }

    [Fact]
    public void Names_ParseAndFormat()
    {
        FileHashAlgorithms.ParseList("sha256,ssdeep,TLSH").Should().Equal(FileHashAlgorithm.Sha256, FileHashAlgorithm.Ssdeep, FileHashAlgorithm.Tlsh);
        FileHashAlgorithms.IsSimilarityDigest(FileHashAlgorithm.Ssdeep).Should().BeTrue();
        FileHashAlgorithms.IsSimilarityDigest(FileHashAlgorithm.Sha256).Should().BeFalse();
        FileHashAlgorithms.GetDigestLength(FileHashAlgorithm.Tlsh).Should().Be(0);
    }

    [Fact]
    public void HashDigests_RejectsTextThatIsNotADigest() =>
        FluentActions.Invoking(() => new HashDigests([new(FileHashAlgorithm.Ssdeep, "nope"u8.ToArray())])).Should().Throw<ArgumentException>();

    [Fact]
    public void KnownHashSet_RejectsSimilarityDigests() =>
        FluentActions.Invoking(() => new KnownHashSet().Add(FileHashAlgorithm.Ssdeep, "3:E:E"u8)).Should().Throw<ArgumentException>();
}
