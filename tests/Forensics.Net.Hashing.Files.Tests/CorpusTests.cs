using Forensics.Net.Testing;

namespace Forensics.Net.Hashing.Files.Tests;

public class CorpusTests
{
    [Fact]
    public void TreeHasher_OverTheSignaturesCorpus_AgreesWithSha256sumAndB3sumOnEveryFile()
    {
        string root = TestCorpus.Require("signatures");
        var ours = TreeHasher.Hash([root], [FileHashAlgorithm.Sha256, FileHashAlgorithm.Blake3, FileHashAlgorithm.Md5])
            .Where(r => r.Status == TreeEntryStatus.Hashed).ToDictionary(r => r.FullPath, StringComparer.Ordinal);
        var sha = Tool.Run("bash", ["-c", "find . -type f -print0 | xargs -0 sha256sum"], root);
        var b3 = Tool.Run("bash", ["-c", "find . -type f -print0 | xargs -0 b3sum"], root);
        sha.Exit.Should().Be(0);

        var expectedSha = HashFileReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(sha.Out))).Entries;
        var expectedB3 = HashFileReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(b3.Out)), new HashFileReaderOptions { Algorithm = FileHashAlgorithm.Blake3 }).Entries;
        expectedSha.Should().HaveCount(ours.Count).And.HaveCountGreaterThan(200);
        foreach (var e in expectedSha)
        {
            ours[Path.GetFullPath(Path.Combine(root, e.Path))].Digests!.GetHex(FileHashAlgorithm.Sha256).Should().Be(e.Digests.GetHex(FileHashAlgorithm.Sha256), e.Path);
        }

        foreach (var e in expectedB3)
        {
            ours[Path.GetFullPath(Path.Combine(root, e.Path))].Digests!.GetHex(FileHashAlgorithm.Blake3).Should().Be(e.Digests.GetHex(FileHashAlgorithm.Blake3), e.Path);
        }
    }

    [Fact]
    public void WwwSha256List_LoadsAsAKnownSet()
    {
        string list = TestCorpus.Require("pcap/www_sha256.txt");
        var result = HashFileReader.ReadFile(list);
        result.Issues.Should().BeEmpty();
        result.Format.Should().Be(HashFileFormat.Sum);
        var set = KnownHashSet.LoadFile(list);
        set.Count.Should().Be(result.Entries.Count);
        var first = result.Entries[0];
        set.TryLookup(FileHashAlgorithm.Sha256, first.Digests.GetDigest(FileHashAlgorithm.Sha256).Span, out string? name).Should().BeTrue();
        name.Should().Be(first.Path);
    }
}
