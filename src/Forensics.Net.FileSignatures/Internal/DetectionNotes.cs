namespace Forensics.Net.FileSignatures.Internal;

/// <summary>What the inspectors record on the way: observations (<see cref="FileTypeResult.Notes"/>) and tolerated damage (<see cref="FileTypeResult.Issues"/>).</summary>
internal sealed class DetectionNotes
{
    public List<string> Notes { get; } = [];

    public List<FileSignatureIssue> Issues { get; } = [];

    /// <summary>Records an observation (ZIP64, encryption, .NET metadata, a limit reached).</summary>
    public void Add(string note) => Notes.Add(note);

    /// <summary>Records damage: throws in strict mode, otherwise keeps it as an issue.</summary>
    /// <exception cref="FileSignatureException"><paramref name="options"/> is strict.</exception>
    public void Problem(FileTypeDetectorOptions options, string message, long offset)
    {
        if (options.Strictness == SignatureStrictness.Strict)
        {
            throw new FileSignatureException(message, offset);
        }

        Issues.Add(new FileSignatureIssue(offset, message));
    }
}
