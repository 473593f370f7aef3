namespace Forensics.Net.FileSignatures;

/// <summary>One format that fits the content, with the evidence for it.</summary>
/// <param name="Type">The format.</param>
/// <param name="Rule">The rule that matched, in the signature table's notation or naming the structure that was checked.</param>
/// <param name="Offset">The byte offset in the input of the evidence (for example where the magic bytes are).</param>
/// <param name="Confidence">How sure the detector is, in [0, 1].</param>
public sealed record FileTypeMatch(FileType Type, string Rule, long Offset, double Confidence);
