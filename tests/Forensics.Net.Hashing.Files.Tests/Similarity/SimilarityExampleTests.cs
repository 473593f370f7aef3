using FileHash;
using Forensics.Net.Testing;
using HashScan;

namespace Forensics.Net.Hashing.Files.Tests;

/// <summary>The FileHash and HashScan similarity contracts, checked against the real ssdeep and tlsh.</summary>
public class SimilarityExampleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static (int Exit, string Out, string Err) App(Func<string[], TextWriter, TextWriter, int> app, params string[] args)
    {
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int exit = app(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    private static string[] Sorted(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();

    private static TempDir Tree()
    {
        var dir = new TempDir();
        SimilarityCorpus.WriteVariants(dir.Path, 25);
        dir.File("sub/tiny", "a");
        dir.File("sub/empty", string.Empty);
        dir.File("sub/with space.txt", string.Concat(Enumerable.Repeat("some text with a space in its name\n", 200)));
        return dir;
    }

    [SkippableFact]
    public void FileHash_SsdeepFormat_PrintsWhatSsdeepPrints()
    {
        ExternalTool.Require("ssdeep");
        using var dir = Tree();
        var (exit, output, _) = App(FileHashApp.Run, "--algorithms", "ssdeep", "--format", "ssdeep", "-r", dir.Path);
        var tool = ExternalTool.Run("ssdeep", ["-r", dir.Path], Timeout);
        exit.Should().Be(0);
        output.Split('\n')[0].Should().Be("ssdeep,1.1--blocksize:hash:hash,filename");
        Sorted(output).Should().Equal(Sorted(tool.Out));
        Sorted(output).Length.Should().BeGreaterThan(100);
    }

    [SkippableFact]
    public void FileHash_Tlsh_PrintsTheToolDigestsInSumLayout()
    {
        ExternalTool.Require("tlsh", "tlsh-tools");
        using var dir = Tree();
        var (exit, output, _) = App(FileHashApp.Run, "--algorithms", "tlsh", "-r", dir.Path);
        var tool = ExternalTool.Run("tlsh", ["-r", dir.Path], Timeout);
        exit.Should().Be(0);
        Sorted(output).Should().Equal(Sorted(tool.Out.Replace('\t', ' ').Replace(" /", "  /", StringComparison.Ordinal)));
        Sorted(output).Length.Should().BeGreaterThan(90);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("60")]
    public void HashScan_Similar_PrintsWhatSsdeepMatchPrints(string? threshold)
    {
        ExternalTool.Require("ssdeep");
        using var dir = Tree();
        string[] originals = Directory.GetFiles(dir.Path, "*.o").Order(StringComparer.Ordinal).Take(12).ToArray();
        var known = ExternalTool.Run("ssdeep", ["-s", .. originals], Timeout);
        string knownPath = Path.Combine(dir.Path, "known.ssdeep");
        File.WriteAllText(knownPath, known.Out + "garbage line\n");
        string[] t = threshold is null ? [] : ["-t", threshold];
        var tool = ExternalTool.Run("ssdeep", ["-s", "-m", knownPath, .. t, "-r", dir.Path], Timeout);
        string[] ours = threshold is null ? [] : ["--threshold", threshold];
        var (exit, output, err) = App(HashScanApp.Run, ["--similar", knownPath, .. ours, "-r", dir.Path]);
        exit.Should().Be(1);
        err.Should().Contain("line");
        Sorted(output).Should().Equal(Sorted(tool.Out));
        Sorted(output).Length.Should().BeGreaterThan(12);
    }
}
