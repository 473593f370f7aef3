using System.Diagnostics;

namespace Forensics.Net.EncodingEval;

/// <summary>Scores the detectors over one split of an evaluation set and keeps their wall times.</summary>
public sealed class Evaluation
{
    private Evaluation(IReadOnlyList<ScoredFile> files, long bytes, TimeSpan ours, TimeSpan? uchardet, TimeSpan? utfUnknown)
    {
        Files = files;
        Bytes = bytes;
        OursTime = ours;
        UchardetTime = uchardet;
        UtfUnknownTime = utfUnknown;
    }

    /// <summary>Every scored file.</summary>
    public IReadOnlyList<ScoredFile> Files { get; }

    /// <summary>Total size of the scored files.</summary>
    public long Bytes { get; }

    /// <summary>Time of our detector's calls over all files in the second (steady-state) pass (bytes in memory; scoring not included).</summary>
    public TimeSpan OursTime { get; }

    /// <summary>Time of our detector's first pass over the files (includes JIT tiering), or zero when not measured.</summary>
    public TimeSpan OursFirstPassTime { get; private init; }

    /// <summary>Time of UTF.Unknown's first pass over the files (includes JIT tiering), or null when not run.</summary>
    public TimeSpan? UtfUnknownFirstPassTime { get; private init; }

    /// <summary>Wall time of all uchardet processes (they read the files themselves), or null when not run.</summary>
    public TimeSpan? UchardetTime { get; }

    /// <summary>Time of UTF.Unknown's calls over all files in the second pass (bytes in memory; scoring not included), or null when not run.</summary>
    public TimeSpan? UtfUnknownTime { get; }

    /// <summary>Runs the evaluation. <paramref name="split"/> is <c>held-out</c>, <c>tune</c> or <c>all</c>.</summary>
    public static Evaluation Run(string setDirectory, string split, bool uchardet, bool utfUnknown)
    {
        var files = EvalFile.Load(setDirectory).Where(f => split == "all" || f.Split == split).ToList();
        var data = files.Select(f => File.ReadAllBytes(Path.Combine(setDirectory, f.Path))).ToList();
        long bytes = data.Sum(d => (long)d.Length);

        // One warm-up call each (JIT, model loading), so the timings are of steady-state detection.
        _ = Forensics.Net.EncodingDetection.EncodingDetector.Detect("warm-up: \u00e9t\u00e9"u8);
        _ = UtfUnknown.CharsetDetector.DetectFromBytes("warm-up: \u00e9t\u00e9"u8.ToArray());

        // Two passes: the first includes JIT tiering (what a one-shot command-line run pays), the second is steady state.
        var ours = new Verdict[files.Count];
        TimeSpan oursCold = TimeSpan.Zero;
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < files.Count; i++)
            {
                ours[i] = Detectors.Ours(files[i], data[i]);
            }

            oursCold = pass == 0 ? TimeSpan.FromMilliseconds(ours.Sum(v => v.Milliseconds)) : oursCold;
        }

        TimeSpan oursTime = TimeSpan.FromMilliseconds(ours.Sum(v => v.Milliseconds));

        Verdict[]? utf = null;
        TimeSpan? utfTime = null, utfCold = null;
        if (utfUnknown)
        {
            utf = new Verdict[files.Count];
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i < files.Count; i++)
                {
                    utf[i] = Detectors.UtfUnknown(files[i], data[i]);
                }

                utfCold = pass == 0 ? TimeSpan.FromMilliseconds(utf.Sum(v => v.Milliseconds)) : utfCold;
            }

            utfTime = TimeSpan.FromMilliseconds(utf.Sum(v => v.Milliseconds));
        }

        Verdict[]? uch = null;
        TimeSpan? uchTime = null;
        if (uchardet)
        {
            var sw = Stopwatch.StartNew();
            var answers = Detectors.RunUchardet(setDirectory, files.Select(f => f.Path).ToList());
            uchTime = sw.Elapsed;
            if (answers is null)
            {
                uchTime = null;
            }
            else
            {
                uch = new Verdict[files.Count];
                for (int i = 0; i < files.Count; i++)
                {
                    uch[i] = Detectors.Uchardet(files[i], data[i], answers.GetValueOrDefault(files[i].Path));
                }
            }
        }

        var scored = files.Select((f, i) => new ScoredFile(f, ours[i], uch?[i], utf?[i], data[i].Length,
            LenientScorer.GetEncoding(f.Encoding, data[i])?.GetString(data[i]).Contains('\uFFFD', StringComparison.Ordinal) ?? true)).ToList();
        return new Evaluation(scored, bytes, oursTime, uchTime, utfTime) { OursFirstPassTime = oursCold, UtfUnknownFirstPassTime = utfCold };
    }

    /// <summary>Builds an evaluation from verdicts computed elsewhere (tests).</summary>
    public static Evaluation FromScored(IReadOnlyList<ScoredFile> files, long bytes) => new(files, bytes, TimeSpan.Zero, null, null);
}
