using Forensics.Net.Hashing.Files.Tests;
using Microsoft.Data.Sqlite;

namespace Forensics.Net.Hashing.Files.Nsrl.Tests;

public class NsrlKnownHashesTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Load_NsrlRdsV3Sqlite_FileViewOrMetadataTable(bool withFileView)
    {
        using var dir = new TempDir();
        string db = RdsFixture.MakeRdsV3(dir.Path, withFileView);
        var entries = NsrlKnownHashes.ReadFile(db).ToList();
        entries.Should().HaveCount(3);
        entries.Should().OnlyContain(e => e.Digests.Algorithms.Count == 3);
        if (withFileView)
        {
            entries.Select(e => e.Path).Should().BeEquivalentTo("hello.txt", "fox.txt", "image.png");
            entries.Single(e => e.Path == "fox.txt").Size.Should().Be(43);
        }

        var good = NsrlKnownHashes.LoadFile(db);
        var c = new HashClassifier(good, null).Classify(FileHasher.HashFile(Path.Combine(TestFiles.Tree, "fox.txt"), [FileHashAlgorithm.Sha256]));
        c.Status.Should().Be(KnownHashStatus.KnownGood);
        c.MatchedName.Should().Be(withFileView ? "fox.txt" : null);

        string idx = Path.Combine(dir.Path, "nsrl.idx");
        HashIndex.BuildFile(idx, FileHashAlgorithm.Sha1, NsrlKnownHashes.ReadFile(db)).Count.Should().Be(3);
        using var index = HashIndex.Open(idx);
        new HashClassifier(index, null).Classify(FileHasher.HashFile(Path.Combine(TestFiles.Tree, "hello.txt"), [FileHashAlgorithm.Sha1]))
            .Status.Should().Be(KnownHashStatus.KnownGood);
    }

    [Fact]
    public void Load_SqliteWithoutNsrlTables_ThrowsFormatException()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x INTEGER)";
            command.ExecuteNonQuery();
        }

        FluentActions.Invoking(() => NsrlKnownHashes.LoadFile(path)).Should().Throw<HashFileFormatException>();
    }

    [Fact]
    public void IsRdsDatabaseFile_TellsSqliteFromText()
    {
        using var dir = new TempDir();
        NsrlKnownHashes.IsRdsDatabaseFile(RdsFixture.MakeRdsV3(dir.Path)).Should().BeTrue();
        NsrlKnownHashes.IsRdsDatabaseFile(TestFiles.Get("md5sum.txt")).Should().BeFalse();
    }

    [Fact]
    public void ReadFile_TextHashFile_IsReadByTheCoreReaders()
    {
        var expected = KnownHashSources.ReadFile(TestFiles.Get("md5sum.txt")).Select(e => e.ToString()).ToList();

        expected.Should().NotBeEmpty();
        NsrlKnownHashes.ReadFile(TestFiles.Get("md5sum.txt")).Select(e => e.ToString()).Should().Equal(expected);
    }
}
