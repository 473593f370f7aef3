using System.Globalization;
using System.Text;
using System.Text.Json;
using System.CommandLine;
using Forensics.Net.Examples.Shared;
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

    private static readonly Option<bool> JsonOption = new("--json") { Description = "JSON Lines: one object per file" };
    private static readonly Option<bool> BriefOption = new("--brief", "-b") { Description = "print only the encoding name, as uchardet (PATH: NAME for several files)" };
    private static readonly Argument<string[]> PathsArgument = new("PATH") { Description = "files or directories (walked recursively); - reads standard input", Arity = ArgumentArity.OneOrMore };

    private static readonly Command RootCommand = Cli.CreateCommand(
        "Prints the encoding, BOM, confidence, language and first line of each file: if the greeting reads right, the encoding is right.",
        JsonOption, BriefOption, PathsArgument);

    /// <summary>Runs the command line; returns 0 on success, 2 on bad usage or when a file could not be read.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, null);

    /// <summary>Runs the command line; <paramref name="stdin"/> is what <c>-</c> reads (default: the process's standard input).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdin) => Cli.Run(stderr, () =>
    {
        if (!Cli.TryParse(RootCommand, args, stdout, stderr, out ParseResult parsed, out int code))
        {
            return code;
        }

        bool json = parsed.GetValue(JsonOption);
        Mode mode = json ? Mode.Json : parsed.GetValue(BriefOption) ? Mode.Brief : Mode.Text;
        List<string> paths = [.. parsed.GetValue(PathsArgument) ?? []];
        bool oneFile = paths.Count == 1 && !Directory.Exists(paths[0]);
        int exit = 0;
        foreach (string path in paths)
        {
            IEnumerable<string> files;
            if (Input.IsStdin(path))
            {
                files = [path];
            }
            else if (Directory.Exists(path))
            {
                files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
            }
            else if (File.Exists(path))
            {
                files = [path];
            }
            else
            {
                Cli.Error(stderr, path, "no such file or directory");
                exit = ExitCodes.Error;
                continue;
            }

            foreach (string file in files)
            {
                try
                {
                    Sniff(file, mode, oneFile, stdout, stdin);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Cli.Error(stderr, file, ex.Message);
                    exit = ExitCodes.Error;
                }
            }
        }

        return exit;
    });

    private enum Mode
    {
        Text,
        Brief,
        Json,
    }

    private static void Sniff(string file, Mode mode, bool oneFile, TextWriter stdout, Stream? stdin)
    {
        Stream stream = Input.IsStdin(file) ? stdin ?? Console.OpenStandardInput() : Input.Open(file);
        using var reader = EncodingDetector.OpenReader(stream, out var result);
        if (mode == Mode.Brief)
        {
            // uchardet's bare name: upper case, one per line; "binary" where there is no text encoding.
            string name = result.IsBinary ? "binary" : result.WebName?.ToUpperInvariant() ?? "unknown";
            stdout.WriteLine(oneFile ? name : $"{file}: {name}");
            return;
        }

        string? firstLine = result.IsBinary ? null : FirstLine(reader);
        if (mode == Mode.Json)
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
        using (var w = new Utf8JsonWriter(buffer, JsonLineWriter.Options))
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
