namespace Forensics.Net.Hashing.Files.Tests;

public class AuditTests
{
    private static HashEntry E(string path, string content) =>
        new(path, content.Length, FileHasher.Hash(System.Text.Encoding.UTF8.GetBytes(content), [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha256]));

    [Fact]
    public void Audit_CountsEveryOutcome()
    {
        HashEntry[] known = [E("same.txt", "same"), E("edit.txt", "v1"), E("old/name.txt", "moved"), E("gone.txt", "gone"), E("orig.txt", "copied")];
        HashEntry[] now = [E("./same.txt", "same"), E("edit.txt", "v2"), E("new/name.txt", "moved"), E("brand-new.txt", "new"), E("orig.txt", "copied"), E("copy.txt", "copied")];

        var report = HashAudit.Audit(known, now);

        report.Matched.Should().Be(2);
        report.Changed.Should().Be(1);
        report.Moved.Should().Be(1);
        report.New.Should().Be(2);
        report.Missing.Should().Be(1);
        report.Passed.Should().BeFalse();
        report.Items.Single(i => i.Status == AuditStatus.Moved).ExpectedPath.Should().Be("old/name.txt");
        report.Items.Single(i => i.Path == "copy.txt").ExpectedPath.Should().Be("orig.txt");
        report.Items.Single(i => i.Status == AuditStatus.Missing).Path.Should().Be("gone.txt");
    }

    [Fact]
    public void Audit_IdenticalSets_Pass_AndSizeMismatchIsAChange()
    {
        HashEntry[] known = [E("a", "1"), E("b", "2")];
        HashAudit.Audit(known, known).Passed.Should().BeTrue();
        var resized = new HashEntry("a", 99, known[0].Digests);
        HashAudit.Audit(known, [resized, known[1]]).Changed.Should().Be(1);
    }

    [Fact]
    public void Audit_SwappedContents_AreTwoChanges_NotMoves()
    {
        var report = HashAudit.Audit([E("a", "1"), E("b", "2")], [E("a", "2"), E("b", "1")]);
        report.Changed.Should().Be(2);
        report.Moved.Should().Be(0);
        report.Missing.Should().Be(0);
    }

    [Fact]
    public void Audit_AgainstHashdeepFixture_AfterEdits_MatchesExpectedCounts()
    {
        using var tree = FormatTests.CopyTree();
        File.Delete(Path.Combine(tree.Path, "back\\slash.txt"));
        File.Move(Path.Combine(tree.Path, "fox.txt"), Path.Combine(tree.Path, "docs", "fox-renamed.txt"));
        File.WriteAllText(Path.Combine(tree.Path, "hello.txt"), "changed\n");
        File.Delete(Path.Combine(tree.Path, "empty.bin"));
        File.WriteAllText(Path.Combine(tree.Path, "extra.txt"), "extra");

        var known = HashFileReader.ReadFile(TestFiles.Get("hashdeep.txt")).Entries.Where(e => !e.Path.Contains('\\')).ToList();
        var now = TreeHasher.Hash([tree.Path], [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256])
            .Select(r => new HashEntry("./" + Path.GetRelativePath(tree.Path, r.FullPath), r.Size, r.Digests!));
        var report = HashAudit.Audit(known, now);

        (report.Matched, report.Changed, report.Moved, report.New, report.Missing).Should().Be((2, 1, 1, 1, 1));
    }

    [Fact]
    public void Verify_LikeSha256sumCheck_ReportsOkFailedAndMissing()
    {
        using var tree = FormatTests.CopyTree();
        File.WriteAllText(Path.Combine(tree.Path, "fox.txt"), "tampered");
        File.Delete(Path.Combine(tree.Path, "empty.bin"));
        var entries = HashFileReader.ReadFile(TestFiles.Get("sha256sum.txt")).Entries;

        var results = HashAudit.Verify(entries, tree.Path).ToList();

        results.Should().HaveCount(6);
        results.Count(r => r.Status == VerifyStatus.Ok).Should().Be(4);
        results.Single(r => r.Status == VerifyStatus.Failed).Entry.Path.Should().Be("fox.txt");
        results.Single(r => r.Status == VerifyStatus.Missing).Entry.Path.Should().Be("empty.bin");
        results.Single(r => r.Status == VerifyStatus.Failed).ToString().Should().Be("fox.txt: FAILED");
    }
}
