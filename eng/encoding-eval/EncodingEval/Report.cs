using System.Globalization;

namespace Forensics.Net.EncodingEval;

/// <summary>Markdown tables of an <see cref="Evaluation"/>: per family, length bucket, shape, encoding, overall; calibration; misses.</summary>
public static class Report
{
    /// <summary>Accuracy of each detector over a group of files: (right, total) per detector, null when not run.</summary>
    public static (int Ours, int? Uchardet, int? UtfUnknown, int Total) Count(IEnumerable<ScoredFile> group)
    {
        int ours = 0, uch = 0, utf = 0, n = 0;
        bool hasUch = false, hasUtf = false;
        foreach (var s in group)
        {
            n++;
            ours += s.Ours.Right ? 1 : 0;
            if (s.Uchardet is { } u)
            {
                hasUch = true;
                uch += u.Right ? 1 : 0;
            }

            if (s.UtfUnknown is { } v)
            {
                hasUtf = true;
                utf += v.Right ? 1 : 0;
            }
        }

        return (ours, hasUch ? uch : null, hasUtf ? utf : null, n);
    }

    /// <summary>Writes every table.</summary>
    public static void Write(TextWriter w, Evaluation e, int misses = 30)
    {
        var files = e.Files;
        w.WriteLine(FormattableString.Invariant($"{files.Count} files, {e.Bytes / 1e6:0.0} MB"));
        var undecodable = files.Select(f => f.File.Encoding).Distinct(StringComparer.Ordinal)
            .Where(l => LenientScorer.GetEncoding(l) is null).Order(StringComparer.Ordinal).ToList();
        if (undecodable.Count > 0)
        {
            w.WriteLine($"Labels .NET cannot decode (only their exact name counts): {string.Join(", ", undecodable)}");
        }

        var lossy = files.Where(f => f.LabelDecodesLossy).GroupBy(f => f.File.Encoding).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        w.WriteLine(lossy.Count == 0
            ? "Every file decodes with its label's .NET decoder without U+FFFD."
            : "Files whose label's .NET decoder yields U+FFFD (only an answer of the label's name counts for them): "
              + string.Join(", ", lossy.Select(g => $"{g.Key} {g.Count()}")));
        w.WriteLine();
        Table(w, "Overall", [("all", files)]);
        Table(w, "Per family", files.GroupBy(f => f.File.Family).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (IReadOnlyList<ScoredFile>)g.ToList())));
        Table(w, "Per length bucket (bytes)", files.GroupBy(f => f.File.LengthBucket).OrderBy(g => BucketOrder(g.Key)).Select(g => (g.Key, (IReadOnlyList<ScoredFile>)g.ToList())));
        Table(w, "Legacy (non-Unicode, non-ASCII) files per length bucket", files.Where(f => IsLegacy(f.File)).GroupBy(f => f.File.LengthBucket).OrderBy(g => BucketOrder(g.Key)).Select(g => (g.Key, (IReadOnlyList<ScoredFile>)g.ToList())));
        Table(w, "Per shape", files.GroupBy(f => f.File.Shape).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (IReadOnlyList<ScoredFile>)g.ToList())));
        Table(w, "Per encoding", files.GroupBy(f => f.File.Family + " / " + f.File.Encoding).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (IReadOnlyList<ScoredFile>)g.ToList())));
        Calibration(w, files);
        Timing(w, e);
        Misses(w, files, misses);
    }

    private static bool IsLegacy(EvalFile f) => !f.Encoding.StartsWith("utf-", StringComparison.Ordinal) && f.Encoding != "us-ascii";

    private static int BucketOrder(string bucket) => int.TryParse(bucket.Split('-')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : int.MaxValue;

    private static string Pct(int? right, int total) => right is { } r && total > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * r / total:0.0}% ({r})")
        : "–";

    private static void Table(TextWriter w, string title, IEnumerable<(string Key, IReadOnlyList<ScoredFile> Files)> groups)
    {
        w.WriteLine($"### {title}");
        w.WriteLine();
        w.WriteLine("| group | files | ours | uchardet | UTF.Unknown |");
        w.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (key, g) in groups)
        {
            var c = Count(g);
            w.WriteLine($"| {key} | {c.Total} | {Pct(c.Ours, c.Total)} | {Pct(c.Uchardet, c.Total)} | {Pct(c.UtfUnknown, c.Total)} |");
        }

        w.WriteLine();
    }

    /// <summary>Confidence bucket bounds of the calibration table (lower bounds; the last bucket includes 1.0).</summary>
    public static readonly double[] CalibrationBounds = [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99];

    /// <summary>The calibration bucket (index into <see cref="CalibrationBounds"/>) of a confidence.</summary>
    public static int CalibrationBucket(double confidence)
    {
        int b = 0;
        for (int i = 0; i < CalibrationBounds.Length; i++)
        {
            if (confidence >= CalibrationBounds[i])
            {
                b = i;
            }
        }

        return b;
    }

    private static void Calibration(TextWriter w, IReadOnlyList<ScoredFile> files)
    {
        w.WriteLine("### Calibration of our confidence");
        w.WriteLine();
        w.WriteLine("| confidence | files | mean confidence | accuracy |");
        w.WriteLine("|---|---:|---:|---:|");
        foreach (var g in files.GroupBy(f => CalibrationBucket(f.Ours.Confidence)).OrderBy(g => g.Key))
        {
            double lo = CalibrationBounds[g.Key];
            string hi = g.Key + 1 < CalibrationBounds.Length ? CalibrationBounds[g.Key + 1].ToString("0.00", CultureInfo.InvariantCulture) + ")" : "1.00]";
            int n = g.Count();
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| [{lo:0.00}, {hi} | {n} | {g.Average(f => f.Ours.Confidence):0.000} | {100.0 * g.Count(f => f.Ours.Right) / n:0.0}% |"));
        }

        w.WriteLine();
    }

    private static void Timing(TextWriter w, Evaluation e)
    {
        static string T(TimeSpan? t) => t is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.TotalSeconds:0.00} s") : "not run";
        w.WriteLine("### Wall time over the whole split");
        w.WriteLine();
        w.WriteLine("| detector | first pass | second pass | note |");
        w.WriteLine("|---|---:|---:|---|");
        w.WriteLine($"| ours | {T(e.OursFirstPassTime)} | {T(e.OursTime)} | `EncodingDetector.Detect` on bytes in memory, one thread |");
        w.WriteLine($"| uchardet | {T(e.UchardetTime)} | – | CLI, 400 files per process, reads the files itself |");
        w.WriteLine($"| UTF.Unknown | {T(e.UtfUnknownFirstPassTime)} | {T(e.UtfUnknownTime)} | `CharsetDetector.DetectFromBytes` on bytes in memory, one thread |");
        w.WriteLine();
        w.WriteLine("Where the time goes, per family (milliseconds in the detector call, summed over the files, second pass):");
        w.WriteLine();
        w.WriteLine("| family | files | MB | ours ms | ours MB/s | UTF.Unknown ms |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var g in e.Files.GroupBy(f => f.File.Family).OrderByDescending(g => g.Sum(f => f.Ours.Milliseconds)))
        {
            double mb = g.Sum(f => (double)f.Bytes) / 1e6;
            double ms = g.Sum(f => f.Ours.Milliseconds);
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {g.Key} | {g.Count()} | {mb:0.00} | {ms:0} | {(ms > 0 ? mb / (ms / 1000) : 0):0.0} | {g.Sum(f => f.UtfUnknown?.Milliseconds ?? 0):0} |"));
        }

        w.WriteLine();
    }

    private static void Misses(TextWriter w, IReadOnlyList<ScoredFile> files, int top)
    {
        w.WriteLine($"### Our most frequent misses (label → answer, top {top})");
        w.WriteLine();
        w.WriteLine("| label | our answer | files | uchardet right | UTF.Unknown right |");
        w.WriteLine("|---|---|---:|---:|---:|");
        foreach (var g in files.Where(f => !f.Ours.Right)
                     .GroupBy(f => (f.File.Encoding, Answer: f.Ours.Answer ?? "(none)"))
                     .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Encoding, StringComparer.Ordinal).Take(top))
        {
            w.WriteLine($"| {g.Key.Encoding} | {g.Key.Answer} | {g.Count()} | {g.Count(f => f.Uchardet?.Right == true)} | {g.Count(f => f.UtfUnknown?.Right == true)} |");
        }

        w.WriteLine();
    }
}
