using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Tests;

public class ConcludeTests
{
    [Fact]
    public void Conclude_OrdersFindingsKnownBadFirstThenDisguisedExecutables()
    {
        TriageReport report = SyntheticReport.Create();

        report.Findings.Select(f => (f.Kind, f.EvidenceId)).Should().Equal(
            ("known-bad", "E2"),
            ("disguised-executable", "E2"),
            ("disguised-executable", "E3"),
            ("content-type-mismatch", "E2"),
            ("extension-mismatch", "E7"));
        report.Findings.Take(4).Should().OnlyContain(f => f.Severity == "high");
        report.Findings[^1].Severity.Should().Be("medium");
    }

    [Fact]
    public void Conclude_CountsAndExitCode()
    {
        TriageReport report = SyntheticReport.Create();

        report.Summary.KnownBad.Should().Be(1);
        report.Summary.KnownGood.Should().Be(1);
        report.Summary.Mismatches.Should().Be(3);
        report.Summary.DisguisedExecutables.Should().Be(2);
        report.Summary.TextFiles.Should().Be(2);
        report.Summary.Errors.Should().Be(1);
        report.ExitCode.Should().Be(2, "an unreadable file is an I/O error, and errors win over findings");
        report.Verdict.Should().Be("findings-with-errors");
    }

    [Fact]
    public void Conclude_FindingsWithoutErrors_ExitOne_AndCleanExitZero()
    {
        TriageReport report = SyntheticReport.Create();
        report.Errors.Clear();
        report.Evidence.RemoveAll(e => e.Error is not null);
        TriageRunner.Conclude(report);
        report.ExitCode.Should().Be(1);
        report.Verdict.Should().Be("findings");

        report.Evidence.RemoveAll(e => e.IsSuspicious);
        TriageRunner.Conclude(report);
        report.ExitCode.Should().Be(0);
        report.Verdict.Should().Be("clean");
        report.Findings.Should().BeEmpty();
    }

    [Fact]
    public void Conclude_AliasVerdict_IsNotAFinding()
    {
        TriageReport report = SyntheticReport.Create();

        report.Findings.Should().NotContain(f => f.EvidenceId == "E6");
    }

    [Theory]
    [InlineData("http://h/invoice.pdf", "invoice.pdf")]
    [InlineData("http://h/a/b/report%20final.docx?x=1#frag", "report final.docx")]
    [InlineData("http://h/", "fallback.bin")]
    [InlineData("/relative/only.gif", "only.gif")]
    public void NameFromUrl_TakesTheLastPathSegment(string url, string expected)
    {
        var record = new DownloadRecord { Client = "c", Server = "s", Method = "GET", Url = url, FileName = "fallback.bin" };

        TriageRunner.NameFromUrl(record).Should().Be(expected);
    }
}
