using Forensics.Net.Testing;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Tests;

/// <summary>Runs the real triage (all five libraries) once on samples/ with --out --html and keeps everything for the tests below.</summary>
public sealed class SamplesRunFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public SamplesRunFixture()
    {
        OutDir = _dir.Combine("out");
        TriageOptions.TryParse(["--out", OutDir, "--html"], out TriageOptions options, out string? error, out _).Should().BeTrue(error);
        options.ApplySampleDefaults(AppContext.BaseDirectory, out error).Should().BeTrue(error);
        var console = new StringWriter();
        Result = TriageRunner.Run(options, console);
        Console = console.ToString();
        using var stream = File.OpenRead(Path.Combine(TestPaths.Samples, "expected.json"));
        Expected = JsonDocument.Parse(stream);
    }

    public string OutDir { get; }

    internal TriageResult Result { get; }

    internal TriageReport Report => Result.Report;

    public string Console { get; }

    public JsonDocument Expected { get; }

    public void Dispose()
    {
        Expected.Dispose();
        _dir.Dispose();
    }
}

public class EndToEndTests(SamplesRunFixture run) : IClassFixture<SamplesRunFixture>
{
    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Samples_ExitCodeIsFindings_WithNoErrors()
    {
        run.Report.Errors.Should().BeEmpty();
        run.Result.ExitCode.Should().Be(run.Expected.RootElement.GetProperty("exit_code").GetInt32()).And.Be(1);
        run.Report.Verdict.Should().Be("findings");
    }

    [Fact]
    public void Samples_CaptureSummary_MatchesTheRecording()
    {
        JsonElement expected = run.Expected.RootElement.GetProperty("captures")[0];
        CaptureReport capture = run.Report.Captures.Should().ContainSingle().Subject;

        capture.Path.Should().EndWith(Str(expected, "path"));
        capture.Packets.Should().Be(expected.GetProperty("packets").GetInt64());
        capture.Flows.Count(f => f.Protocol == "tcp").Should().Be(expected.GetProperty("tcp_connections").GetInt32());
        capture.Flows.Should().OnlyContain(f => f.Server == "127.0.0.1:8080");
        capture.Timeline.Should().NotBeNull();
        capture.Timeline!.Packets.Sum().Should().Be(capture.Packets);
        capture.Problems.Should().BeEmpty();
    }

    [Fact]
    public void Samples_EveryDownloadIsCarvedByteExact_AndExamined()
    {
        JsonElement[] expected = [.. run.Expected.RootElement.GetProperty("captures")[0].GetProperty("downloads").EnumerateArray()];
        List<DownloadRecord> downloads = run.Report.Captures[0].Downloads;
        downloads.Select(d => d.Url).Should().BeEquivalentTo(expected.Select(e => Str(e, "url")));

        foreach (JsonElement want in expected)
        {
            string url = Str(want, "url")!;
            DownloadRecord d = downloads.Single(x => x.Url == url);
            d.Status.Should().Be(want.GetProperty("status").GetInt32(), url);
            d.ContentType.Should().Be(Str(want, "content_type"), url);
            d.Size.Should().Be(want.GetProperty("size").GetInt64(), url);
            d.Sha256.Should().Be(Str(want, "sha256"), url);
            if (Str(want, "transfer_encoding") is { } te)
            {
                d.TransferEncoding.Should().Be(te, url);
            }

            if (Str(want, "content_encoding") is { } ce)
            {
                d.ContentEncoding.Should().Be(ce, url);
            }

            // The carved file kept under --out has exactly the served bytes (hashed here, independently).
            d.SavedAs.Should().NotBeNull(url);
            Sha256Of(Path.Combine(run.OutDir, d.SavedAs!)).Should().Be(Str(want, "sha256"), url);

            EvidenceItem e = run.Report.Evidence.Single(x => x.Id == d.EvidenceId);
            AssertEvidence(e, want, url);
            e.Source.Should().Be("capture");
            e.Url.Should().Be(url);
        }
    }

    [Fact]
    public void Samples_EveryFileOnDisk_IsExamined()
    {
        JsonElement[] expected = [.. run.Expected.RootElement.GetProperty("files").EnumerateArray()];
        List<EvidenceItem> disk = run.Report.Evidence.Where(e => e.Source == "disk").ToList();
        disk.Should().HaveCount(expected.Length, "every file under samples/evidence is examined once");

        foreach (JsonElement want in expected)
        {
            string path = Str(want, "path")!;
            EvidenceItem e = disk.Single(x => x.Path.EndsWith(path, StringComparison.Ordinal));
            Sha256Of(Path.Combine(TestPaths.Samples, path)).Should().Be(Str(want, "sha256"), "samples/expected.json is current");
            AssertEvidence(e, want, path);
        }
    }

    [Fact]
    public void Samples_Findings_AreExactlyTheExpectedOnes_KnownBadFirst()
    {
        var expected = run.Expected.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (Severity: Str(f, "severity")!, Kind: Str(f, "kind")!, Name: Str(f, "name")!)).ToList();
        var actual = run.Report.Findings
            .Select(f => (f.Severity, f.Kind, run.Report.Evidence.Single(e => e.Id == f.EvidenceId).Name)).ToList();

        actual.Should().Equal(expected);
        run.Report.Summary.KnownBad.Should().Be(2);
        run.Report.Summary.DisguisedExecutables.Should().Be(2);
    }

    [Fact]
    public void Samples_HashesAreConsistent_AcrossAlgorithms()
    {
        foreach (EvidenceItem e in run.Report.Evidence)
        {
            string file = e.Source == "capture" ? Path.Combine(run.OutDir, e.Path) : Path.Combine(TestPaths.RepoRoot, e.Path);
            if (!File.Exists(file))
            {
                file = e.Path; // absolute when the test runs outside the repository folder
            }

            byte[] bytes = File.ReadAllBytes(file);
            e.Md5.Should().Be(Convert.ToHexStringLower(MD5.HashData(bytes)), e.Path);
            e.Sha1.Should().Be(Convert.ToHexStringLower(SHA1.HashData(bytes)), e.Path);
            e.Sha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(bytes)), e.Path);
            e.Size.Should().Be(bytes.Length);
        }
    }

    [Fact]
    public void Samples_ConsoleReport_NamesEveryFinding()
    {
        string text = run.Console;

        text.Should().Contain("5 finding(s)");
        text.Should().Contain("training-zoo/invoice-dropper.exe").And.Contain("training-zoo/svc_update.py");
        text.Should().Contain("holiday.jpg").And.Contain("disguised-executable").And.Contain("content-type-mismatch");
        text.Should().Contain("windows-1251").And.Contain("shift_jis").And.Contain("utf-16le");
        text.Should().Contain("GET /invoice.pdf");
        text.Should().NotContain("\u001b[", "no colours when not on a terminal");
    }

    [Fact]
    public void Samples_OutDir_HoldsReportsAndAHashdeepManifestOfEverythingWritten()
    {
        string[] written = Directory.EnumerateFiles(run.OutDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(run.OutDir, f).Replace('\\', '/'))
            .Where(f => f != "manifest.hashdeep")
            .Order(StringComparer.Ordinal)
            .ToArray();
        written.Should().Contain(["report.json", "report.html"]);
        written.Count(f => f.StartsWith("carved/", StringComparison.Ordinal)).Should().Be(5);

        string[] manifest = File.ReadAllLines(Path.Combine(run.OutDir, "manifest.hashdeep"));
        manifest[0].Should().Be("%%%% HASHDEEP-1.0");
        manifest.Where(l => !l.StartsWith('%') && !l.StartsWith('#') && l.Length > 0)
            .Select(l => l[(l.LastIndexOf(',') + 1)..])
            .Order(StringComparer.Ordinal)
            .Should().Equal(written, "the manifest lists every file written, and nothing else");
    }

    [SkippableFact]
    public void Samples_Manifest_PassesHashdeepAudit()
    {
        ExternalTool.Require("hashdeep");
        string hashdeep = ExternalTool.Find("hashdeep")!;
        string[] files = Directory.EnumerateFiles(run.OutDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(run.OutDir, f))
            .Where(f => f != "manifest.hashdeep")
            .ToArray();

        ExternalProcess.Result audit = ExternalProcess.Run(hashdeep, ["-a", "-l", "-k", "manifest.hashdeep", .. files], TimeSpan.FromSeconds(60), run.OutDir);

        audit.ExitCode.Should().Be(0, audit.StandardOutput + audit.StandardError);
        audit.StandardOutput.Should().Contain("Audit passed");
    }

    [Fact]
    public void Samples_JsonReportFile_HasTheDocumentedShape()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.OutDir, "report.json")));
        JsonElement root = doc.RootElement;

        root.GetProperty("schema").GetString().Should().Be(TriageReport.SchemaId);
        root.GetProperty("exit_code").GetInt32().Should().Be(1);
        root.GetProperty("summary").GetProperty("downloads").GetInt32().Should().Be(5);
        JsonElement first = root.GetProperty("evidence")[0];
        foreach (string field in new[] { "id", "source", "path", "name", "url", "size", "md5", "sha1", "sha256", "type", "extension_check", "content_type_check", "classification", "hash_match", "text", "error" })
        {
            first.TryGetProperty(field, out _).Should().BeTrue($"evidence items have '{field}'");
        }

        foreach (string field in new[] { "id", "name", "mime", "category", "extensions", "confidence", "is_executable", "is_text" })
        {
            first.GetProperty("type").TryGetProperty(field, out _).Should().BeTrue($"type has '{field}'");
        }

        root.GetProperty("captures")[0].GetProperty("downloads")[0].GetProperty("saved_as").GetString().Should().StartWith("carved/");
        root.GetProperty("output").GetProperty("manifest").GetString().Should().Be("manifest.hashdeep");
    }

    [SkippableFact]
    public void Samples_HtmlReport_InChromium_RunsCleanly_AndShowsTheFindings()
    {
        string html = Path.Combine(run.OutDir, "report.html");

        string dom = Chromium.DumpDom(html);

        BrowserAssertions.AssertScriptRanCleanly(dom);
        string body = BrowserAssertions.BodyTag(dom);
        body.Should().Contain($"data-evidence-rows=\"{run.Report.Evidence.Count}\"");
        body.Should().Contain("data-timeline-markers=\"5\"");
        body.Should().Contain("data-exit-code=\"1\"");
        string knownBad = BrowserAssertions.Section(dom, "known-bad");
        Regex.Matches(knownBad, "<tr class=").Count.Should().Be(2);
        knownBad.Should().Contain("training-zoo/invoice-dropper.exe").And.Contain("training-zoo/svc_update.py");
        dom.IndexOf("id=\"known-bad\"", StringComparison.Ordinal).Should().BeLessThan(dom.IndexOf("id=\"findings\"", StringComparison.Ordinal));
        Regex.Matches(dom, "<tr class=\"sev-[a-z]+\" data-kind=").Count.Should().Be(run.Report.Findings.Count);
        dom.Should().Contain("<svg class=\"timeline\"");

        // Every carved-file link resolves to a file beside the report.
        MatchCollection links = Regex.Matches(dom, "<a class=\"carved\" href=\"([^\"]+)\"");
        links.Should().NotBeEmpty();
        foreach (Match link in links)
        {
            File.Exists(Path.Combine(run.OutDir, Uri.UnescapeDataString(link.Groups[1].Value))).Should().BeTrue(link.Groups[1].Value);
        }
    }

    [SkippableFact]
    public void Samples_HtmlReport_Screenshot()
    {
        string png = Path.Combine(run.OutDir, "..", "report.png");

        Chromium.Screenshot(Path.Combine(run.OutDir, "report.html"), png);

        BrowserAssertions.AssertScreenshot(png, 1280, 2000);
    }

    private static void AssertEvidence(EvidenceItem e, JsonElement want, string because)
    {
        e.Error.Should().BeNull(because);
        e.Size.Should().Be(want.GetProperty("size").GetInt64(), because);
        e.Sha256.Should().Be(Str(want, "sha256"), because);
        e.Classification.Should().Be(Str(want, "classification"), because);
        if (Str(want, "known_bad_name") is { } badName)
        {
            e.HashMatch.Should().NotBeNull(because);
            e.HashMatch!.Name.Should().Be(badName, because);
        }

        if (Str(want, "mime") is { } mime)
        {
            e.Type!.Mime.Should().Be(mime, because);
        }

        if (Str(want, "extension_verdict") is { } verdict)
        {
            e.ExtensionCheck!.Verdict.Should().Be(verdict, because);
        }

        if (Str(want, "content_type_verdict") is { } ctVerdict)
        {
            e.ContentTypeCheck!.Verdict.Should().Be(ctVerdict, because);
        }

        if (want.TryGetProperty("executable", out JsonElement exe))
        {
            e.Type!.IsExecutable.Should().Be(exe.GetBoolean(), because);
            e.ExtensionCheck!.Dangerous.Should().BeTrue(because + ": executable content under a non-executable name");
        }

        if (Str(want, "encoding") is { } encoding)
        {
            e.Text.Should().NotBeNull(because);
            e.Text!.Encoding.Should().Be(encoding, because);
            if (want.TryGetProperty("bom", out JsonElement bom))
            {
                e.Text.Bom.Should().Be(bom.GetBoolean(), because);
            }

            if (Str(want, "language") is { } language)
            {
                e.Text.Language.Should().Be(language, because);
            }

            if (Str(want, "first_line") is { } line)
            {
                e.Text.FirstLine.Should().Be(line, because);
            }
        }
        else if (e.Type?.IsText != true)
        {
            e.Text.Should().BeNull(because + ": binary files get no encoding");
        }
    }
}
