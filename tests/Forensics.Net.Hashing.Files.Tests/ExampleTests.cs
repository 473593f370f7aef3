using System.Text;
using System.Text.Json;
using FileHash;
using HashScan;

namespace Forensics.Net.Hashing.Files.Tests;

public class ExampleTests
{
    private static (int Exit, string Out, string Err) FileHash(string cwd, params string[] args) => Run(FileHashApp.Run, cwd, args);

    private static (int Exit, string Out, string Err) HashScan(string cwd, params string[] args) => Run(HashScanApp.Run, cwd, args);

    private static readonly Lock CwdLock = new();

    private static (int, string, string) Run(Func<string[], TextWriter, TextWriter, int> app, string cwd, string[] args)
    {
        lock (CwdLock)
        {
            string saved = Environment.CurrentDirectory;
            Environment.CurrentDirectory = cwd;
            try
            {
                var o = new StringWriter { NewLine = "\n" };
                var e = new StringWriter { NewLine = "\n" };
                int exit = app(args, o, e);
                return (exit, o.ToString(), e.ToString());
            }
            finally
            {
                Environment.CurrentDirectory = saved;
            }
        }
    }

    [Theory]
    [InlineData("sha256", "sha256sum")]
    [InlineData("md5", "md5sum")]
    [InlineData("sha512", "sha512sum")]
    public void FileHash_SumFormat_IsByteIdenticalToCoreutils(string algorithm, string tool)
    {
        using var tree = FormatTests.CopyTree();
        string[] files = ["hello.txt", "back\\slash.txt", "docs/comma, name.csv", "empty.bin", "docs/image.png"];
        var ours = FileHash(tree.Path, ["-a", algorithm, "--format", "sum", .. files]);
        byte[] theirs = Tool.RunBytes(tool, files, tree.Path);

        ours.Exit.Should().Be(0);
        ours.Err.Should().BeEmpty();
        Encoding.UTF8.GetBytes(ours.Out).Should().Equal(theirs);
    }

    [Fact]
    public void FileHash_Recursive_IsByteIdenticalToSha256sumOverSortedFind()
    {
        using var tree = FormatTests.CopyTree();
        var ours = FileHash(tree.Path, "-r", "docs", ".");
        var theirs = Tool.Run("bash", ["-c", "(find docs -type f; find . -type f) | LC_ALL=C sort | xargs -d '\\n' sha256sum"], tree.Path);
        // find lists per root in sorted order; FileHash keeps argument order and sorts within each root.
        var expected = Tool.Run("bash", ["-c", "for r in docs .; do find \"$r\" -type f | LC_ALL=C sort | xargs -d '\\n' sha256sum; done"], tree.Path);
        theirs.Exit.Should().Be(0);
        ours.Out.Should().Be(expected.Out);
    }

    [Fact]
    public void FileHash_HashdeepFormat_PassesHashdeepAudit_AndOurAuditMode()
    {
        using var tree = FormatTests.CopyTree();
        File.Delete(Path.Combine(tree.Path, "back\\slash.txt"));
        var hd = FileHash(tree.Path, "-a", "md5,sha1,sha256", "-r", ".");
        hd.Exit.Should().Be(0);
        hd.Out.Should().StartWith("%%%% HASHDEEP-1.0\n%%%% size,md5,sha1,sha256,filename\n");
        string known = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".hd");
        try
        {
            File.WriteAllText(known, hd.Out);
            Tool.Run("hashdeep", ["-l", "-k", known, "-a", "-r", "."], tree.Path).Out.Should().Contain("Audit passed");

            var audit = FileHash(tree.Path, "--audit", known, "-r", ".");
            audit.Exit.Should().Be(0);
            audit.Out.Should().Contain("Audit passed").And.Contain("Files matched: 5");

            File.Move(Path.Combine(tree.Path, "fox.txt"), Path.Combine(tree.Path, "fox2.txt"));
            File.WriteAllText(Path.Combine(tree.Path, "hello.txt"), "edited");
            File.WriteAllText(Path.Combine(tree.Path, "added.txt"), "added");
            File.Delete(Path.Combine(tree.Path, "empty.bin"));
            audit = FileHash(tree.Path, "--audit", known, "-r", ".");
            audit.Exit.Should().Be(1);
            audit.Out.Should().Contain("Audit failed").And.Contain("Files matched: 2").And.Contain("Files changed: 1")
                .And.Contain("Files moved: 1").And.Contain("New files found: 1").And.Contain("Known files not found: 1")
                .And.Contain("Moved: ./fox2.txt (was ./fox.txt)");
        }
        finally
        {
            File.Delete(known);
        }
    }

    [Theory]
    [InlineData("bsd", "SHA256 (hello.txt) = 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n")]
    [InlineData("csv", "path,size,sha256\nhello.txt,6,5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n")]
    [InlineData("json", "{\"path\":\"hello.txt\",\"size\":6,\"sha256\":\"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\"}\n")]
    public void FileHash_OtherFormats(string format, string expected) =>
        FileHash(TestFiles.Tree, "--format", format, "hello.txt").Out.Should().Be(expected);

    [Fact]
    public void FileHash_Check_LikeSha256sumC()
    {
        using var tree = FormatTests.CopyTree();
        File.Copy(TestFiles.Get("sha256sum.txt"), Path.Combine(tree.Path, "SUMS"));
        var ok = FileHash(tree.Path, "--check", "SUMS");
        ok.Exit.Should().Be(0);
        ok.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(6).And.OnlyContain(l => l.EndsWith(": OK", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(tree.Path, "fox.txt"), "x");
        var bad = FileHash(tree.Path, "--check", "SUMS");
        bad.Exit.Should().Be(1);
        bad.Out.Should().Contain("fox.txt: FAILED");
        bad.Err.Should().Contain("1 computed checksum did NOT match");
    }

    [Fact]
    public void FileHash_BadUsage_ExitsTwo_AndDirectoryWithoutRecursionIsAnError()
    {
        FileHash(TestFiles.Tree).Exit.Should().Be(2);
        FileHash(TestFiles.Tree, "-a", "md5,whirlpool", "x").Exit.Should().Be(2);
        FileHash(TestFiles.Tree, "-a", "md5,sha1", "--format", "sum", "x").Exit.Should().Be(2);
        FileHash(TestFiles.Tree, "--format", "xml", "x").Exit.Should().Be(2);
        var dir = FileHash(TestFiles.Tree, "docs", "hello.txt");
        dir.Exit.Should().Be(1);
        dir.Err.Should().Contain("docs: is a directory");
        dir.Out.Should().Contain("hello.txt");
    }

    [Fact]
    public void HashScan_PrintsMatchForKnownBad_AndExitsOne()
    {
        using var tree = FormatTests.CopyTree();
        string bad = Path.Combine(tree.Path, "..", Guid.NewGuid() + ".sha256");
        try
        {
            File.WriteAllText(bad, "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592  evil/fox.txt\n");
            var r = HashScan(tree.Path, "--bad", bad, "--good", TestFiles.Get("NSRLFile.txt"), "-r", ".");
            r.Exit.Should().Be(1);
            r.Out.Should().Contain("!! Match found with ./fox.txt (d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592) [known as evil/fox.txt]\n");
            r.Out.Should().Contain("6 files scanned: 1 known-bad, 3 known-good, 2 unknown, 0 errors");

            var clean = HashScan(tree.Path, "--bad", bad, "hello.txt");
            clean.Exit.Should().Be(0);
            clean.Out.Should().NotContain("!!");
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public void HashScan_Json_OneObjectPerFileWithStatusAndMatch()
    {
        var r = HashScan(TestFiles.Tree, "--bad", TestFiles.Get("hashdeep.txt"), "--json", "hello.txt", "missing.txt");
        r.Exit.Should().Be(1);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        using var hello = JsonDocument.Parse(lines[0]);
        hello.RootElement.GetProperty("status").GetString().Should().Be("known-bad");
        hello.RootElement.GetProperty("match").GetString().Should().Be("./hello.txt");
        hello.RootElement.GetProperty("algorithm").GetString().Should().Be("sha256");
        hello.RootElement.GetProperty("sha256").GetString().Should().Be("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
        using var missing = JsonDocument.Parse(lines[1]);
        missing.RootElement.GetProperty("status").GetString().Should().Be("error");
    }

    [Fact]
    public void HashScan_AcceptsAPrebuiltIndexAndNsrlSqlite()
    {
        using var dir = new TempDir();
        string db = RdsFixture.MakeRdsV3(dir.Path);
        string idx = Path.Combine(dir.Path, "bad.idx");
        HashIndex.BuildFile(idx, FileHashAlgorithm.Md5, HashFileReader.ReadFile(TestFiles.Get("md5sum.txt")).Entries);
        var r = HashScan(TestFiles.Tree, "--bad", idx, "--good", db, "-r", ".");
        r.Exit.Should().Be(1);
        r.Out.Should().Contain("!! Match found with ./hello.txt (b1946ac92492d2347c6235b4d2611184) [known as hello.txt]");
        HashScan(TestFiles.Tree, "--bad", Path.Combine(dir.Path, "nope.txt"), ".").Exit.Should().Be(2);
    }
}
