using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Forensics.Net.Triage.Rendering;

namespace Forensics.Net.Triage.Tests;

/// <summary>The HTML report opened in a real headless Chromium: scripts run without errors, the DOM has the expected structure, a screenshot is taken.</summary>
public class HtmlBrowserTests
{
    [SkippableFact]
    public void SyntheticReport_LoadsInChromiumWithoutScriptErrors()
    {
        using var dir = new TempDir();
        string html = dir.Combine("report.html");
        File.WriteAllText(html, HtmlReport.Render(SyntheticReport.Create()));

        string dom = Chromium.DumpDom(html);

        BrowserAssertions.AssertScriptRanCleanly(dom);
        dom.Should().Contain("data-evidence-rows=\"8\"");
        dom.Should().Contain("data-timeline-markers=\"2\"");
        BrowserAssertions.BodyTag(dom).Should().NotContain("data-injected", "hostile file names and decoded text are escaped, never executed");
        Regex.Matches(BrowserAssertions.Section(dom, "known-bad"), "<tr class=").Count.Should().Be(1, "the known-bad table lists the one known-bad file");
        BrowserAssertions.Section(dom, "known-bad").Should().Contain("data-evidence-id=\"E2\"");
        dom.Should().Contain("8 of 8 files shown", "the script filled in the evidence counter");
    }

    [SkippableFact]
    public void SyntheticReport_Screenshot_IsARealPng()
    {
        using var dir = new TempDir();
        string html = dir.Combine("report.html");
        File.WriteAllText(html, HtmlReport.Render(SyntheticReport.Create()));
        string png = dir.Combine("report.png");

        Chromium.Screenshot(html, png);

        BrowserAssertions.AssertScreenshot(png, 1280, 2000);
    }
}

internal static class BrowserAssertions
{
    public static void AssertScriptRanCleanly(string dom)
    {
        dom.Should().Contain("<body", "chromium printed the DOM");
        string body = BodyTag(dom);
        body.Should().Contain("data-report-ready=\"true\"", "the page's script runs to the end and sets its marker");
        body.Should().NotContain("data-script-errors", "window.onerror saw no error");
        Regex.Match(dom, "<pre id=\"script-errors\"[^>]*>(.*?)</pre>", RegexOptions.Singleline).Groups[1].Value.Should().BeEmpty();
    }

    /// <summary>The opening &lt;body ...&gt; tag of the dumped DOM (where the script puts its markers).</summary>
    public static string BodyTag(string dom) => Regex.Match(dom, "<body[^>]*>").Value;

    /// <summary>The HTML of &lt;section id="..."&gt; in the dumped DOM.</summary>
    public static string Section(string dom, string id)
    {
        Match m = Regex.Match(dom, $"<section id=\"{Regex.Escape(id)}\">(.*?)</section>", RegexOptions.Singleline);
        m.Success.Should().BeTrue($"the report has a section #{id}");
        return m.Groups[1].Value;
    }

    public static void AssertScreenshot(string png, int width, int height)
    {
        File.Exists(png).Should().BeTrue("chromium wrote the screenshot");
        byte[] bytes = File.ReadAllBytes(png);
        bytes.Length.Should().BeGreaterThan(20_000, "a rendered report, not a blank page");
        bytes.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)).Should().Be(width);
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)).Should().Be(height);
    }
}

/// <summary>The browser check itself must catch what it is meant to catch.</summary>
public class HtmlBrowserCheckTests
{
    [SkippableTheory]
    [InlineData("a script error", "<script>undefinedFunction();</script>")]
    [InlineData("an external image (blocked by the page's policy)", "<img src=\"http://127.0.0.1:9/x.png\">")]
    public void BrokenPage_IsDetected(string label, string injected)
    {
        using var dir = new TempDir();
        string html = dir.Combine("report.html");
        File.WriteAllText(html, Forensics.Net.Triage.Rendering.HtmlReport.Render(SyntheticReport.Create()).Replace("</body>", injected + "</body>", StringComparison.Ordinal));

        string dom = Chromium.DumpDom(html);

        BrowserAssertions.BodyTag(dom).Should().Contain("data-script-errors=\"true\"", label);
    }
}
