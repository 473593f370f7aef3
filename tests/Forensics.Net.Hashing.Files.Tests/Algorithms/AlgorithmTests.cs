using System.Security.Cryptography;

namespace Forensics.Net.Hashing.Files.Tests;

public class AlgorithmTests
{
    [Theory]
    [InlineData("md5", FileHashAlgorithm.Md5)]
    [InlineData("SHA-1", FileHashAlgorithm.Sha1)]
    [InlineData("sha256", FileHashAlgorithm.Sha256)]
    [InlineData("SHA2-384", FileHashAlgorithm.Sha384)]
    [InlineData(" sha512 ", FileHashAlgorithm.Sha512)]
    [InlineData("sha3_256", FileHashAlgorithm.Sha3_256)]
    [InlineData("SHA3-512", FileHashAlgorithm.Sha3_512)]
    [InlineData("crc32", FileHashAlgorithm.Crc32)]
    [InlineData("xxh3-64", FileHashAlgorithm.XxHash3)]
    [InlineData("XXH128", FileHashAlgorithm.XxHash128)]
    [InlineData("b3", FileHashAlgorithm.Blake3)]
    public void TryParse_KnownSpellings_ReturnsAlgorithm(string name, FileHashAlgorithm expected)
    {
        FileHashAlgorithms.TryParse(name, out var algorithm).Should().BeTrue();
        algorithm.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tiger")]
    [InlineData("sha-2")]
    [InlineData(null)]
    public void TryParse_Unknown_ReturnsFalse(string? name) =>
        FileHashAlgorithms.TryParse(name, out _).Should().BeFalse();

    [Fact]
    public void ParseList_RoundTripsThroughFormatList_AndDropsDuplicates()
    {
        var list = FileHashAlgorithms.ParseList("md5, SHA256,md5,blake3");
        list.Should().Equal(FileHashAlgorithm.Md5, FileHashAlgorithm.Sha256, FileHashAlgorithm.Blake3);
        FileHashAlgorithms.FormatList(list).Should().Be("md5,sha256,blake3");
        FileHashAlgorithms.ParseList(FileHashAlgorithms.FormatList(FileHashAlgorithms.All)).Should().Equal(FileHashAlgorithms.All);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",,")]
    [InlineData("md5,whirlpool")]
    public void ParseList_Bad_ThrowsFormatException(string names) =>
        FluentActions.Invoking(() => FileHashAlgorithms.ParseList(names)).Should().Throw<FormatException>();

    [Fact]
    public void DigestLengths_MatchTheBclImplementations()
    {
        FileHashAlgorithms.GetDigestLength(FileHashAlgorithm.Md5).Should().Be(MD5.HashSizeInBytes);
        FileHashAlgorithms.GetDigestLength(FileHashAlgorithm.Sha1).Should().Be(SHA1.HashSizeInBytes);
        FileHashAlgorithms.GetDigestLength(FileHashAlgorithm.Sha256).Should().Be(SHA256.HashSizeInBytes);
        FileHashAlgorithms.GetDigestLength(FileHashAlgorithm.Sha384).Should().Be(SHA384.HashSizeInBytes);
        FileHashAlgorithms.GetDigestLength(FileHashAlgorithm.Sha512).Should().Be(SHA512.HashSizeInBytes);
        FileHashAlgorithms.GetDigestLength(FileHashAlgorithm.Sha3_256).Should().Be(SHA3_256.HashSizeInBytes);
        FileHashAlgorithms.GetDigestLength(FileHashAlgorithm.Sha3_512).Should().Be(SHA3_512.HashSizeInBytes);
    }

    [Fact]
    public void IsSupported_Sha3_FollowsThePlatform_AndUnsupportedThrowsNamingIt()
    {
        FileHashAlgorithms.IsSupported(FileHashAlgorithm.Sha3_256).Should().Be(SHA3_256.IsSupported);
        FileHashAlgorithms.IsSupported(FileHashAlgorithm.Sha256).Should().BeTrue();
        FileHashAlgorithms.IsSupported((FileHashAlgorithm)99).Should().BeFalse();
        if (!SHA3_256.IsSupported)
        {
            FluentActions.Invoking(() => FileHasher.Hash("abc"u8, [FileHashAlgorithm.Sha3_256]))
                .Should().Throw<PlatformNotSupportedException>().WithMessage("*sha3-256*");
        }
    }

    [Fact]
    public void BsdTags_AreWhatCoreutilsAndRhashWrite()
    {
        FileHashAlgorithms.GetBsdTag(FileHashAlgorithm.Sha256).Should().Be("SHA256");
        FileHashAlgorithms.GetBsdTag(FileHashAlgorithm.Sha3_256).Should().Be("SHA3-256");
        FileHashAlgorithms.GetBsdTag(FileHashAlgorithm.Blake3).Should().Be("BLAKE3");
    }
}
