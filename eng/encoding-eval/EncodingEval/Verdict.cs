namespace Forensics.Net.EncodingEval;

/// <summary>
/// One detector's answer for one file, whether the lenient rule counts it right, and the detector's own time on
/// the file in milliseconds (0 when not measured per file, as for the uchardet processes).
/// </summary>
public readonly record struct Verdict(string? Answer, double Confidence, bool Right, double Milliseconds = 0);
