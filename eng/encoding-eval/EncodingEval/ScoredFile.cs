namespace Forensics.Net.EncodingEval;

/// <summary>A file of the set (<paramref name="Bytes"/> long) with each detector's verdict (null when that detector was not run).</summary>
public sealed record ScoredFile(EvalFile File, Verdict Ours, Verdict? Uchardet, Verdict? UtfUnknown, int Bytes = 0);
