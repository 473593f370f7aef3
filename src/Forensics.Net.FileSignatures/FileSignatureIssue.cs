namespace Forensics.Net.FileSignatures;

/// <summary>
/// Damage found and tolerated by a <see cref="FileTypeDetector"/> in <see cref="SignatureStrictness.Lenient"/> mode
/// (in <see cref="SignatureStrictness.Strict"/> mode the same damage throws <see cref="FileSignatureException"/>).
/// </summary>
public sealed class FileSignatureIssue
{
    internal FileSignatureIssue(long offset, string message)
    {
        Offset = offset;
        Message = message;
    }

    /// <summary>Gets the byte offset in the input where the damage was found.</summary>
    public long Offset { get; }

    /// <summary>Gets what is wrong.</summary>
    public string Message { get; }

    /// <summary>Returns <c>message (at byte offset N)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Message} (at byte offset {Offset})";
}
