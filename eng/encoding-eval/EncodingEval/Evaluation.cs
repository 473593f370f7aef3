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

    /// <summary>Wall time of our detector over all files (bytes already in memory).</summary>
    public TimeSpan OursTime { get; }

    /// <summary>Wall time of all uchardet processes (they read the files themselves), or null when not run.</summary>
    public TimeSpan? UchardetTime { get; }

    /// <summary>Wall time of UTF.Unknown over all files (bytes in memory), or null when not run.</summary>
    public TimeSpan? UtfUnknownTime { get; }

    /// <summary>Runs the evaluation. <paramref name="split"/> is <c>held-out</c>, <c>tune</c> or <c>all</c>.</summary>
    public static Evaluation Run(string setDirectory, string split, bool uchardet, bool utfUnknown)
    {
        var files = EvalFile.Load(setDirectory).Where(f => split == "all" || f.Split == split).ToList();
        var data = files.Select(f => File.ReadAllBytes(Path.Combine(setDirectory, f.Path))).ToList();
        long bytes = data.Sum(d => (long)d.Length);

        var ours = new Verdict[files.Count];
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < files.Count; i++)
        {
            ours[i] = Detectors.Ours(files[i], data[i]);
        }

        TimeSpan oursTime = sw.Elapsed;

        Verdict[]? utf = null;
        TimeSpan? utfTime = null;
        if (utfUnknown)
        {
            utf = new Verdict[files.Count];
            sw.Restart();
            for (int i = 0; i < files.Count; i++)
            {
                utf[i] = Detectors.UtfUnknown(files[i], data[i]);
            }

            utfTime = sw.Elapsed;
        }

        Verdict[]? uch = null;
        TimeSpan? uchTime = null;
        if (uchardet)
        {
            sw.Restart();
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

        var scored = files.Select((f, i) => new ScoredFile(f, ours[i], uch?[i], utf?[i])).ToList();
        return new Evaluation(scored, bytes, oursTime, uchTime, utfTime);
    }

    /// <summary>Builds an evaluation from verdicts computed elsewhere (tests).</summary>
    public static Evaluation FromScored(IReadOnlyList<ScoredFile> files, long bytes) => new(files, bytes, TimeSpan.Zero, null, null);
}
