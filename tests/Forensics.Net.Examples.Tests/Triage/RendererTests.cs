using System.Text.Json;
using Forensics.Net.Triage.Model;
using Forensics.Net.Triage.Rendering;

namespace Forensics.Net.Triage.Tests;

public class RendererTests
{
    [Fact]
    public void Json_HasDocumentedTopLevelFieldsAndSnakeCaseNames()
    {
        using JsonDocument doc = JsonDocument.Parse(JsonReport.Serialize(SyntheticReport.Create()));
        JsonElement root = doc.RootElement;

        root.EnumerateObject().Select(p => p.Name).Should().Equal(
            "schema", "tool", "started_utc", "duration_ms", "verdict", "exit_code", "summary", "findings",
            "hash_sets", "captures", "evidence", "errors", "skipped", "output");
        root.GetProperty("schema").GetString().Should().Be("forensics-net/triage-report/1");
        JsonElement e2 = root.GetProperty("evidence").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "E2");
        e2.GetProperty("extension_check").GetProperty("verdict").GetString().Should().Be("mismatch");
        e2.GetProperty("content_type_check").GetProperty("declared").GetString().Should().Be("application/pdf");
        e2.GetProperty("hash_match").GetProperty("name").GetString().Should().Be("training-zoo/invoice.pdf");
        root.GetProperty("captures")[0].GetProperty("downloads")[1].GetProperty("evidence_id").GetString().Should().Be("E2");
        root.GetProperty("captures")[0].GetProperty("timeline").GetProperty("bytes").GetArrayLength().Should().Be(61);
    }

    [Fact]
    public void Json_KeepsDecodedTextReadable()
    {
        string json = JsonReport.Serialize(SyntheticReport.Create());

        json.Should().Contain("Уважаемый Иван Петрович!");
    }

    [Fact]
    public void Console_PlainStyle_HasNoAnsiEscapesAndListsEveryFinding()
    {
        var writer = new StringWriter();
        TriageReport report = SyntheticReport.Create();

        ConsoleReport.Write(report, writer, ConsoleStyle.Plain with { Width = 400 }); // wide: no cell wraps
        string text = writer.ToString();

        text.Should().NotContain("\u001b[");
        text.Should().Contain("Findings").And.Contain("HTTP downloads").And.Contain("Evidence");
        foreach (Finding f in report.Findings)
        {
            text.Should().Contain(f.Kind);
        }

        text.Should().Contain("KNOWN-BAD").And.Contain("windows-1251");
        text.Should().Contain("[fe80::1]:5353", "addresses with brackets are text, not markup");
        text.Should().Contain("[bold]?[2J", "markup-like and control characters in names are shown, not obeyed");
    }

    [Fact]
    public void Html_IsSelfContained_AndEscapesHostileNames()
    {
        string html = HtmlReport.Render(SyntheticReport.Create());

        html.Should().StartWith("<!DOCTYPE html>");
        html.Should().NotContainAny("src=\"http", "href=\"http", "<link", "@import", "url(");
        html.Should().NotContain("<script>alert(1)</script>");
        html.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.Split("<script>").Length.Should().Be(2, "the report has exactly one (inline) script");
    }

    [Fact]
    public void Html_KnownBadSectionComesFirst_AndLinksCarvedFiles()
    {
        string html = HtmlReport.Render(SyntheticReport.Create());

        int knownBad = html.IndexOf("id=\"known-bad\"", StringComparison.Ordinal);
        knownBad.Should().BePositive();
        knownBad.Should().BeLessThan(html.IndexOf("id=\"findings\"", StringComparison.Ordinal));
        knownBad.Should().BeLessThan(html.IndexOf("id=\"evidence\"", StringComparison.Ordinal));
        html.Should().Contain("href=\"carved/invoice.pdf\"").And.Contain("href=\"carved/logo.gif\"");
    }

    [Theory]
    [InlineData("carved/a b.gif", "carved/a%20b.gif")]
    [InlineData("carved/x#1?.bin", "carved/x%231%3F.bin")]
    [InlineData("carved\\win.txt", "carved/win.txt")]
    public void HrefPath_EscapesEachSegment(string path, string expected) =>
        HtmlReport.HrefPath(path).Should().Be(expected);
}
