using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Forensics.Net.EncodingDetection;

namespace EncodingSniff;

/// <summary>
/// <c>EncodingSniff [--json] PATH...</c>: for each file (directories are walked recursively) prints the
/// encoding, BOM, confidence, language and the first line decoded — the "good morning" check: if the
/// greeting reads right, the encoding is right. <c>--json</c> prints one JSON object per line.
/// </summary>
public static class SniffApp
{
    private const int MaxLine = 100;

    /// <summary>Runs the command line; returns 0 on success, 1 when a file could not be read, 2 on bad usage.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        bool json = false;
        var paths = new List<string>();
        foreach (string arg in args)
        {
            if (arg == "--json")
            {
                json = true;
            }
            else if (arg is "-h" or "--help")
            {
                stdout.WriteLine("usage: EncodingSniff [--json] PATH...");
                return 0;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                stderr.WriteLine($"unknown option {arg}");
                stderr.WriteLine("usage: EncodingSniff [--json] PATH...");
                return 2;
            }
            else
            {
                paths.Add(arg);
            }
        }

        if (paths.Count == 0)
        {
            stderr.WriteLine("usage: EncodingSniff [--json] PATH...");
            return 2;
        }

        int exit = 0;
        foreach (string path in paths)
        {
            IEnumerable<string> files;
            if (Directory.Exists(path))
            {
                files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
            }
            else if (File.Exists(path))
            {
                files = [path];
            }
            else
            {
                stderr.WriteLine($"{path}: no such file or directory");
                exit = 1;
                continue;
            }

            foreach (string file in files)
            {
                try
                {
                    Sniff(file, json, stdout);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"{file}: {ex.Message}");
                    exit = 1;
                }
            }
        }

        return exit;
    }

    private static void Sniff(string file, bool json, TextWriter stdout)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan);
        using var reader = EncodingDetector.OpenReader(stream, out var result);
        string? firstLine = result.IsBinary ? null : FirstLine(reader);
        if (json)
        {
            stdout.WriteLine(ToJson(file, result, firstLine));
            return;
        }

        var line = new StringBuilder();
        line.Append(file).Append(": ");
        if (result.IsBinary)
        {
            line.Append(CultureInfo.InvariantCulture, $"binary (confidence {result.Confidence:0.00})");
        }
        else
        {
            line.Append(result.WebName)
                .Append(result.HasBom ? ", BOM" : ", no BOM")
                .Append(CultureInfo.InvariantCulture, $", confidence {result.Confidence:0.00}");
            if (result.Language is not null)
            {
                line.Append(", language ").Append(result.Language);
            }

            if (result.Alternatives.Count > 0 && result.Confidence < 0.8)
            {
                line.Append(" (or ").Append(string.Join(", ", result.Alternatives.Take(3).Select(a => a.WebName))).Append(')');
            }
        }

        stdout.WriteLine(line.ToString());
        if (firstLine is not null)
        {
            stdout.WriteLine("    " + firstLine);
        }
    }

    private static string? FirstLine(StreamReader reader)
    {
        char[] buffer = new char[MaxLine + 1];
        int n = reader.ReadBlock(buffer, 0, buffer.Length);
        var sb = new StringBuilder();
        for (int i = 0; i < n && sb.Length < MaxLine; i++)
        {
            char c = buffer[i];
            if (c is '\n' or '\r')
            {
                if (sb.Length > 0)
                {
                    break;
                }

                continue;
            }

            sb.Append(char.IsControl(c) ? '\u00B7' : c);
        }

        if (n > MaxLine && sb.Length == MaxLine)
        {
            sb.Append('\u2026');
        }

        return sb.ToString();
    }

    private static string ToJson(string file, EncodingDetectionResult result, string? firstLine)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("path", file);
            w.WriteString("encoding", result.IsBinary ? null : result.WebName);
            w.WriteNumber("confidence", Math.Round(result.Confidence, 4));
            w.WriteBoolean("bom", result.HasBom);
            w.WriteBoolean("is_binary", result.IsBinary);
            w.WriteString("language", result.Language);
            w.WriteStartArray("alternatives");
            foreach (var alt in result.Alternatives)
            {
                w.WriteStartObject();
                w.WriteString("encoding", alt.WebName);
                w.WriteNumber("confidence", Math.Round(alt.Confidence, 4));
                w.WriteString("language", alt.Language);
                w.WriteBoolean("same_text", alt.SameText);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("bytes_examined", result.BytesExamined);
            w.WriteString("first_line", firstLine);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
