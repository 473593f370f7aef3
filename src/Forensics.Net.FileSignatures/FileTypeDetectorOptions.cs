namespace Forensics.Net.FileSignatures;

/// <summary>Options for <see cref="FileTypeDetector"/>. Every property has a safe default.</summary>
public sealed class FileTypeDetectorOptions
{
    /// <summary>Gets the default options.</summary>
    public static FileTypeDetectorOptions Default { get; } = new();

    /// <summary>Gets how many bytes are read from the start of a stream or file (default 65,536; at least 1,024).</summary>
    public int MaxHeaderBytes { get; init; } = 64 * 1024;

    /// <summary>Gets how many bytes may be read beyond the header for container directories: ZIP central directory, CFB FAT and directory sectors, the file's tail (default 4 MiB).</summary>
    public int MaxContainerBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Gets the maximum number of ZIP central directory entries examined (default 100,000).</summary>
    public int MaxZipEntries { get; init; } = 100_000;

    /// <summary>Gets a value indicating whether the end of the file is examined for appended data such as a ZIP after a JPEG (default <see langword="true"/>).</summary>
    public bool DetectAppendedData { get; init; } = true;

    /// <summary>Gets how damaged containers are handled (default <see cref="SignatureStrictness.Lenient"/>).</summary>
    public SignatureStrictness Strictness { get; init; } = SignatureStrictness.Lenient;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaderBytes, 1024, nameof(MaxHeaderBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxContainerBytes, nameof(MaxContainerBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxZipEntries, 1, nameof(MaxZipEntries));
    }
}
