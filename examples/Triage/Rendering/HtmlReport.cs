using System.Globalization;
using System.Net;
using System.Text;
using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Rendering;

/// <summary>
/// The --html report: one self-contained page (inline CSS, script and SVG; no external assets, a
/// Content-Security-Policy that forbids loading any). Known-bad matches come first, then all
/// findings, the traffic timeline, downloads (linked to the carved files), evidence, flows.
/// The script sets <c>data-report-ready="true"</c> on &lt;body&gt; when it has run, and writes any
/// script error into <c>#script-errors</c> — the browser test asserts on both.
/// </summary>
internal static class HtmlReport
{
    public static void Write(TriageReport report, TextWriter writer)
    {
        writer.Write(Render(report));
        writer.Flush();
    }

    public static string Render(TriageReport report)
    {
        var h = new StringBuilder(64 * 1024);
        ReportSummary s = report.Summary;
        string verdictClass = report.ExitCode switch { 0 => "clean", 1 => "findings", _ => "error" };
        h.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <title>Triage report</title>
            <style>
            """).Append(Css).Append("""
            </style>
            </head>
            """);
        h.Append(CultureInfo.InvariantCulture, $"<body data-report-ready=\"false\" data-exit-code=\"{report.ExitCode}\">\n");
        h.Append("<header>\n<h1>Forensics.Net Triage</h1>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p id=\"verdict\" class=\"verdict {verdictClass}\">{E(ConsoleReport.VerdictText(report))} <span class=\"muted\">(exit code {report.ExitCode})</span></p>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Started {report.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC, {report.DurationMs:N0} ms. Schema <code>{E(report.Schema)}</code>.</p>\n");
        h.Append("<div class=\"cards\">\n");
        Card(h, "known-bad", s.KnownBad, s.KnownBad > 0 ? "bad" : "ok");
        Card(h, "type mismatches", s.Mismatches, s.Mismatches > 0 ? "bad" : "ok");
        Card(h, "disguised executables", s.DisguisedExecutables, s.DisguisedExecutables > 0 ? "bad" : "ok");
        Card(h, "downloads carved", s.Downloads, "");
        Card(h, "files examined", s.Files, "");
        Card(h, "known-good", s.KnownGood, "");
        Card(h, "text files", s.TextFiles, "");
        Card(h, "errors", s.Errors, s.Errors > 0 ? "warn" : "");
        h.Append("</div>\n</header>\n<main>\n");

        // 1. Known-bad matches first.
        var bad = report.Evidence.Where(e => e.Classification == EvidenceClassification.KnownBad).ToList();
        h.Append("<section id=\"known-bad\">\n<h2>Known-bad matches</h2>\n");
        if (bad.Count == 0)
        {
            h.Append("<p class=\"ok\">No file matches a known-bad hash.</p>\n");
        }
        else
        {
            h.Append("<table class=\"data\" id=\"known-bad-table\"><thead><tr><th>Id</th><th>File</th><th>Matched entry</th><th>Hash set</th><th>True type</th><th>SHA-256</th></tr></thead><tbody>\n");
            foreach (EvidenceItem e in bad)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr class=\"sev-high\" data-evidence-id=\"{E(e.Id)}\"><td>{E(e.Id)}</td><td>{FileCell(report, e)}</td><td>{E(e.HashMatch?.Name)}</td><td>{E(e.HashMatch?.Set)}</td><td>{E(e.Type?.Name ?? "unknown")}</td><td><code class=\"hash\">{E(e.Sha256)}</code></td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }

        h.Append("</section>\n");

        // 2. All findings.
        h.Append("<section id=\"findings\">\n<h2>Findings</h2>\n");
        if (report.Findings.Count == 0)
        {
            h.Append("<p class=\"ok\">Nothing suspicious.</p>\n");
        }
        else
        {
            h.Append("<table class=\"data sortable\" id=\"findings-table\"><thead><tr><th>Severity</th><th>Kind</th><th>Id</th><th>Details</th></tr></thead><tbody>\n");
            foreach (Finding f in report.Findings)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr class=\"sev-{E(f.Severity)}\" data-kind=\"{E(f.Kind)}\" data-evidence-id=\"{E(f.EvidenceId)}\"><td><span class=\"badge sev-{E(f.Severity)}\">{E(f.Severity)}</span></td><td class=\"nw\">{E(f.Kind)}</td><td class=\"nw\"><a href=\"#{E(f.EvidenceId)}\">{E(f.EvidenceId)}</a></td><td>{E(f.Message)}</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }

        h.Append("</section>\n");

        // 3. Timeline and downloads per capture.
        foreach ((CaptureReport capture, int index) in report.Captures.Select((c, i) => (c, i)))
        {
            h.Append(CultureInfo.InvariantCulture, $"<section class=\"capture\" id=\"capture-{index + 1}\">\n<h2>Capture {E(capture.Path)}</h2>\n");
            h.Append(CultureInfo.InvariantCulture, $"<p>{capture.Packets:N0} packets, {E(ConsoleReport.FormatSize(capture.Bytes))}, {capture.Flows.Count} flows, {capture.Downloads.Count} downloads carved.</p>\n");
            h.Append("<h3>Timeline of traffic and downloads</h3>\n");
            Timeline(h, report, capture, index);
            h.Append("<h3>HTTP downloads</h3>\n");
            if (capture.Downloads.Count == 0)
            {
                h.Append("<p class=\"muted\">No HTTP response bodies in this capture.</p>\n");
            }
            else
            {
                h.Append(CultureInfo.InvariantCulture, $"<table class=\"data sortable downloads\" id=\"downloads-{index + 1}\"><thead><tr><th>Id</th><th>Time (UTC)</th><th>Client → server</th><th>Request</th><th>Status</th><th>Content-Type</th><th>Encoding</th><th>Size</th><th>True type</th><th>Verdict</th><th>Carved file</th><th>SHA-256</th></tr></thead><tbody>\n");
                foreach (DownloadRecord d in capture.Downloads)
                {
                    EvidenceItem? e = report.Evidence.Find(x => x.Id == d.EvidenceId);
                    string rowClass = e is null ? "" : RowClass(e);
                    string encodings = string.Join(", ", new[] { d.TransferEncoding, d.ContentEncoding }.Where(x => !string.IsNullOrEmpty(x)));
                    string link = d.SavedAs is null ? E(d.FileName) : $"<a class=\"carved\" href=\"{E(HrefPath(d.SavedAs))}\" title=\"{E(d.SavedAs)}\">{E(Path.GetFileName(d.SavedAs))}</a>";
                    h.Append(CultureInfo.InvariantCulture, $"<tr class=\"{rowClass}\" data-evidence-id=\"{E(d.EvidenceId)}\"><td>{E(d.EvidenceId)}</td><td>{E(d.ResponseUtc?.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))}</td><td class=\"endpoints\">{E(d.Client)}<br>→ {E(d.Server)}</td><td title=\"{E(d.Url)}\">{E(d.Method)} <span class=\"url\">{E(ConsoleReport.PathAndQuery(d.Url))}</span></td><td>{d.Status}</td><td class=\"ct\">{E(d.ContentType)}</td><td>{E(encodings)}</td><td data-sort=\"{d.Size}\">{E(ConsoleReport.FormatSize(d.Size))}</td><td>{E(e?.Type?.Name ?? "unknown")}</td><td>{Verdict(e)}</td><td>{link}</td><td>{ShortHash(d.Sha256 ?? e?.Sha256)}</td></tr>\n");
                }

                h.Append("</tbody></table>\n");
            }

            foreach (string problem in capture.Problems)
            {
                h.Append(CultureInfo.InvariantCulture, $"<p class=\"warn\">{E(problem)}</p>\n");
            }

            h.Append("</section>\n");
        }

        // 4. Evidence.
        h.Append("<section id=\"evidence\">\n<h2>Evidence</h2>\n");
        h.Append("<p><label>Filter: <input id=\"evidence-filter\" type=\"search\" placeholder=\"name, type, encoding, hash…\"></label> <label><input id=\"only-suspicious\" type=\"checkbox\"> only suspicious</label> <span id=\"evidence-count\" class=\"muted\"></span></p>\n");
        h.Append("<table class=\"data sortable\" id=\"evidence-table\"><thead><tr><th>Id</th><th>Source</th><th>File</th><th>Size</th><th>True type</th><th>Extension</th><th>Hash set</th><th>Text</th><th>Hashes</th></tr></thead><tbody>\n");
        foreach (EvidenceItem e in report.Evidence)
        {
            string text = e.Text is null ? "" : E(ConsoleReport.TextSummary(e.Text)) + (e.Text.FirstLine is null ? "" : $"<div class=\"first-line\">{E(e.Text.FirstLine)}</div>");
            h.Append(CultureInfo.InvariantCulture, $"<tr id=\"{E(e.Id)}\" class=\"{RowClass(e)}\" data-suspicious=\"{(e.IsSuspicious ? "true" : "false")}\" data-classification=\"{E(e.Classification)}\"><td>{E(e.Id)}</td><td class=\"nw\">{E(e.Source)}</td><td>{FileCell(report, e)}</td><td data-sort=\"{e.Size}\">{E(ConsoleReport.FormatSize(e.Size))}</td><td>{E(e.Error is null ? e.Type?.Name ?? "unknown" : "unreadable: " + e.Error)}<div class=\"muted mime\">{E(e.Type?.Mime)}</div></td><td>{Verdict(e)}</td><td>{Classification(e)}</td><td>{text}</td><td>{Hashes(e)}</td></tr>\n");
        }

        h.Append("</tbody></table>\n</section>\n");

        // 5. Flows.
        foreach ((CaptureReport capture, int index) in report.Captures.Select((c, i) => (c, i)))
        {
            h.Append(CultureInfo.InvariantCulture, $"<section class=\"flows\" id=\"flows-{index + 1}\">\n<h2>Flows in {E(capture.Path)}</h2>\n");
            h.Append("<table class=\"data sortable\"><thead><tr><th>Proto</th><th>Client</th><th>Server</th><th>Packets</th><th>Bytes</th><th>First (UTC)</th><th>Last (UTC)</th></tr></thead><tbody>\n");
            foreach (FlowSummary f in capture.Flows)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(f.Protocol)}</td><td>{E(f.Client)}</td><td>{E(f.Server)}</td><td data-sort=\"{f.Packets}\">{f.Packets:N0}</td><td data-sort=\"{f.Bytes}\">{E(ConsoleReport.FormatSize(f.Bytes))}</td><td>{f.FirstUtc:HH:mm:ss.fff}</td><td>{f.LastUtc:HH:mm:ss.fff}</td></tr>\n");
            }

            h.Append("</tbody></table>\n</section>\n");
        }

        // 6. Hash sets and errors.
        h.Append("<section id=\"hash-sets\">\n<h2>Hash sets</h2>\n<ul>\n");
        foreach (HashSetInfo set in report.HashSets)
        {
            h.Append(CultureInfo.InvariantCulture, $"<li>{E(set.Kind)}: {E(set.Path)} — {set.Entries:N0} hashes{(set.SkippedLines > 0 ? $", {set.SkippedLines} malformed lines skipped" : "")}</li>\n");
        }

        h.Append("</ul>\n</section>\n");
        if (report.Errors.Count > 0)
        {
            h.Append("<section id=\"errors\">\n<h2>Errors</h2>\n<ul>\n");
            foreach (ReportError err in report.Errors)
            {
                h.Append(CultureInfo.InvariantCulture, $"<li class=\"warn\">({E(err.Stage)}) {E(err.Path)}: {E(err.Message)}</li>\n");
            }

            h.Append("</ul>\n</section>\n");
        }

        h.Append("</main>\n<footer class=\"muted\">Generated by the Forensics.Net Triage example. Hashes: MD5, SHA-1, SHA-256 of the exact bytes (carved bodies decoded: de-chunked, decompressed).</footer>\n");
        h.Append("<pre id=\"script-errors\" hidden></pre>\n<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Timeline(StringBuilder h, TriageReport report, CaptureReport capture, int index)
    {
        const double Width = 1000, Height = 220, Left = 60, Right = 20, Top = 30, Bottom = 40;
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        Timeline? t = capture.Timeline;
        if (t is null || t.Bytes.Length == 0 || capture.FirstUtc is null)
        {
            h.Append("<p class=\"muted\">No packets with timestamps.</p>\n");
            return;
        }

        double spanMs = Math.Max(t.BucketMs * t.Bytes.Length, 1);
        long max = Math.Max(1, t.Bytes.Max());
        double X(DateTimeOffset when) => Left + Math.Clamp((when - t.StartUtc).TotalMilliseconds / spanMs, 0, 1) * plotW;
        h.Append(CultureInfo.InvariantCulture, $"<svg class=\"timeline\" id=\"timeline-{index + 1}\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-label=\"Traffic and downloads over time\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        h.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" class=\"plot\"/>\n");
        double barW = plotW / t.Bytes.Length;
        for (int i = 0; i < t.Bytes.Length; i++)
        {
            if (t.Bytes[i] == 0)
            {
                continue;
            }

            double bh = Math.Max(1, plotH * t.Bytes[i] / max);
            double offset = i * t.BucketMs / 1000.0;
            h.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{Left + i * barW:0.##}\" y=\"{Top + plotH - bh:0.##}\" width=\"{Math.Max(barW - 0.5, 0.5):0.##}\" height=\"{bh:0.##}\"><title>+{offset:0.###} s: {t.Bytes[i]:N0} bytes, {t.Packets[i]:N0} packets</title></rect>\n");
        }

        // Axes: bytes at the top of the scale, time ticks below.
        h.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Top + 4}\" class=\"axis\" text-anchor=\"end\">{E(ConsoleReport.FormatSize(max))}</text>\n");
        h.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Top + plotH}\" class=\"axis\" text-anchor=\"end\">0</text>\n");
        for (int k = 0; k <= 5; k++)
        {
            double x = Left + k * plotW / 5;
            double sec = spanMs * k / 5 / 1000.0;
            h.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.##}\" y1=\"{Top + plotH}\" x2=\"{x:0.##}\" y2=\"{Top + plotH + 5}\" class=\"tick\"/><text x=\"{x:0.##}\" y=\"{Top + plotH + 18}\" class=\"axis\" text-anchor=\"middle\">+{sec:0.###} s</text>\n");
        }

        h.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 6}\" class=\"axis\">{t.StartUtc:yyyy-MM-dd HH:mm:ss.fff} UTC — bars: bytes per {t.BucketMs:0.###} ms; markers: downloads</text>\n");
        int marker = 0;
        foreach (DownloadRecord d in capture.Downloads)
        {
            DateTimeOffset? when = d.ResponseUtc ?? d.RequestUtc;
            if (when is null)
            {
                continue;
            }

            EvidenceItem? e = report.Evidence.Find(x => x.Id == d.EvidenceId);
            string cls = e is null ? "dl" : e.Classification == EvidenceClassification.KnownBad ? "dl dl-bad" : e.IsSuspicious ? "dl dl-suspicious" : "dl";
            double x = X(when.Value);
            h.Append(CultureInfo.InvariantCulture, $"<g class=\"{cls}\" data-evidence-id=\"{E(d.EvidenceId)}\"><line x1=\"{x:0.##}\" y1=\"{Top - 8}\" x2=\"{x:0.##}\" y2=\"{Top + plotH}\"/><circle cx=\"{x:0.##}\" cy=\"{Top - 12}\" r=\"5\"/><text class=\"dl-label\" x=\"{x + 7:0.##}\" y=\"{Top - 8 + (marker++ % 2 * 12)}\">{E(d.EvidenceId)}</text><title>{E(d.EvidenceId)} {when.Value:HH:mm:ss.fff}: {E(d.Method)} {E(d.Url)} → {d.Status}, {E(ConsoleReport.FormatSize(d.Size))}, {E(e?.Type?.Name ?? "unknown")}</title></g>\n");
        }

        h.Append("</svg>\n");
    }

    private static string ShortHash(string? sha256) =>
        sha256 is null ? "" : $"<code class=\"hash\" title=\"{E(sha256)}\" data-sha256=\"{E(sha256)}\">{E(sha256[..Math.Min(16, sha256.Length)])}…</code>";

    private static string Hashes(EvidenceItem e) =>
        e.Sha256 is null
            ? ""
            : $"<details><summary>{ShortHash(e.Sha256)}</summary><div class=\"hashes\">MD5 <code>{E(e.Md5)}</code><br>SHA-1 <code>{E(e.Sha1)}</code><br>SHA-256 <code>{E(e.Sha256)}</code></div></details>";

    private static void Card(StringBuilder h, string label, int value, string cls) =>
        h.Append(CultureInfo.InvariantCulture, $"<div class=\"card {cls}\" data-card=\"{E(label)}\"><div class=\"value\">{value:N0}</div><div class=\"label\">{E(label)}</div></div>\n");

    private static string FileCell(TriageReport report, EvidenceItem e)
    {
        if (e.Source == EvidenceSource.Capture && report.Output is not null && !e.Path.Contains("://", StringComparison.Ordinal))
        {
            return $"<a class=\"carved\" href=\"{E(HrefPath(e.Path))}\">{E(e.Name)}</a> <span class=\"muted url\">{E(e.Url)}</span>";
        }

        return e.Source == EvidenceSource.Capture ? $"{E(e.Name)} <span class=\"muted url\">{E(e.Url)}</span>" : E(e.Path);
    }

    private static string RowClass(EvidenceItem e) =>
        e.Classification == EvidenceClassification.KnownBad ? "sev-high" : e.IsSuspicious ? "sev-medium" : e.Classification == EvidenceClassification.KnownGood ? "good" : "";

    private static string Verdict(EvidenceItem? e)
    {
        if (e?.ExtensionCheck is null)
        {
            return "";
        }

        string v = E(e.ExtensionCheck.Verdict) + (e.ExtensionCheck.Extension is { } ext ? $" (.{E(ext)})" : "");
        if (e.ContentTypeCheck is { } ct)
        {
            v += $"<div class=\"muted\">Content-Type: {E(ct.Verdict)}</div>";
        }

        bool bad = e.ExtensionCheck.Verdict == ExtensionVerdicts.Mismatch || e.ContentTypeCheck?.Verdict == ExtensionVerdicts.Mismatch;
        return bad ? $"<span class=\"badge sev-high\">{v}</span>" : v;
    }

    private static string Classification(EvidenceItem e) => e.Classification switch
    {
        EvidenceClassification.KnownBad => $"<span class=\"badge sev-high\">known-bad</span> {E(e.HashMatch?.Name)}",
        EvidenceClassification.KnownGood => $"<span class=\"badge good\">known-good</span> {E(e.HashMatch?.Name)}",
        _ => "unknown",
    };

    /// <summary>A relative path as a URL reference: each segment percent-encoded.</summary>
    internal static string HrefPath(string relative) =>
        string.Join('/', relative.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    private const string Css = """
        :root { --bad:#b00020; --warn:#b26a00; --ok:#1b7f3b; --muted:#666; --line:#ddd; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
        body { margin: 0 auto; max-width: 1400px; padding: 1rem 2rem; color:#222; }
        h1 { margin-bottom: .2rem; } h2 { border-bottom: 2px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
        .muted { color: var(--muted); font-size: .9em; }
        .verdict { font-size: 1.4rem; font-weight: bold; margin: .3rem 0; }
        .verdict.findings { color: var(--bad); } .verdict.clean { color: var(--ok); } .verdict.error { color: var(--warn); }
        .cards { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: .5rem .9rem; min-width: 7rem; }
        .card .value { font-size: 1.6rem; font-weight: bold; } .card .label { color: var(--muted); font-size: .85rem; }
        .card.bad { border-color: var(--bad); color: var(--bad); } .card.ok .value { color: var(--ok); } .card.warn { border-color: var(--warn); }
        table.data { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .5rem 0 1rem; }
        table.data th, table.data td { border: 1px solid var(--line); padding: .25rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        table.data th { background: #f4f4f4; position: sticky; top: 0; overflow-wrap: normal; }
        table.data td:first-child, table.data td[data-sort], table.data td.nw { white-space: nowrap; overflow-wrap: normal; }
        table.sortable th { cursor: pointer; user-select: none; } table.sortable th[data-dir]::after { content: attr(data-dir); color: var(--muted); }
        tr.sev-high { background: #fde7ea; } tr.sev-medium { background: #fff4e0; } tr.good td:first-child { border-left: 4px solid var(--ok); }
        tr.hidden { display: none; } tr.highlight { outline: 3px solid #1565c0; }
        .badge { display: inline-block; border-radius: 4px; padding: 0 .35rem; font-weight: bold; }
        .badge.sev-high { background: var(--bad); color: #fff; } .badge.sev-medium { background: var(--warn); color: #fff; } .badge.good { background: var(--ok); color: #fff; }
        code { font-size: .8rem; word-break: break-all; } .url { word-break: break-all; }
        td.ct { word-break: break-all; max-width: 14rem; } td.endpoints { white-space: nowrap; font-size: .8rem; }
        details summary { cursor: pointer; } .hashes { font-size: .7rem; max-width: 20rem; }
        .mime { font-size: .75rem; word-break: break-all; }
        .first-line { color: var(--muted); font-style: italic; max-width: 16rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        svg.timeline { max-width: 1000px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
        svg .plot { fill: #fafafa; stroke: var(--line); } svg .bar { fill: #5c8dd6; } svg .bar:hover { fill: #1565c0; }
        svg .axis { font-size: 11px; fill: #555; } svg .tick { stroke: #999; }
        svg .dl line { stroke: #2e7d32; stroke-width: 1.5; stroke-dasharray: 3 2; } svg .dl circle { fill: #2e7d32; cursor: pointer; }
        svg .dl-label { font-size: 10px; fill: #333; }
        svg .dl-suspicious line { stroke: var(--warn); } svg .dl-suspicious circle { fill: var(--warn); }
        svg .dl-bad line { stroke: var(--bad); stroke-width: 2; } svg .dl-bad circle { fill: var(--bad); }
        .ok { color: var(--ok); } .warn { color: var(--warn); }
        #script-errors { color: var(--bad); border: 2px solid var(--bad); padding: .5rem; }
        footer { margin: 2rem 0 1rem; }
        """;

    private const string Script = """
        window.onerror = function (message, source, line, column) {
          var box = document.getElementById('script-errors');
          box.hidden = false;
          box.textContent += 'script error: ' + message + ' (' + line + ':' + column + ')\n';
          document.body.setAttribute('data-script-errors', 'true');
        };
        // Anything the page tried to load from outside (blocked by its Content-Security-Policy) is an error too.
        document.addEventListener('securitypolicyviolation', function (e) {
          window.onerror('blocked by Content-Security-Policy: ' + e.blockedURI + ' (' + e.violatedDirective + ')', '', 0, 0);
        });
        (function () {
          'use strict';
          function cellValue(row, index) {
            var cell = row.cells[index];
            if (!cell) { return ''; }
            var sort = cell.getAttribute('data-sort');
            return sort !== null ? Number(sort) : cell.textContent.trim().toLowerCase();
          }
          document.querySelectorAll('table.sortable').forEach(function (table) {
            table.querySelectorAll('thead th').forEach(function (th, index) {
              th.addEventListener('click', function () {
                var ascending = th.getAttribute('data-dir') !== ' ▲';
                table.querySelectorAll('thead th').forEach(function (other) { other.removeAttribute('data-dir'); });
                th.setAttribute('data-dir', ascending ? ' ▲' : ' ▼');
                var body = table.tBodies[0];
                var rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (a, b) {
                  var x = cellValue(a, index), y = cellValue(b, index);
                  var c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
                  return ascending ? c : -c;
                });
                rows.forEach(function (row) { body.appendChild(row); });
              });
            });
          });
          var filter = document.getElementById('evidence-filter');
          var onlySuspicious = document.getElementById('only-suspicious');
          var table = document.getElementById('evidence-table');
          var count = document.getElementById('evidence-count');
          function applyFilter() {
            var needle = filter.value.trim().toLowerCase();
            var shown = 0, rows = table.tBodies[0].rows;
            for (var i = 0; i < rows.length; i++) {
              var row = rows[i];
              var visible = (!needle || row.textContent.toLowerCase().indexOf(needle) >= 0)
                && (!onlySuspicious.checked || row.getAttribute('data-suspicious') === 'true');
              row.classList.toggle('hidden', !visible);
              if (visible) { shown++; }
            }
            count.textContent = shown + ' of ' + rows.length + ' files shown';
          }
          filter.addEventListener('input', applyFilter);
          onlySuspicious.addEventListener('change', applyFilter);
          applyFilter();
          document.querySelectorAll('svg.timeline g.dl').forEach(function (marker) {
            marker.addEventListener('click', function () {
              var id = marker.getAttribute('data-evidence-id');
              var row = id && document.getElementById(id);
              if (!row) { return; }
              document.querySelectorAll('tr.highlight').forEach(function (r) { r.classList.remove('highlight'); });
              row.classList.add('highlight');
              row.scrollIntoView({ block: 'center' });
            });
          });
          document.body.setAttribute('data-evidence-rows', String(table.tBodies[0].rows.length));
          document.body.setAttribute('data-timeline-markers', String(document.querySelectorAll('svg.timeline g.dl').length));
          document.body.setAttribute('data-report-ready', 'true');
        })();
        """;
}
