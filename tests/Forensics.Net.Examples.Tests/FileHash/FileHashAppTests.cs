using System.Text;
using FileHash;
using Forensics.Net.Examples.Tests.Support;

namespace Forensics.Net.Examples.Tests.FileHash;

public class FileHashAppTests
{
    private static (int Exit, string Out, string Err) FileHash(string cwd, params string[] args) => AppRunner.RunIn(FileHashApp.Run, cwd, args);

    [Theory]
    [InlineData("sha256", "sha256sum")]
    [InlineData("md5", "md5sum")]
    [InlineData("sha512", "sha512sum")]
    public void FileHash_SumFormat_IsByteIdenticalToCoreutils(string algorithm, string tool)
    {
        using var tree = HashingData.CopyTree();
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
        using var tree = HashingData.CopyTree();
        var ours = FileHash(tree.Path, "-r", "docs", ".");
        var theirs = Tool.Run("bash", ["-c", "(find docs -type f; find . -type f) | LC_ALL=C sort | xargs -d '\\n' sha256sum"], tree.Path);
        // find lists per root in sorted order; FileHash keeps argument order and sorts within each root.
        var expected = Tool.Run("bash", ["-c", "for r in docs .; do find \"$r\" -type f | LC_ALL=C sort | xargs -d '\\n' sha256sum; done"], tree.Path);
        theirs.Exit.Should().Be(0);
        ours.Out.Should().Be(expected.Out);
    }

    [SkippableFact]
    public void FileHash_HashdeepFormat_PassesHashdeepAudit_AndOurAuditMode()
    {
        using var tree = HashingData.CopyTree();
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
        FileHash(HashingData.Tree, "--format", format, "hello.txt").Out.Should().Be(expected);

    [Fact]
    public void FileHash_Check_LikeSha256sumC()
    {
        using var tree = HashingData.CopyTree();
        File.Copy(HashingData.Get("sha256sum.txt"), Path.Combine(tree.Path, "SUMS"));
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
        FileHash(HashingData.Tree).Exit.Should().Be(2);
        FileHash(HashingData.Tree, "-a", "md5,whirlpool", "x").Exit.Should().Be(2);
        FileHash(HashingData.Tree, "-a", "md5,sha1", "--format", "sum", "x").Exit.Should().Be(2);
        FileHash(HashingData.Tree, "--format", "xml", "x").Exit.Should().Be(2);
        var dir = FileHash(HashingData.Tree, "docs", "hello.txt");
        dir.Exit.Should().Be(2); // an input that cannot be hashed is an I/O error (issue 15: exit 2)
        dir.Err.Should().Contain("docs: is a directory");
        dir.Out.Should().Contain("hello.txt");
    }
}
