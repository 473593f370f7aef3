namespace Forensics.Net.EncodingEval;

/// <summary>One detector's answer for one file, and whether the lenient rule counts it right.</summary>
public readonly record struct Verdict(string? Answer, double Confidence, bool Right);
