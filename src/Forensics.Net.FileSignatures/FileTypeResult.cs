namespace Forensics.Net.FileSignatures;

/// <summary>
/// The outcome of a detection: the best format (or <see cref="FileType.Unknown"/> with a reason), the evidence,
/// other formats that also fit (polyglots such as a JPEG with a ZIP appended) and notes on what was seen.
/// </summary>
public sealed class FileTypeResult
{
    internal FileTypeResult(FileTypeMatch best, IReadOnlyList<FileTypeMatch> alternatives, IReadOnlyList<string> notes, IReadOnlyList<FileSignatureIssue> issues, long length, long bytesRead)
    {
        Best = best;
        Alternatives = alternatives;
        Notes = notes;
        Issues = issues;
        Length = length;
        BytesRead = bytesRead;
    }

    /// <summary>Gets the best match (its <see cref="FileTypeMatch.Type"/> is <see cref="FileType.Unknown"/> when nothing fitted).</summary>
    public FileTypeMatch Best { get; }

    /// <summary>Gets the detected format, or <see cref="FileType.Unknown"/>.</summary>
    public FileType Type => Best.Type;

    /// <summary>Gets a value indicating whether a format was recognised.</summary>
    public bool IsKnown => !Best.Type.IsUnknown;

    /// <summary>Gets the canonical MIME type of the detected format.</summary>
    public string MimeType => Best.Type.MimeType;

    /// <summary>Gets the confidence of the best match, in [0, 1] (0 when unknown).</summary>
    public double Confidence => Best.Confidence;

    /// <summary>Gets the rule that decided the best match (for an unknown result: the reason).</summary>
    public string Rule => Best.Rule;

    /// <summary>Gets the byte offset of the evidence for the best match.</summary>
    public long Offset => Best.Offset;

    /// <summary>Gets other formats that also fit the content, best first (for example the ZIP appended to a JPEG).</summary>
    public IReadOnlyList<FileTypeMatch> Alternatives { get; }

    /// <summary>Gets observations on what was seen: encryption, ZIP64, .NET metadata, appended data, limits reached.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Gets the damage tolerated in <see cref="SignatureStrictness.Lenient"/> mode (container directories that point outside the file, loops, bad signatures), each with its byte offset.</summary>
    public IReadOnlyList<FileSignatureIssue> Issues { get; }

    /// <summary>Gets the input length in bytes, or -1 when it was not known (non-seekable stream longer than the window).</summary>
    public long Length { get; }

    /// <summary>Gets how many bytes of the input were read to reach the decision.</summary>
    public long BytesRead { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Type.Id} {MimeType} ({Confidence:0.00}, {Rule})";
}
