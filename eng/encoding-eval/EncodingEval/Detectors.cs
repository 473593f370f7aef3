using System.Diagnostics;
using System.Text;
using Forensics.Net.EncodingDetection;
using UtfUnknown;

namespace Forensics.Net.EncodingEval;

/// <summary>The three detectors compared: ours, UTF.Unknown (NuGet) and the uchardet command-line tool.</summary>
public static class Detectors
{
    /// <summary>Our detector (<see cref="EncodingDetector.Detect(ReadOnlySpan{byte})"/>), timed without the scoring.</summary>
    public static Verdict Ours(EvalFile file, byte[] bytes)
    {
        long t0 = Stopwatch.GetTimestamp();
        var r = EncodingDetector.Detect(bytes);
        double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        string? answer = r.IsBinary ? null : r.WebName;
        return new Verdict(answer, r.Confidence, LenientScorer.IsRight(file.Encoding, bytes, answer), ms);
    }

    /// <summary>UTF.Unknown's best answer, timed without the scoring.</summary>
    public static Verdict UtfUnknown(EvalFile file, byte[] bytes)
    {
        long t0 = Stopwatch.GetTimestamp();
        var d = CharsetDetector.DetectFromBytes(bytes).Detected;
        double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        string? answer = d?.EncodingName;
        Encoding? enc = null;
        try
        {
            enc = d?.Encoding;
        }
        catch (ArgumentException)
        {
        }

        return new Verdict(answer, d?.Confidence ?? 0, LenientScorer.IsRight(file.Encoding, bytes, answer, enc), ms);
    }

    /// <summary>
    /// Runs <c>uchardet</c> over the files (many per process; it prints <c>path: ENCODING</c> per file, or the bare
    /// answer when given one file) and returns
    /// its answer per relative path, or null when the tool is not installed.
    /// </summary>
    public static Dictionary<string, string>? RunUchardet(string setDirectory, IReadOnlyList<string> relativePaths, int batch = 400)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < relativePaths.Count; i += batch)
        {
            var psi = new ProcessStartInfo("uchardet")
            {
                WorkingDirectory = setDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var chunk = relativePaths.Skip(i).Take(batch).ToList();
            foreach (string p in chunk)
            {
                psi.ArgumentList.Add(p);
            }

            Process? started;
            try
            {
                started = Process.Start(psi);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }

            if (started is null)
            {
                return null;
            }

            using (Process proc = started)
            {
                var err = proc.StandardError.ReadToEndAsync();
                string stdout = proc.StandardOutput.ReadToEnd();
                if (!proc.WaitForExit(120_000))
                {
                    proc.Kill(true);
                    throw new TimeoutException("uchardet did not finish within 120 s");
                }

                _ = err.Result;
                if (chunk.Count == 1)
                {
                    // With a single file uchardet prints the bare answer, without "path: ".
                    answers[chunk[0]] = stdout.Trim();
                    continue;
                }

                foreach (string line in stdout.Split('\n'))
                {
                    int colon = line.LastIndexOf(": ", StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        answers[line[..colon]] = line[(colon + 2)..].Trim();
                    }
                }
            }
        }

        return answers;
    }

    /// <summary>uchardet's answer scored (it says "unknown" when it has none).</summary>
    public static Verdict Uchardet(EvalFile file, byte[] bytes, string? answer)
    {
        if (answer is null || answer.Equals("unknown", StringComparison.OrdinalIgnoreCase))
        {
            return new Verdict(answer, 0, false);
        }

        return new Verdict(answer, 0, LenientScorer.IsRight(file.Encoding, bytes, answer));
    }
}
