using System.CommandLine;
using Forensics.Net.Examples.Shared;

namespace Forensics.Net.Triage;

/// <summary>What to triage and where to put the results (the command line, parsed).</summary>
internal sealed class TriageOptions
{
    public List<string> Captures { get; } = [];
    public List<string> Directories { get; } = [];
    public List<string> KnownBad { get; } = [];
    public List<string> KnownGood { get; } = [];
    public string? OutputDirectory { get; set; }
    public bool Json { get; set; }
    public bool Html { get; set; }
    public bool NoProgress { get; set; }

    /// <summary>Set when the run uses the bundled samples because no input was given.</summary>
    public string? SamplesRoot { get; set; }

    /// <summary>Degree of parallelism for per-file work (hashing, type, encoding).</summary>
    public int Parallelism { get; set; } = Math.Max(1, Environment.ProcessorCount);

    private static readonly Option<string[]> CaptureOption = Repeatable("--capture", "FILE", "pcap/pcapng capture: flows, HTTP downloads carved and examined");
    private static readonly Option<string[]> DirOption = Repeatable("--dir", "DIR", "folder of evidence files (recursive)");
    private static readonly Option<string[]> KnownBadOption = Repeatable("--known-bad", "FILE", "hash list of known-bad files (sha256sum/md5sum, BSD, hashdeep, NSRL ...)");
    private static readonly Option<string[]> KnownGoodOption = Repeatable("--known-good", "FILE", "hash list of known-good files");
    private static readonly Option<string[]> OutOption = Repeatable("--out", "DIR", "keep carved files and the reports in DIR, with a hashdeep manifest");
    private static readonly Option<bool> JsonOption = new("--json") { Description = "print the JSON report on stdout (and write DIR/report.json with --out)" };
    private static readonly Option<bool> HtmlOption = new("--html") { Description = "write a self-contained HTML report (DIR/report.html; DIR defaults to ./triage-report)" };
    private static readonly Option<bool> NoProgressOption = new("--no-progress") { Description = "never show the progress display" };
    private static readonly Option<int> ThreadsOption = new Option<int>("--threads") { Description = "files examined in parallel (default: processor count)", HelpName = "N" }.InRange(1, 256);

    /// <summary>The command line (shared by <see cref="TryParse"/> and the app).</summary>
    public static readonly Command Command = Cli.CreateCommand(
        "The whole investigation across the five libraries: captures, evidence folders, known hashes; a console, JSON or HTML report. " +
        "With no input (no --capture and no --dir) the bundled samples/ are triaged. Findings are known-bad files or type mismatches.",
        CaptureOption, DirOption, KnownBadOption, KnownGoodOption, OutOption, JsonOption, HtmlOption, NoProgressOption, ThreadsOption);

    private static Option<string[]> Repeatable(string name, string value, string description) =>
        new(name) { Description = description + (name == "--out" ? string.Empty : "; repeatable"), HelpName = value, AllowMultipleArgumentsPerToken = false };

    /// <summary>Parses the command line; returns false with a message on a usage error.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out TriageOptions options, out string? error, out bool help)
    {
        ArgumentNullException.ThrowIfNull(args);
        ParseResult result = Command.Parse(args);
        options = new TriageOptions();
        help = false;
        if (result.Errors.Count > 0)
        {
            error = result.Errors[0].Message;
            return false;
        }

        if (result.Action is not null)
        {
            help = true;
            error = null;
            return true;
        }

        return TryBind(result, options, out error);
    }

    /// <summary>Fills <paramref name="options"/> from a parse without errors; false with a message when a value is unusable.</summary>
    public static bool TryBind(ParseResult result, TriageOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        error = null;
        foreach ((Option<string[]> option, List<string> target) in new[]
        {
            (CaptureOption, options.Captures), (DirOption, options.Directories), (KnownBadOption, options.KnownBad), (KnownGoodOption, options.KnownGood),
        })
        {
            foreach (string value in result.GetValue(option) ?? [])
            {
                if (value.Length == 0)
                {
                    error = $"option '{option.Name}' needs a non-empty value";
                    return false;
                }

                target.Add(value);
            }
        }

        string[] outs = result.GetValue(OutOption) ?? [];
        if (outs.Length > 1)
        {
            error = "option '--out' given twice";
            return false;
        }

        if (outs is [{ Length: 0 }])
        {
            error = "option '--out' needs a non-empty value";
            return false;
        }

        options.OutputDirectory = outs.FirstOrDefault();
        options.Json = result.GetValue(JsonOption);
        options.Html = result.GetValue(HtmlOption);
        options.NoProgress = result.GetValue(NoProgressOption);
        if (result.GetValue(ThreadsOption) is > 0 and int threads)
        {
            options.Parallelism = threads;
        }

        return true;
    }

    /// <summary>
    /// When no capture and no folder is given, fills in the bundled samples: every capture in
    /// samples/capture, samples/evidence, and samples/known-bad.txt / known-good.txt unless hash
    /// lists were given. Returns false when the samples cannot be found.
    /// </summary>
    public bool ApplySampleDefaults(string? startDirectory, out string? error)
    {
        error = null;
        if (Captures.Count > 0 || Directories.Count > 0)
        {
            return true;
        }

        string? root = FindSamples(startDirectory);
        if (root is null)
        {
            error = "no --capture or --dir given and the bundled samples/ folder (with known-bad.txt) was not found " +
                    "above the current directory or the program's folder";
            return false;
        }

        SamplesRoot = root;
        string captures = Path.Combine(root, "capture");
        if (Directory.Exists(captures))
        {
            Captures.AddRange(Directory.EnumerateFiles(captures)
                .Where(f => f.EndsWith(".pcap", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".pcapng", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal));
        }

        Directories.Add(Path.Combine(root, "evidence"));
        if (KnownBad.Count == 0)
        {
            KnownBad.Add(Path.Combine(root, "known-bad.txt"));
        }

        string good = Path.Combine(root, "known-good.txt");
        if (KnownGood.Count == 0 && File.Exists(good))
        {
            KnownGood.Add(good);
        }

        return true;
    }

    /// <summary>Walks up from the start directory, the current directory and the program's folder looking for samples/known-bad.txt.</summary>
    internal static string? FindSamples(string? startDirectory)
    {
        IEnumerable<string?> starts = [startDirectory, Environment.CurrentDirectory, AppContext.BaseDirectory];
        foreach (string? start in starts)
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "samples");
                if (File.Exists(Path.Combine(candidate, "known-bad.txt")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
