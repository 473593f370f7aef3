using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Forensics.Net.Pcap.Analysis;

namespace PcapDownloads;

/// <summary>
/// <c>PcapDownloads [--ext gif,jpg | --all] [--uri REGEX] [--out DIR] [--json] CAPTURE</c>: the course's
/// <c>pcap_downloads.py</c> (find GET requests for .gif files and print who downloaded what from where), grown into a
/// carver that also writes the files (<c>--out</c>) and prints one JSON object per carved body (<c>--json</c>).
/// </summary>
public static class PcapDownloadsApp
{
    private const string Usage = "usage: PcapDownloads [--ext gif,jpg | --all] [--uri REGEX] [--out DIR] [--json] CAPTURE";

    /// <summary>Runs the tool.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <returns>0 on success, 1 when the capture cannot be read, 2 on a usage error.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var extensions = new List<string> { "gif" };
        bool all = false, json = false;
        string? uri = null, outDir = null, capture = null;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            switch (a)
            {
                case "--ext" when i + 1 < args.Length:
                    extensions = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(e => e.TrimStart('.').ToLowerInvariant()).ToList();
                    if (extensions.Count == 0)
                    {
                        error.WriteLine("--ext needs at least one extension");
                        return 2;
                    }

                    break;
                case "--all":
                    all = true;
                    break;
                case "--uri" when i + 1 < args.Length:
                    uri = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    outDir = args[++i];
                    break;
                case "--json":
                    json = true;
                    break;
                case "-h" or "--help":
                    output.WriteLine(Usage);
                    return 0;
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal) || capture is not null)
                    {
                        error.WriteLine(Usage);
                        return 2;
                    }

                    capture = a;
                    break;
            }
        }

        if (capture is null)
        {
            error.WriteLine(Usage);
            return 2;
        }

        Regex? uriPattern;
        try
        {
            uriPattern = uri is null ? null : new Regex(uri, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"--uri: {ex.Message}");
            return 2;
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
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{capture}: {ex.Message}");
            return 1;
        }

        if (json)
        {
            foreach (CarvedHttpFile file in result.Files)
            {
                output.WriteLine(ToJson(file));
            }
        }
        else
        {
            WriteCourseOutput(output, capture, result, all ? null : extensions, uriPattern);
            if (outDir is not null)
            {
                foreach (CarvedHttpFile file in result.Files)
                {
                    output.WriteLine($"[+] {file.Uri} -> {file.FilePath} ({file.Size} bytes, sha256 {file.Sha256}){(file.IsComplete ? string.Empty : " INCOMPLETE")}");
                }
            }
        }

        return 0;
    }

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

            output.WriteLine($"[!] {request.Client.Address} downloaded {target} from {request.Server.Address}");
            found = true;
        }

        if (!found)
        {
            output.WriteLine(extensions is null ? "No downloads found in this file" : $"No {label} downloads found in this file");
        }
    }

    /// <summary>One JSON object with the carving record's fields.</summary>
    public static string ToJson(CarvedHttpFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("client", file.Client.Address.ToString());
            w.WriteNumber("clientPort", file.Client.Port);
            w.WriteString("server", file.Server.Address.ToString());
            w.WriteNumber("serverPort", file.Server.Port);
            WriteTime(w, "requestTimestamp", file.RequestTimestamp);
            WriteTime(w, "responseTimestamp", file.ResponseTimestamp);
            WriteTime(w, "lastTimestamp", file.LastTimestamp);
            w.WriteString("method", file.Method);
            w.WriteString("host", file.Host);
            w.WriteString("uri", file.Uri);
            w.WriteString("target", file.Target);
            w.WriteNumber("statusCode", file.StatusCode);
            w.WriteString("contentType", file.ContentType);
            w.WriteString("contentEncoding", file.ContentEncoding);
            w.WriteString("transferEncoding", file.TransferEncoding);
            w.WriteString("contentRange", file.ContentRange);
            w.WriteNumber("size", file.Size);
            w.WriteNumber("encodedSize", file.EncodedSize);
            w.WriteNumber("missingBytes", file.MissingBytes);
            w.WriteString("sha256", file.Sha256);
            w.WriteString("suggestedFileName", file.SuggestedFileName);
            w.WriteString("filePath", file.FilePath);
            w.WriteBoolean("isComplete", file.IsComplete);
            w.WriteString("problems", file.Problems.ToString());
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
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
