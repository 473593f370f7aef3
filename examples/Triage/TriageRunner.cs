using System.Diagnostics;
using Forensics.Net.Triage.Adapters;
using Forensics.Net.Triage.Model;
using Forensics.Net.Triage.Rendering;

namespace Forensics.Net.Triage;

/// <summary>The outcome of a run: the report and the process exit code.</summary>
internal sealed record TriageResult(TriageReport Report, int ExitCode);

/// <summary>Receives progress (the console shows it only when attached to a terminal).</summary>
internal interface ITriageProgress
{
    void Stage(string description, int total);

    void Advance(string item);
}

/// <summary>
/// Runs the whole investigation: hash lists, captures (flows, carving), evidence files (type,
/// hashes, classification, encoding), findings, then the console report and the files under --out.
/// </summary>
internal sealed class TriageRunner
{
    public const int ExitClean = 0;
    public const int ExitFindings = 1;
    public const int ExitError = 2;

    private readonly TriageServices _services;

    public TriageRunner(TriageServices services) => _services = services;

    /// <summary>Runs with the real Forensics.Net libraries.</summary>
    public static TriageResult Run(TriageOptions options, TextWriter output, ITriageProgress? progress = null, ConsoleStyle? style = null) =>
        new TriageRunner(LibraryServices.Create()).Execute(options, output, progress, style);

    public TriageResult Execute(TriageOptions options, TextWriter output, ITriageProgress? progress = null, ConsoleStyle? style = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        progress ??= NullProgress.Instance;
        var clock = Stopwatch.StartNew();
        var report = new TriageReport { StartedUtc = DateTimeOffset.UtcNow };

        string? outDir = options.OutputDirectory;
        if (outDir is null && options.Html)
        {
            outDir = "triage-report";
        }

        string? tempDir = null;
        try
        {
            string carveDir;
            if (outDir is not null)
            {
                outDir = Path.GetFullPath(outDir);
                carveDir = Path.Combine(outDir, "carved");
                Directory.CreateDirectory(carveDir);
                report.Output = new OutputInfo { Directory = outDir, CarvedDir = "carved" };
            }
            else
            {
                tempDir = Path.Combine(Path.GetTempPath(), "triage-" + Guid.NewGuid().ToString("N"));
                carveDir = tempDir;
                Directory.CreateDirectory(carveDir);
            }

            IHashSetService hashSets = LoadHashSets(options, report);
            var work = new List<WorkItem>();
            AnalyzeCaptures(options, report, carveDir, outDir, work, progress);
            EnumerateDirectories(options, report, outDir, work, progress);
            ExamineAll(options, report, hashSets, work, progress);
            Conclude(report);
            report.DurationMs = clock.ElapsedMilliseconds;

            if (outDir is not null)
            {
                WriteOutputs(options, report, outDir);
            }

            if (options.Json)
            {
                JsonReport.Write(report, output);
            }
            else
            {
                ConsoleReport.Write(report, output, style ?? ConsoleStyle.Plain);
            }

            return new TriageResult(report, report.ExitCode);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only the output side gets here (inputs are reported per item): e.g. --out not writable.
            report.Errors.Add(new ReportError { Path = outDir ?? "", Stage = "output", Message = ex.Message });
            report.ExitCode = ExitError;
            report.Verdict = "error";
            output.WriteLine($"error: cannot write the output: {ex.Message}");
            return new TriageResult(report, ExitError);
        }
        finally
        {
            if (tempDir is not null)
            {
                try
                {
                    Directory.Delete(tempDir, recursive: true);
                }
                catch (IOException)
                {
                    // A temporary folder we could not remove is not worth failing the run for.
                }
            }
        }
    }

    private IHashSetService LoadHashSets(TriageOptions options, TriageReport report)
    {
        IHashSetService sets = _services.HashSets();
        foreach ((string path, bool bad) in options.KnownBad.Select(p => (p, true)).Concat(options.KnownGood.Select(p => (p, false))))
        {
            try
            {
                report.HashSets.Add(sets.Load(path, bad));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                report.Errors.Add(new ReportError { Path = DisplayPath(path), Stage = bad ? "known-bad" : "known-good", Message = ex.Message });
            }
        }

        return sets;
    }

    private void AnalyzeCaptures(TriageOptions options, TriageReport report, string carveDir, string? outDir, List<WorkItem> work, ITriageProgress progress)
    {
        progress.Stage("Reading captures", options.Captures.Count);
        foreach (string capture in options.Captures)
        {
            try
            {
                (CaptureReport captureReport, IReadOnlyList<CarvedBody> bodies) = _services.Captures.Analyze(capture, carveDir, CancellationToken.None);
                report.Captures.Add(captureReport);
                foreach (CarvedBody body in bodies)
                {
                    string display = outDir is null ? body.Record.Url : Path.GetRelativePath(outDir, body.SavedPath).Replace('\\', '/');
                    body.Record.SavedAs = outDir is null ? null : display;
                    work.Add(new WorkItem(body.SavedPath, display, NameFromUrl(body.Record), body.Record, null, null));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                report.Errors.Add(new ReportError { Path = DisplayPath(capture), Stage = "capture", Message = ex.Message });
            }

            progress.Advance(Path.GetFileName(capture));
        }
    }

    private void EnumerateDirectories(TriageOptions options, TriageReport report, string? outDir, List<WorkItem> work, ITriageProgress progress)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string dir in options.Directories)
        {
            progress.Stage($"Hashing {Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))}", 0);
            if (!Directory.Exists(dir))
            {
                report.Errors.Add(new ReportError { Path = DisplayPath(dir), Stage = "dir", Message = File.Exists(dir) ? "not a folder (use --capture for captures)" : "folder not found" });
                continue;
            }

            try
            {
                foreach (TreeFile file in _services.Hashes.HashTree(dir, options.Parallelism, CancellationToken.None))
                {
                    string full = Path.GetFullPath(file.FullPath);
                    if (outDir is not null && full.StartsWith(outDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        continue; // never examine our own output
                    }

                    if (file.Skipped)
                    {
                        report.Skipped.Add(new ReportError { Path = DisplayPath(full), Stage = "dir", Message = file.Error ?? "not a regular file" });
                        continue;
                    }

                    if (seen.Add(full))
                    {
                        work.Add(new WorkItem(full, DisplayPath(full), Path.GetFileName(full), null, file.Hashes, file.Error));
                    }

                    progress.Advance(Path.GetFileName(full));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                report.Errors.Add(new ReportError { Path = DisplayPath(dir), Stage = "dir", Message = ex.Message });
            }
        }
    }

    private void ExamineAll(TriageOptions options, TriageReport report, IHashSetService hashSets, List<WorkItem> work, ITriageProgress progress)
    {
        progress.Stage("Examining files", work.Count);
        var items = new EvidenceItem[work.Count];
        Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, i =>
        {
            items[i] = Examine(work[i], i + 1, hashSets);
            progress.Advance(work[i].Name);
        });

        for (int i = 0; i < items.Length; i++)
        {
            EvidenceItem item = items[i];
            report.Evidence.Add(item);
            if (work[i].Download is { } download)
            {
                download.EvidenceId = item.Id;
            }

            if (item.Error is not null)
            {
                report.Errors.Add(new ReportError { Path = item.Path, Stage = "file", Message = item.Error });
            }
        }
    }

    private EvidenceItem Examine(WorkItem work, int index, IHashSetService hashSets)
    {
        var item = new EvidenceItem
        {
            Id = "E" + index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Source = work.Download is null ? EvidenceSource.Disk : EvidenceSource.Capture,
            Path = work.DisplayPath,
            Name = work.Name,
            Url = work.Download?.Url,
        };
        if (work.Error is not null)
        {
            item.Error = work.Error;
            return item;
        }

        try
        {
            using var stream = new FileStream(work.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            HashTriple hashes = work.Hashes ?? _services.Hashes.Hash(stream);
            item.Size = hashes.Length;
            item.Md5 = hashes.Md5;
            item.Sha1 = hashes.Sha1;
            item.Sha256 = hashes.Sha256;
            (item.Classification, item.HashMatch) = hashSets.Classify(hashes);

            stream.Position = 0;
            (FileTypeInfo? type, ExtensionCheck check) = _services.FileTypes.Identify(stream, work.Name);
            item.Type = type;
            item.ExtensionCheck = check;
            if (work.Download is { Status: < 200 or > 299 } failed)
            {
                // An error page (404, 500 ...) is not the resource the URL names: its type says nothing about the URL's extension.
                item.ExtensionCheck = new ExtensionCheck
                {
                    Extension = check.Extension,
                    Verdict = ExtensionVerdicts.Unknown,
                    Reason = $"HTTP {failed.Status} response: the body is the server's answer, not the file the URL names",
                };
            }
            else if (work.Download?.ContentType is { Length: > 0 } declared)
            {
                item.ContentTypeCheck = new ContentTypeCheck { Declared = declared, Verdict = _services.FileTypes.CompareContentType(type, declared) };
            }

            if (type is null || type.IsText)
            {
                stream.Position = 0;
                item.Text = _services.Text.Detect(stream);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            item.Error = ex.Message;
        }

        return item;
    }

    /// <summary>Turns the examined evidence into findings, a summary, a verdict and the exit code.</summary>
    internal static void Conclude(TriageReport report)
    {
        report.Findings.Clear();
        foreach (EvidenceItem item in report.Evidence)
        {
            string where = item.Source == EvidenceSource.Capture ? $"downloaded from {item.Url}" : "on disk";
            string what = item.Type is null ? "content of unknown type" : $"{item.Type.Name} ({item.Type.Mime})";
            if (item.Classification == EvidenceClassification.KnownBad && item.HashMatch is { } match)
            {
                report.Findings.Add(new Finding
                {
                    Severity = Severity.High,
                    Kind = FindingKind.KnownBad,
                    EvidenceId = item.Id,
                    Path = item.Path,
                    Message = $"{item.Name} {where}: {AlgorithmName(match.Algorithm)} matches known-bad '{match.Name}' in {match.Set}",
                });
            }

            if (item.ExtensionCheck is { Verdict: ExtensionVerdicts.Mismatch } check)
            {
                string ext = check.Extension is null ? "no extension" : "." + check.Extension;
                bool disguised = check.Dangerous || item.Type?.IsExecutable == true;
                report.Findings.Add(new Finding
                {
                    Severity = disguised ? Severity.High : Severity.Medium,
                    Kind = disguised ? FindingKind.DisguisedExecutable : FindingKind.ExtensionMismatch,
                    EvidenceId = item.Id,
                    Path = item.Path,
                    Message = disguised
                        ? $"{item.Name} {where}: named {ext} but is an executable: {what}"
                        : $"{item.Name} {where}: named {ext} but is {what}",
                });
            }

            if (item.ContentTypeCheck is { Verdict: ExtensionVerdicts.Mismatch } ct)
            {
                report.Findings.Add(new Finding
                {
                    Severity = item.Type?.IsExecutable == true ? Severity.High : Severity.Medium,
                    Kind = FindingKind.ContentTypeMismatch,
                    EvidenceId = item.Id,
                    Path = item.Path,
                    Message = $"{item.Name} {where}: served as {ct.Declared} but is {what}",
                });
            }
        }

        report.Findings.Sort((a, b) =>
        {
            int c = Severity.Rank(a.Severity).CompareTo(Severity.Rank(b.Severity));
            if (c == 0)
            {
                c = FindingKind.Rank(a.Kind).CompareTo(FindingKind.Rank(b.Kind));
            }

            return c != 0 ? c : CompareIds(a.EvidenceId, b.EvidenceId);
        });

        var s = new ReportSummary
        {
            Captures = report.Captures.Count,
            Packets = report.Captures.Sum(c => c.Packets),
            Flows = report.Captures.Sum(c => c.Flows.Count),
            Downloads = report.Captures.Sum(c => c.Downloads.Count),
            Files = report.Evidence.Count,
            BytesHashed = report.Evidence.Where(e => e.Error is null).Sum(e => e.Size),
            KnownBad = report.Evidence.Count(e => e.Classification == EvidenceClassification.KnownBad),
            KnownGood = report.Evidence.Count(e => e.Classification == EvidenceClassification.KnownGood),
            Unknown = report.Evidence.Count(e => e.Classification == EvidenceClassification.Unknown && e.Error is null),
            Mismatches = report.Evidence.Count(e => e.ExtensionCheck?.Verdict == ExtensionVerdicts.Mismatch || e.ContentTypeCheck?.Verdict == ExtensionVerdicts.Mismatch),
            DisguisedExecutables = report.Findings.Where(f => f.Kind == FindingKind.DisguisedExecutable).Select(f => f.EvidenceId).Distinct().Count(),
            TextFiles = report.Evidence.Count(e => e.Text is not null),
            Errors = report.Errors.Count,
        };
        report.Summary = s;
        bool suspicious = report.Evidence.Any(e => e.IsSuspicious);
        report.ExitCode = report.Errors.Count > 0 ? ExitError : suspicious ? ExitFindings : ExitClean;
        report.Verdict = report.Errors.Count > 0 ? (suspicious ? "findings-with-errors" : "error") : suspicious ? "findings" : "clean";
    }

    private void WriteOutputs(TriageOptions options, TriageReport report, string outDir)
    {
        report.Output!.Json = "report.json";
        report.Output.Manifest = "manifest.hashdeep";
        if (options.Html)
        {
            report.Output.Html = "report.html";
        }

        using (var writer = new StreamWriter(Path.Combine(outDir, "report.json"), append: false, new System.Text.UTF8Encoding(false)))
        {
            JsonReport.Write(report, writer);
        }

        if (options.Html)
        {
            using var writer = new StreamWriter(Path.Combine(outDir, "report.html"), append: false, new System.Text.UTF8Encoding(false));
            HtmlReport.Write(report, writer);
        }

        IEnumerable<string> written = report.Captures.SelectMany(c => c.Downloads).Where(d => d.SavedAs is not null).Select(d => Path.Combine(outDir, d.SavedAs!))
            .Append(Path.Combine(outDir, "report.json"))
            .Concat(options.Html ? [Path.Combine(outDir, "report.html")] : []);
        _services.Manifest.WriteHashdeepManifest(outDir, written, Path.Combine(outDir, "manifest.hashdeep"));
    }

    private static string AlgorithmName(string algorithm) => algorithm.ToUpperInvariant() switch
    {
        "SHA256" or "SHA-256" => "SHA-256",
        "SHA1" or "SHA-1" => "SHA-1",
        "MD5" => "MD5",
        var other => other,
    };

    private static int CompareIds(string a, string b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);

    /// <summary>The name a download claims to be: the last segment of its URL path (what a browser would save).</summary>
    internal static string NameFromUrl(DownloadRecord record)
    {
        string url = record.Url;
        int cut = url.IndexOfAny(['?', '#']);
        string path = cut >= 0 ? url[..cut] : url;
        if (Uri.TryCreate(path, UriKind.Absolute, out Uri? uri))
        {
            path = uri.AbsolutePath;
        }

        string last = path[(path.LastIndexOf('/') + 1)..];
        try
        {
            last = Uri.UnescapeDataString(last);
        }
        catch (UriFormatException)
        {
            // keep the escaped form
        }

        return last.Length > 0 ? last : record.FileName;
    }

    /// <summary>A path as the user would like to read it: relative to the current folder when inside it.</summary>
    internal static string DisplayPath(string path)
    {
        string full = Path.GetFullPath(path);
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative).Replace('\\', '/');
    }

    private sealed record WorkItem(string FullPath, string DisplayPath, string Name, DownloadRecord? Download, HashTriple? Hashes, string? Error);

    private sealed class NullProgress : ITriageProgress
    {
        public static readonly NullProgress Instance = new();

        public void Stage(string description, int total)
        {
        }

        public void Advance(string item)
        {
        }
    }
}
