using System.Text.Json;
using Forensics.Net.Examples.Tests.Support;
using Forensics.Net.Hashing.Files;
using HashScan;

namespace Forensics.Net.Examples.Tests.HashScan;

public class HashScanAppTests
{
    private static (int Exit, string Out, string Err) HashScan(string cwd, params string[] args) => AppRunner.RunIn(HashScanApp.Run, cwd, args);

    [Fact]
    public void HashScan_PrintsMatchForKnownBad_AndExitsOne()
    {
        using var tree = HashingData.CopyTree();
        string bad = Path.Combine(tree.Path, "..", Guid.NewGuid() + ".sha256");
        try
        {
            File.WriteAllText(bad, "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592  evil/fox.txt\n");
            var r = HashScan(tree.Path, "--bad", bad, "--good", HashingData.Get("NSRLFile.txt"), "-r", ".");
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
        var r = HashScan(HashingData.Tree, "--bad", HashingData.Get("hashdeep.txt"), "--json", "hello.txt", "missing.txt");
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
        string db = HashingData.MakeRdsV3(dir.Path);
        string idx = Path.Combine(dir.Path, "bad.idx");
        HashIndex.BuildFile(idx, FileHashAlgorithm.Md5, HashFileReader.ReadFile(HashingData.Get("md5sum.txt")).Entries);
        var r = HashScan(HashingData.Tree, "--bad", idx, "--good", db, "-r", ".");
        r.Exit.Should().Be(1);
        r.Out.Should().Contain("!! Match found with ./hello.txt (b1946ac92492d2347c6235b4d2611184) [known as hello.txt]");
        HashScan(HashingData.Tree, "--bad", Path.Combine(dir.Path, "nope.txt"), ".").Exit.Should().Be(2);
    }
}
