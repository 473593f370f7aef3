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

    public const string Usage = """
        usage: Triage [--capture FILE]... [--dir DIR]... [--known-bad FILE]... [--known-good FILE]...
                      [--out DIR] [--json] [--html] [--no-progress] [--threads N]

          --capture FILE     pcap/pcapng capture: flows, HTTP downloads carved and examined
          --dir DIR          folder of evidence files (recursive)
          --known-bad FILE   hash list of known-bad files (sha256sum/md5sum, BSD, hashdeep, NSRL ...)
          --known-good FILE  hash list of known-good files
          --out DIR          keep carved files and the reports in DIR, with a hashdeep manifest
          --json             print the JSON report on stdout (and write DIR/report.json with --out)
          --html             write a self-contained HTML report (DIR/report.html; DIR defaults to ./triage-report)
          --no-progress      never show the progress display
          --threads N        files examined in parallel (default: processor count)

        With no input (no --capture and no --dir) the bundled samples/ are triaged.
        Exit codes: 0 nothing suspicious, 1 findings (known-bad or type mismatch), 2 usage or I/O error.
        """;

    /// <summary>Parses the command line; returns false with a message on a usage error.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out TriageOptions options, out string? error, out bool help)
    {
        options = new TriageOptions();
        error = null;
        help = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    help = true;
                    return true;
                case "--json":
                    options.Json = true;
                    continue;
                case "--html":
                    options.Html = true;
                    continue;
                case "--no-progress":
                    options.NoProgress = true;
                    continue;
            }

            string name = arg;
            string? value = null;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
            }

            if (name is not ("--capture" or "--dir" or "--known-bad" or "--known-good" or "--out" or "--threads"))
            {
                error = arg.StartsWith('-') ? $"unknown option '{arg}'" : $"unexpected argument '{arg}' (use --capture FILE or --dir DIR)";
                return false;
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    error = $"option '{name}' needs a value";
                    return false;
                }

                value = args[++i];
            }

            if (value.Length == 0)
            {
                error = $"option '{name}' needs a non-empty value";
                return false;
            }

            switch (name)
            {
                case "--capture": options.Captures.Add(value); break;
                case "--dir": options.Directories.Add(value); break;
                case "--known-bad": options.KnownBad.Add(value); break;
                case "--known-good": options.KnownGood.Add(value); break;
                case "--out":
                    if (options.OutputDirectory is not null)
                    {
                        error = "option '--out' given twice";
                        return false;
                    }

                    options.OutputDirectory = value;
                    break;
                case "--threads":
                    if (!int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1 || n > 256)
                    {
                        error = $"--threads needs a number from 1 to 256, not '{value}'";
                        return false;
                    }

                    options.Parallelism = n;
                    break;
            }
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
