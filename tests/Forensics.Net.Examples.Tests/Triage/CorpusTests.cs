using System.Text.Json;
using Forensics.Net.Testing;
using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Tests;

/// <summary>The whole triage on the shared 10 MB capture plus the 246-file signature corpus (what the issue asks to measure).</summary>
public class CorpusTests
{
    [Fact]
    public void SharedCaptureAndSignatures_EveryBodyCarved_NoFalseAlarmsOnCorrectNames()
    {
        string capture = TestCorpus.Require("pcap/http_downloads.pcap");
        string signatures = TestCorpus.Require("signatures");
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(TestCorpus.Require("pcap/manifest.json")));
        TriageOptions.TryParse(["--capture", capture, "--dir", signatures, "--known-bad", Path.Combine(TestPaths.Samples, "known-bad.txt")], out TriageOptions options, out _, out _).Should().BeTrue();

        TriageReport report = TriageRunner.Run(options, TextWriter.Null).Report;

        report.Errors.Should().BeEmpty();
        CaptureReport c = report.Captures.Single();
        c.Packets.Should().Be(8825);
        c.Flows.Count(f => f.Protocol == "tcp").Should().Be(28);
        string[] bodies = manifest.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("status").GetInt32() is 200 or 206 && e.TryGetProperty("body_sha256", out JsonElement h) && h.ValueKind == JsonValueKind.String)
            .Select(e => e.GetProperty("body_sha256").GetString()!)
            .ToArray();
        bodies.Should().HaveCount(44);
        var carved = report.Evidence.Where(e => e.Source == "capture").Select(e => e.Sha256).ToHashSet();
        bodies.Should().OnlyContain(b => carved.Contains(b), "every decoded body in the manifest is carved byte-exact and examined");

        // Error pages are carved and hashed, but never judged against the URL's extension.
        report.Captures[0].Downloads.Where(d => d.Status == 404).Should().NotBeEmpty()
            .And.OnlyContain(d => report.Evidence.Single(e => e.Id == d.EvidenceId).ExtensionCheck!.Verdict == "unknown");

        // The signature corpus is correctly named: the only findings are its ELF programs stored under
        // non-executable names (a.pie, rename.ul ...) and the known-bad testhost.net48.exe.
        report.Evidence.Count(e => e.Source == "disk").Should().Be(Directory.EnumerateFiles(signatures, "*", SearchOption.AllDirectories).Count());
        report.Findings.Where(f => f.Kind is not ("known-bad" or "disguised-executable")).Should().BeEmpty();
        report.Findings.Where(f => f.Kind == "disguised-executable")
            .Should().OnlyContain(f => f.Path.Contains("/elf/", StringComparison.Ordinal));
        report.Findings.Where(f => f.Kind == "known-bad").Select(f => report.Evidence.Single(e => e.Id == f.EvidenceId).Name)
            .Should().Equal("testhost.net48.exe");
    }
}
