using System.Globalization;
using System.Text.Json;
using Forensics.Net.FileSignatures;

namespace FileTypeCheck;

/// <summary>The command-line logic, callable from tests.</summary>
public static class FileTypeCheckApp
{
    /// <summary>Exit code when no file's extension lies.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code when at least one file's extension mismatches its content.</summary>
    public const int ExitMismatch = 1;

    /// <summary>Exit code for a usage error or when a path could not be read.</summary>
    public const int ExitError = 2;

    private const string Usage = "usage: FileTypeCheck [--json] [--recursive] PATH...";

    // Output goes to a terminal or a JSON-lines consumer, not into HTML: keep '+', '<' and non-ASCII readable.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs the tool.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>0 no mismatch, 1 any mismatch, 2 usage or I/O error.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        bool json = false;
        bool recursive = false;
        var paths = new List<string>();
        foreach (string a in args)
        {
            switch (a)
            {
                case "--json":
                    json = true;
                    break;
                case "--recursive":
                case "-r":
                    recursive = true;
                    break;
                case "--help":
                case "-h":
                    stdout.WriteLine(Usage);
                    return ExitOk;
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal))
                    {
                        stderr.WriteLine($"unknown option {a}");
                        stderr.WriteLine(Usage);
                        return ExitError;
                    }

                    paths.Add(a);
                    break;
            }
        }

        if (paths.Count == 0)
        {
            stderr.WriteLine(Usage);
            return ExitError;
        }

        bool mismatch = false;
        bool error = false;
        if (!json)
        {
            stdout.WriteLine($"{"VERDICT",-12} {"TYPE",-16} {"MIME",-44} {"CONF",4}  PATH");
        }

        foreach (string file in Expand(paths, recursive, p => { error = true; Report(stdout, stderr, json, p, "no such file or directory"); }))
        {
            ExtensionCheckResult check;
            try
            {
                check = FileTypeDetector.Default.CheckFile(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error = true;
                Report(stdout, stderr, json, file, ex.Message);
                continue;
            }

            mismatch |= check.Verdict == ExtensionVerdict.Mismatch;
            if (json)
            {
                WriteJson(stdout, file, check);
            }
            else
            {
                string verdict = VerdictName(check.Verdict) + (check.IsDangerous ? "!" : string.Empty);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{verdict,-12} {check.Type.Id,-16} {check.Type.MimeType,-44} {check.Detection.Confidence,4:0.00}  {file}"));
                if (check.Verdict == ExtensionVerdict.Mismatch)
                {
                    string expected = check.ExpectedExtensions.Count > 0 ? "." + string.Join(" .", check.ExpectedExtensions) : "no extension";
                    stdout.WriteLine($"{string.Empty,-12} expected {expected} for {check.Type.Name}{(check.IsDangerous ? " — EXECUTABLE content under a non-executable name" : string.Empty)}");
                }
            }
        }

        return error ? ExitError : mismatch ? ExitMismatch : ExitOk;
    }

    /// <summary>The JSON name of a verdict.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns><c>match</c>, <c>alias</c>, <c>mismatch</c>, <c>unknown</c> or <c>no-extension</c>.</returns>
    public static string VerdictName(ExtensionVerdict verdict) => verdict switch
    {
        ExtensionVerdict.Match => "match",
        ExtensionVerdict.CompatibleAlias => "alias",
        ExtensionVerdict.Mismatch => "mismatch",
        ExtensionVerdict.UnknownContent => "unknown",
        _ => "no-extension",
    };

    private static IEnumerable<string> Expand(List<string> paths, bool recursive, Action<string> missing)
    {
        foreach (string p in paths)
        {
            if (File.Exists(p))
            {
                yield return p;
            }
            else if (Directory.Exists(p))
            {
                var options = new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
                foreach (string f in Directory.EnumerateFiles(p, "*", options).Order(StringComparer.Ordinal))
                {
                    yield return f;
                }
            }
            else
            {
                missing(p);
            }
        }
    }

    private static void Report(TextWriter stdout, TextWriter stderr, bool json, string path, string message)
    {
        stderr.WriteLine($"{path}: {message}");
        if (json)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms, JsonOptions))
            {
                w.WriteStartObject();
                w.WriteString("path", path);
                w.WriteString("error", message);
                w.WriteEndObject();
            }

            stdout.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
        }
    }

    private static void WriteJson(TextWriter stdout, string path, ExtensionCheckResult c)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, JsonOptions))
        {
            var d = c.Detection;
            w.WriteStartObject();
            w.WriteString("path", path);
            w.WriteString("mime", c.Type.MimeType);
            w.WriteString("name", c.Type.Name);
            w.WriteString("id", c.Type.Id);
            w.WriteString("category", c.Type.Category.ToString().ToLowerInvariant());
            w.WriteStartArray("extensions");
            foreach (string e in c.ExpectedExtensions)
            {
                w.WriteStringValue(e);
            }

            w.WriteEndArray();
            w.WriteNumber("confidence", Math.Round(d.Confidence, 3));
            w.WriteString("verdict", VerdictName(c.Verdict));
            w.WriteString("extension", c.Extension);
            w.WriteBoolean("dangerous", c.IsDangerous);
            w.WriteString("rule", d.Rule);
            w.WriteNumber("offset", d.Offset);
            w.WriteStartArray("alternatives");
            foreach (var a in d.Alternatives)
            {
                w.WriteStartObject();
                w.WriteString("id", a.Type.Id);
                w.WriteString("mime", a.Type.MimeType);
                w.WriteString("rule", a.Rule);
                w.WriteNumber("offset", a.Offset);
                w.WriteNumber("confidence", Math.Round(a.Confidence, 3));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (string n in d.Notes)
            {
                w.WriteStringValue(n);
            }

            foreach (FileSignatureIssue issue in d.Issues)
            {
                w.WriteStringValue(issue.ToString());
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
    }
}
