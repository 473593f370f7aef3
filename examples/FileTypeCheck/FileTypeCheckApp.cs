using System.Globalization;
using System.CommandLine;
using System.Text.Json;
using Forensics.Net.Examples.Shared;
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

    private static readonly Option<bool> JsonOption = new("--json") { Description = "JSON Lines: one object per file" };
    private static readonly Option<bool> RecursiveOption = new("--recursive", "-r") { Description = "walk directories recursively" };
    private static readonly Option<bool> BriefOption = new("--brief", "-b") { Description = "do not print file names (as file -b): the type name, or the MIME type with --mime-type" };
    private static readonly Option<bool> MimeTypeOption = new("--mime-type") { Description = "print PATH: MIME only (as file --mime-type)" };
    private static readonly Argument<string[]> PathsArgument = new("PATH") { Description = "files or directories; - reads standard input", Arity = ArgumentArity.OneOrMore };

    private static readonly Command RootCommand = Cli.CreateCommand(
        "Identifies files by their content and flags extensions that lie (exit 1 on a mismatch).",
        JsonOption, RecursiveOption, BriefOption, MimeTypeOption, PathsArgument);

    // Output goes to a terminal or a JSON-lines consumer, not into HTML: keep '+', '<' and non-ASCII readable.
    private static readonly JsonWriterOptions JsonOptions = JsonLineWriter.Options;

    /// <summary>Runs the tool.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>0 no mismatch, 1 any mismatch, 2 usage or I/O error.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, null);

    /// <summary>Runs the tool; <paramref name="stdin"/> is what <c>-</c> reads (default: the process's standard input).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdin) => Cli.Run(stderr, () =>
    {
        if (!Cli.TryParse(RootCommand, args, stdout, stderr, out ParseResult parsed, out int exit))
        {
            return exit;
        }

        bool json = parsed.GetValue(JsonOption), recursive = parsed.GetValue(RecursiveOption);
        bool brief = parsed.GetValue(BriefOption), mimeType = parsed.GetValue(MimeTypeOption);
        List<string> paths = [.. parsed.GetValue(PathsArgument) ?? []];
        return Check(paths, json, recursive, brief, mimeType, stdout, stderr, stdin);
    });

    private static int Check(List<string> paths, bool json, bool recursive, bool brief, bool mimeType, TextWriter stdout, TextWriter stderr, Stream? stdin)
    {
        bool mismatch = false;
        bool error = false;
        bool terse = brief || mimeType;
        if (!json && !terse)
        {
            stdout.WriteLine($"{"VERDICT",-12} {"TYPE",-16} {"MIME",-44} {"CONF",4}  PATH");
        }

        foreach (string file in Expand(paths, recursive, p => { error = true; Report(stdout, stderr, json, p, "no such file or directory"); }))
        {
            ExtensionCheckResult check;
            try
            {
                if (Input.IsStdin(file))
                {
                    check = FileTypeDetector.Default.Check(stdin ?? Console.OpenStandardInput(), Input.StdinPath);
                }
                else
                {
                    check = FileTypeDetector.Default.CheckFile(file);
                }
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
            else if (terse)
            {
                string what = mimeType ? check.Type.MimeType : check.Type.Name;
                stdout.WriteLine(brief ? what : $"{file}: {what}");
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
            if (File.Exists(p) || Input.IsStdin(p))
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
        Cli.Error(stderr, path, message);
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
