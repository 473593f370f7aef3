using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Forensics.Net.Examples.Shared;
using Forensics.Net.Pcap.Analysis;

namespace PcapDownloads;

/// <summary>
/// <c>PcapDownloads [--ext gif,jpg | --all] [--uri REGEX] [--out DIR] [--json] CAPTURE</c>: the course's
/// <c>pcap_downloads.py</c> (find GET requests for .gif files and print who downloaded what from where), grown into a
/// carver that also writes the files (<c>--out</c>) and prints one JSON object per carved body (<c>--json</c>).
/// </summary>
public static class PcapDownloadsApp
{
    private static readonly Option<string> ExtOption = new("--ext") { Description = "comma-separated extensions to look for", HelpName = "gif,jpg", DefaultValueFactory = _ => "gif" };
    private static readonly Option<bool> AllOption = new("--all") { Description = "every GET request, whatever its extension" };
    private static readonly Option<string> UriOption = new("--uri") { Description = "only URLs matching this regular expression (case-insensitive)", HelpName = "REGEX" };
    private static readonly Option<string> OutOption = new("--out") { Description = "write the carved bodies to DIR (byte-exact, with SHA-256)", HelpName = "DIR" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "JSON Lines: one object per carved body" };
    private static readonly Option<string> ReadOption = new("--read", "-r") { Description = "the capture to read, as tcpdump -r", HelpName = "CAPTURE" };
    private static readonly Argument<string?> CaptureArgument = new("CAPTURE") { Description = "the capture (.pcap, .pcapng, optionally .gz)", Arity = ArgumentArity.ZeroOrOne };

    private static readonly Command RootCommand = Cli.CreateCommand(
        "The course's pcap_downloads.py: who downloaded which files from where; carves the bodies byte-exact with SHA-256. " +
        "404s, partial (206) and truncated bodies are shown as such, never as downloaded; exit 1 when a capture or body is truncated.",
        ExtOption, AllOption, UriOption, OutOption, JsonOption, ReadOption, CaptureArgument);

    /// <summary>Runs the tool.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <returns>0 on success, 1 when the capture cannot be read or is truncated or a body is incomplete, 2 on a usage or I/O error.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Cli.Run(error, () =>
    {
        if (!Cli.TryParse(RootCommand, args, output, error, out ParseResult parsed, out int exit))
        {
            return exit;
        }

        string? positional = parsed.GetValue(CaptureArgument);
        string? capture = parsed.GetValue(ReadOption);
        if (capture is not null && positional is not null)
        {
            return Cli.Usage(error, "give the capture once (CAPTURE or -r CAPTURE)");
        }

        capture ??= positional;
        if (capture is null)
        {
            return Cli.Usage(error, "no capture given");
        }

        List<string> extensions = parsed.GetValue(ExtOption)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.TrimStart('.').ToLowerInvariant()).ToList();
        if (extensions.Count == 0)
        {
            return Cli.Usage(error, "--ext needs at least one extension");
        }

        bool all = parsed.GetValue(AllOption), json = parsed.GetValue(JsonOption);
        string? uri = parsed.GetValue(UriOption), outDir = parsed.GetValue(OutOption);
        Regex? uriPattern;
        try
        {
            uriPattern = uri is null ? null : new Regex(uri, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            return Cli.Usage(error, $"--uri: {ex.Message}");
        }

        var options = new HttpCarverOptions
        {
            Methods = ["GET"],
            Extensions = all ? null : extensions,
            UriPattern = uriPattern,
            OutputDirectory = outDir,
        };

        HttpCarveResult result;
        try
        {
            result = HttpCarver.CarveFile(capture, options);
        }
        catch (PcapFormatException ex)
        {
            Cli.Error(error, capture, ex.Message);
            return ExitCodes.Findings;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Cli.Error(error, capture, ex.Message);
            return ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException ? ExitCodes.Error : ExitCodes.Findings;
        }

        if (json)
        {
            using var lines = new JsonLineWriter(output);
            foreach (CarvedHttpFile file in result.Files)
            {
                WriteJson(lines.Begin(), file);
                lines.End();
            }
        }
        else
        {
            WriteCourseOutput(output, capture, result, all ? null : extensions, uriPattern);
            if (outDir is not null)
            {
                foreach (CarvedHttpFile file in result.Files)
                {
                    string outcome = Outcome(file) == "downloaded" ? string.Empty : $" {Describe(file)}";
                    output.WriteLine($"[+] {file.Uri} -> {file.FilePath} ({file.Size} bytes, sha256 {file.Sha256}){(file.IsComplete ? string.Empty : " INCOMPLETE")}{outcome}");
                }
            }
        }

        bool truncatedCapture = false;
        foreach (CaptureIssue issue in result.Issues)
        {
            truncatedCapture |= issue.Message.StartsWith("capture:", StringComparison.Ordinal);
            Cli.Error(error, capture, issue.ToString());
        }

        return truncatedCapture || result.Files.Any(f => !f.IsComplete) ? ExitCodes.Findings : ExitCodes.Success;
    });

    /// <summary>What became of a body: <c>downloaded</c>, <c>partial</c> (206), <c>truncated</c> (bytes missing from the capture) or <c>http_error</c> (any other status).</summary>
    public static string Outcome(CarvedHttpFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return !file.IsComplete ? "truncated"
            : file.StatusCode == 206 ? "partial"
            : file.StatusCode is >= 200 and < 300 ? "downloaded"
            : "http_error";
    }

    private static string Describe(CarvedHttpFile file) => Outcome(file) switch
    {
        "truncated" => string.Create(CultureInfo.InvariantCulture, $"(HTTP {file.StatusCode}, {Truncated(file)})"),
        "partial" => $"(HTTP 206 partial content {file.ContentRange})",
        _ => string.Create(CultureInfo.InvariantCulture, $"(HTTP {file.StatusCode}, not downloaded)"),
    };

    private static string Truncated(CarvedHttpFile file) => file.MissingBytes > 0
        ? string.Create(CultureInfo.InvariantCulture, $"body truncated, {file.MissingBytes} bytes missing from the capture")
        : "body truncated";

    /// <summary>The course's output: one line per GET request whose lowercased URI contains <c>.ext</c>, in capture order.</summary>
    private static void WriteCourseOutput(TextWriter output, string capture, HttpCarveResult result, List<string>? extensions, Regex? uriPattern)
    {
        string label = extensions is null ? "all" : string.Join('/', extensions);
        output.WriteLine($"[*] Analysing {capture} for {label} files");
        bool found = false;
        foreach (HttpRequestLogEntry request in result.Requests)
        {
            if (request.Method != "GET")
            {
                continue;
            }

            string target = request.Target.ToLowerInvariant();
            if (extensions is not null && !extensions.Any(e => target.Contains("." + e, StringComparison.Ordinal)))
            {
                continue;
            }

            if (uriPattern is not null && !uriPattern.IsMatch(request.Url))
            {
                continue;
            }

            CarvedHttpFile? file = result.Files.FirstOrDefault(f => f.ConnectionId == request.ConnectionId && f.TransactionIndex == request.TransactionIndex);
            string line = request.StatusCode switch
            {
                null => $"[!] {request.Client.Address} requested {target} from {request.Server.Address} (no response in the capture)",
                206 => $"[!] {request.Client.Address} got part of {target} from {request.Server.Address} (HTTP 206 partial content)",
                int status when status is < 200 or >= 300 => string.Create(CultureInfo.InvariantCulture, $"[!] {request.Client.Address} requested {target} from {request.Server.Address} (HTTP {status}, not downloaded)"),
                _ when file is { IsComplete: false } => $"[!] {request.Client.Address} requested {target} from {request.Server.Address} ({Truncated(file)})",
                _ => $"[!] {request.Client.Address} downloaded {target} from {request.Server.Address}",
            };
            output.WriteLine(line);
            found = true;
        }

        if (!found)
        {
            output.WriteLine(extensions is null ? "No downloads found in this file" : $"No {label} downloads found in this file");
        }
    }

    /// <summary>One JSON object with the carving record's fields, snake_case (see docs/cli/PcapDownloads.md).</summary>
    public static string ToJson(CarvedHttpFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var text = new StringWriter();
        using (var lines = new JsonLineWriter(text))
        {
            WriteJson(lines.Begin(), file);
            lines.End();
        }

        return text.ToString().TrimEnd();
    }

    private static void WriteJson(Utf8JsonWriter w, CarvedHttpFile file)
    {
        w.WriteString("client", file.Client.Address.ToString());
        w.WriteNumber("client_port", file.Client.Port);
        w.WriteString("server", file.Server.Address.ToString());
        w.WriteNumber("server_port", file.Server.Port);
        WriteTime(w, "request_timestamp", file.RequestTimestamp);
        WriteTime(w, "response_timestamp", file.ResponseTimestamp);
        WriteTime(w, "last_timestamp", file.LastTimestamp);
        w.WriteString("method", file.Method);
        w.WriteString("host", file.Host);
        w.WriteString("uri", file.Uri);
        w.WriteString("target", file.Target);
        w.WriteNumber("status_code", file.StatusCode);
        w.WriteString("outcome", Outcome(file));
        w.WriteString("content_type", file.ContentType);
        w.WriteString("content_encoding", file.ContentEncoding);
        w.WriteString("transfer_encoding", file.TransferEncoding);
        w.WriteString("content_range", file.ContentRange);
        w.WriteNumber("size", file.Size);
        w.WriteNumber("encoded_size", file.EncodedSize);
        w.WriteNumber("missing_bytes", file.MissingBytes);
        w.WriteString("sha256", file.Sha256);
        w.WriteString("suggested_file_name", file.SuggestedFileName);
        w.WriteString("file_path", file.FilePath);
        w.WriteBoolean("is_complete", file.IsComplete);
        JsonLineWriter.WriteFlags(w, "problems", file.Problems);
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? time)
    {
        if (time is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, time.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        }
    }
}
