namespace Forensics.Net.FileSignatures;

/// <summary>The result of <see cref="FileTypeDetector.CheckFile(string)"/>: the detected format and how the file name's extension relates to it.</summary>
public sealed class ExtensionCheckResult
{
    internal ExtensionCheckResult(string fileName, string extension, FileTypeResult detection, ExtensionVerdict verdict, bool isDangerous, IReadOnlyList<FileType> claimedTypes)
    {
        FileName = fileName;
        Extension = extension;
        Detection = detection;
        Verdict = verdict;
        IsDangerous = isDangerous;
        ClaimedTypes = claimedTypes;
    }

    /// <summary>Gets the file name that was checked (without directories).</summary>
    public string FileName { get; }

    /// <summary>Gets the extension taken from the name (lower case, without the dot; <c>so</c> for <c>libx.so.1.2</c>), or empty.</summary>
    public string Extension { get; }

    /// <summary>Gets the content detection result.</summary>
    public FileTypeResult Detection { get; }

    /// <summary>Gets the detected format (shortcut for <c>Detection.Type</c>).</summary>
    public FileType Type => Detection.Type;

    /// <summary>Gets the extensions the detected format is normally stored under.</summary>
    public IReadOnlyList<string> ExpectedExtensions => Detection.Type.Extensions;

    /// <summary>Gets the formats the extension claims (empty for an unknown extension).</summary>
    public IReadOnlyList<FileType> ClaimedTypes { get; }

    /// <summary>Gets the verdict.</summary>
    public ExtensionVerdict Verdict { get; }

    /// <summary>
    /// Gets a value indicating whether executable content (a program, library, installer or script) hides under
    /// an extension that is not executable: the classic disguised-malware case.
    /// </summary>
    public bool IsDangerous { get; }

    /// <inheritdoc />
    public override string ToString() => $"{FileName}: {Type.Id} ({Verdict}{(IsDangerous ? ", DANGEROUS" : string.Empty)})";
}
