namespace Forensics.Net.EncodingEval;

/// <summary>
/// A file of the set (<paramref name="Bytes"/> long) with each detector's verdict (null when that detector was not
/// run); <paramref name="LabelDecodesLossy"/> when .NET's decoder for the label yields U+FFFD on it (a set integrity check).
/// </summary>
public sealed record ScoredFile(EvalFile File, Verdict Ours, Verdict? Uchardet, Verdict? UtfUnknown, int Bytes = 0, bool LabelDecodesLossy = false);
