using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Tests;

/// <summary>Damaged inputs are reported, never a crash: captures cut anywhere, hash lists with bad lines, empty files.</summary>
public class DamagedInputTests
{
    private static TriageReport Run(params string[] args)
    {
        TriageOptions.TryParse(args, out TriageOptions options, out string? error, out _).Should().BeTrue(error);
        return TriageRunner.Run(options, TextWriter.Null).Report;
    }

    [Theory]
    [InlineData("inside the file header", 10)]
    [InlineData("inside the first record header", 30)]
    [InlineData("in the first HTTP response", 1_000)]
    [InlineData("in the middle of photo.jpg's chunks", 40_000)]
    [InlineData("in the invoice.pdf response", 100_000)]
    [InlineData("one byte short", 122_431)]
    public void TruncatedCapture_IsReadToTheCut_AndReported(string label, int length)
    {
        using var dir = new TempDir();
        string cut = dir.Combine("cut.pcap");
        byte[] whole = File.ReadAllBytes(Path.Combine(TestPaths.Samples, "capture", "downloads.pcap"));
        File.WriteAllBytes(cut, whole.AsSpan(0, Math.Min(length, whole.Length - 1)).ToArray());

        TriageReport report = Run("--capture", cut);

        if (length < 24)
        {
            report.Errors.Should().ContainSingle(label).Which.Stage.Should().Be("capture");
            report.ExitCode.Should().Be(2);
            return;
        }

        report.Errors.Should().BeEmpty(label);
        CaptureReport capture = report.Captures.Single();
        capture.Problems.Should().NotBeEmpty(label + ": the cut is reported");
        capture.Downloads.Count.Should().BeLessThanOrEqualTo(5);
        report.Evidence.Should().HaveCount(capture.Downloads.Count(d => d.SavedAs is not null || d.EvidenceId is not null));
    }

    [Fact]
    public void HashListWithMalformedLines_LoadsTheGoodOnes_AndCountsTheRest()
    {
        using var dir = new TempDir();
        string list = dir.Combine("bad.txt");
        File.WriteAllLines(list,
        [
            "fb547d6e58f803ee8110e69f789cfafcab603d8c648f9b0643dfa316409c17c4  training-zoo/svc_update.py",
            "not a hash line at all",
            "zzzz  wrong-hex.bin",
            "0123456789abcdef  too-short.bin",
        ]);

        TriageReport report = Run("--dir", Path.Combine(TestPaths.Samples, "evidence", "tools"), "--known-bad", list);

        report.Errors.Should().BeEmpty();
        HashSetInfo set = report.HashSets.Single();
        set.Entries.Should().Be(1);
        set.SkippedLines.Should().Be(3);
        report.Evidence.Single().Classification.Should().Be("known-bad");
        report.ExitCode.Should().Be(1);
    }

    [Fact]
    public void EmptyAndOddFiles_AreExaminedWithoutFindings()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.Combine("empty.bin"), []);
        File.WriteAllBytes(dir.Combine("one.txt"), [0x41]);
        File.WriteAllText(dir.Combine("GFDL-1.2"), "GNU Free Documentation License\nVersion 1.2, November 2002\n");
        File.WriteAllBytes(dir.Combine("noise.dat"), Enumerable.Range(0, 5000).Select(i => (byte)((i * 7919) >> 3)).ToArray());

        TriageReport report = Run("--dir", dir.Path);

        report.Errors.Should().BeEmpty();
        report.Evidence.Should().HaveCount(4).And.OnlyContain(e => e.Sha256 != null);
        report.Findings.Should().BeEmpty("an empty file, one letter, a licence named GFDL-1.2 and random data named .dat lie about nothing");
        report.ExitCode.Should().Be(0);
    }
}
