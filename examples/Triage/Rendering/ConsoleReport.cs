using System.Globalization;
using System.Text;
using Forensics.Net.Triage.Model;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Forensics.Net.Triage.Rendering;

/// <summary>How the console report is drawn: colours and width (plain when redirected).</summary>
internal sealed record ConsoleStyle(bool Ansi, int Width)
{
    /// <summary>No colours, 150 columns: for files, pipes and tests.</summary>
    public static ConsoleStyle Plain { get; } = new(false, 150);
}

/// <summary>The human-readable report: Spectre.Console tables, findings first.</summary>
internal static class ConsoleReport
{
    private const int MaxFlows = 15;

    public static IAnsiConsole CreateConsole(TextWriter writer, ConsoleStyle style)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = style.Ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = style.Ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = style.Width;
        console.Profile.Capabilities.Unicode = writer.Encoding is UnicodeEncoding or UTF8Encoding or UTF32Encoding;
        return console;
    }

    public static void Write(TriageReport report, TextWriter writer, ConsoleStyle style)
    {
        IAnsiConsole console = CreateConsole(writer, style);
        Render(report, console);
        writer.Flush();
    }

    public static void Render(TriageReport report, IAnsiConsole console)
    {
        ReportSummary s = report.Summary;
        string verdictColour = report.ExitCode switch { 0 => "green", 1 => "red", _ => "yellow" };
        console.Write(new Rule($"[bold]Forensics.Net Triage[/] — [{verdictColour} bold]{Esc(VerdictText(report))}[/]").LeftJustified());
        console.MarkupLine(Esc(string.Create(CultureInfo.InvariantCulture,
            $"{s.Captures} capture(s), {s.Packets:N0} packets, {s.Flows} flows, {s.Downloads} downloads carved; {s.Files} files examined ({FormatSize(s.BytesHashed)} hashed) in {report.DurationMs:N0} ms")));
        console.MarkupLine(Esc(string.Create(CultureInfo.InvariantCulture,
            $"known-bad {s.KnownBad}, known-good {s.KnownGood}, unknown {s.Unknown}; type mismatches {s.Mismatches} ({s.DisguisedExecutables} disguised executable(s)); text files {s.TextFiles}; errors {s.Errors}")));
        console.WriteLine();

        if (report.Findings.Count > 0)
        {
            var findings = NewTable("Findings", "Sev", "Kind", "Id", "Details");
            foreach (Finding f in report.Findings)
            {
                string colour = f.Severity == Severity.High ? "red" : "yellow";
                findings.AddRow(
                    new Markup($"[{colour}]{Esc(f.Severity.ToUpperInvariant())}[/]"),
                    Plain(f.Kind),
                    Plain(f.EvidenceId),
                    Plain(f.Message));
            }

            console.Write(findings);
        }
        else
        {
            console.MarkupLine("[green]No findings: nothing known-bad, no type mismatches.[/]");
        }

        foreach (CaptureReport capture in report.Captures)
        {
            console.WriteLine();
            string span = capture.FirstUtc is { } first && capture.LastUtc is { } last
                ? string.Create(CultureInfo.InvariantCulture, $", {first:yyyy-MM-dd HH:mm:ss} to {last:HH:mm:ss} UTC ({(last - first).TotalSeconds:0.0} s)")
                : "";
            console.MarkupLine($"[bold]Capture[/] {Esc(capture.Path)}: {Esc(string.Create(CultureInfo.InvariantCulture, $"{capture.Packets:N0} packets, {FormatSize(capture.Bytes)}, {capture.Flows.Count} flows{span}"))}");
            if (capture.Flows.Count > 0)
            {
                var flows = NewTable(null, "Proto", "Client", "Server", "Packets", "Bytes", "Start (UTC)", "Duration");
                foreach (FlowSummary flow in capture.Flows.OrderByDescending(f => f.Bytes).ThenBy(f => f.FirstUtc).Take(MaxFlows))
                {
                    flows.AddRow(Plain(flow.Protocol), Plain(flow.Client), Plain(flow.Server),
                        Plain(flow.Packets.ToString("N0", CultureInfo.InvariantCulture)), Plain(FormatSize(flow.Bytes)),
                        Plain(flow.FirstUtc.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)),
                        Plain((flow.LastUtc - flow.FirstUtc).TotalSeconds.ToString("0.000 s", CultureInfo.InvariantCulture)));
                }

                if (capture.Flows.Count > MaxFlows)
                {
                    flows.Caption(Esc($"{capture.Flows.Count - MaxFlows} smaller flows not shown (see --json / --html)"));
                }

                console.Write(flows);
            }

            if (capture.Downloads.Count > 0)
            {
                var downloads = NewTable("HTTP downloads", "Id", "Time (UTC)", "Server", "Request", "Status", "Content-Type", "Size", "True type", "Verdict");
                foreach (DownloadRecord d in capture.Downloads)
                {
                    EvidenceItem? e = report.Evidence.Find(x => x.Id == d.EvidenceId);
                    downloads.AddRow(
                        Plain(d.EvidenceId ?? "-"),
                        Plain(d.ResponseUtc?.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) ?? "-"),
                        Plain(d.Host ?? d.Server),
                        Plain($"{d.Method} {PathAndQuery(d.Url)}"),
                        Plain(d.Status.ToString(CultureInfo.InvariantCulture)),
                        Plain(d.ContentType ?? "-"),
                        Plain(FormatSize(d.Size)),
                        Plain(e?.Type?.Name ?? "unknown"),
                        VerdictMarkup(e));
                }

                console.Write(downloads);
            }

            foreach (string problem in capture.Problems)
            {
                console.MarkupLine($"[yellow]  note:[/] {Esc(problem)}");
            }
        }

        if (report.Evidence.Count > 0)
        {
            console.WriteLine();
            string prefix = CommonFolder(report.Evidence.Where(e => e.Source == EvidenceSource.Disk).Select(e => e.Path));
            var evidence = NewTable("Evidence", "Id", "File", "Size", "True type", "Extension", "Hash set", "Text", "SHA-256");
            if (prefix.Length > 0)
            {
                evidence.Caption(Esc($"files on disk relative to {prefix}"));
            }

            foreach (EvidenceItem e in report.Evidence)
            {
                evidence.AddRow(
                    Plain(e.Id),
                    Plain(e.Source == EvidenceSource.Capture ? e.Name + " (carved)" : e.Path[prefix.Length..]),
                    Plain(e.Error is null ? FormatSize(e.Size) : "-"),
                    Plain(e.Error is null ? e.Type?.Name ?? "unknown" : "unreadable"),
                    VerdictMarkup(e),
                    ClassificationMarkup(e),
                    Plain(e.Text is null ? "" : TextSummary(e.Text, withConfidence: false)),
                    Plain(e.Sha256 is null ? "-" : e.Sha256[..Math.Min(12, e.Sha256.Length)] + "…"));
            }

            console.Write(evidence);
        }

        if (report.HashSets.Count > 0)
        {
            console.WriteLine();
            foreach (HashSetInfo set in report.HashSets)
            {
                string skipped = set.SkippedLines > 0 ? $", {set.SkippedLines} malformed line(s) skipped" : "";
                console.MarkupLine(Esc(string.Create(CultureInfo.InvariantCulture, $"{set.Kind} list {set.Path}: {set.Entries:N0} hashes{skipped}")));
            }
        }

        foreach (ReportError error in report.Errors)
        {
            console.MarkupLine($"[yellow]error[/] {Esc($"({error.Stage}) {error.Path}: {error.Message}")}");
        }

        if (report.Output is { } output)
        {
            console.MarkupLine(Esc($"Output in {output.Directory}: {string.Join(", ", new[] { output.CarvedDir + "/", output.Json, output.Html, output.Manifest }.Where(x => x is not null))}"));
        }
    }

    internal static string VerdictText(TriageReport report) => report.ExitCode switch
    {
        0 => "nothing suspicious",
        1 => $"{report.Findings.Count} finding(s)",
        _ => report.Findings.Count > 0 ? $"{report.Findings.Count} finding(s), {report.Errors.Count} error(s)" : $"{report.Errors.Count} error(s)",
    };

    internal static string TextSummary(TextDetails text, bool withConfidence = true)
    {
        var sb = new StringBuilder(text.Encoding);
        if (text.Bom)
        {
            sb.Append(" +BOM");
        }

        if (text.Language is not null)
        {
            sb.Append(withConfidence ? ", " : " ").Append(text.Language);
        }

        if (withConfidence)
        {
            sb.Append(CultureInfo.InvariantCulture, $" ({text.Confidence:0.00})");
        }

        return sb.ToString();
    }

    internal static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };

    /// <summary>The folder (with its trailing slash) shared by all paths, or "" when none.</summary>
    internal static string CommonFolder(IEnumerable<string> paths)
    {
        string? common = null;
        foreach (string path in paths)
        {
            string folder = path[..(path.LastIndexOf('/') + 1)];
            if (common is null)
            {
                common = folder;
                continue;
            }

            int n = 0;
            while (n < common.Length && n < folder.Length && common[n] == folder[n])
            {
                n++;
            }

            common = common[..(common.LastIndexOf('/', Math.Max(0, n - 1)) + 1)];
            if (n == 0)
            {
                common = "";
            }
        }

        return common ?? "";
    }

    internal static string PathAndQuery(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) ? uri.PathAndQuery : url;

    /// <summary>Text for a cell, with control characters (terminal escapes in hostile names) made visible instead of obeyed.</summary>
    private static string Esc(string text) => Markup.Escape(Sanitize(text));

    internal static Text Plain(string text) => new(Sanitize(text));

    internal static string Sanitize(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(char.IsControl(c) ? '?' : c);
        }

        return sb.ToString();
    }

    private static Table NewTable(string? title, params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null)
        {
            table.Title($"[bold]{Esc(title)}[/]");
        }

        foreach (string c in columns)
        {
            table.AddColumn(new TableColumn(Esc(c)));
        }

        return table;
    }

    private static IRenderable VerdictMarkup(EvidenceItem? e)
    {
        if (e?.ExtensionCheck is null)
        {
            return Plain("-");
        }

        string verdict = e.ExtensionCheck.Verdict;
        string text = e.ExtensionCheck.Extension is { } ext ? $"{verdict} .{ext}" : verdict;
        if (e.ContentTypeCheck is { } ct && ct.Verdict != ExtensionVerdicts.Match)
        {
            text += $"; type {ct.Verdict}";
        }

        bool bad = verdict == ExtensionVerdicts.Mismatch || e.ContentTypeCheck?.Verdict == ExtensionVerdicts.Mismatch;
        return new Markup(bad ? $"[red]{Esc(text)}[/]" : Esc(text));
    }

    private static Markup ClassificationMarkup(EvidenceItem e) => e.Classification switch
    {
        EvidenceClassification.KnownBad => new Markup("[red bold]KNOWN-BAD[/]"),
        EvidenceClassification.KnownGood => new Markup("[green]known-good[/]"),
        _ => new Markup("unknown"),
    };
}
