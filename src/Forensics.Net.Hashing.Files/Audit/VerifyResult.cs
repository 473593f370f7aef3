namespace Forensics.Net.Hashing.Files;

/// <summary>One entry checked by <see cref="HashAudit.Verify"/>.</summary>
public sealed class VerifyResult
{
    internal VerifyResult(HashEntry entry, VerifyStatus status, string? message)
    {
        Entry = entry;
        Status = status;
        Message = message;
    }

    /// <summary>Gets the hash-file entry.</summary>
    public HashEntry Entry { get; }

    /// <summary>Gets the result.</summary>
    public VerifyStatus Status { get; }

    /// <summary>Gets the error message, or null.</summary>
    public string? Message { get; }

    /// <summary>Returns <c>path: OK</c> / <c>FAILED</c> as <c>sha256sum -c</c> prints it.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => Status switch
    {
        VerifyStatus.Ok => $"{Entry.Path}: OK",
        VerifyStatus.Failed => $"{Entry.Path}: FAILED",
        _ => $"{Entry.Path}: FAILED open or read" + (Message is null ? string.Empty : $" ({Message})"),
    };
}
