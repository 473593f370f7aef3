namespace Forensics.Net.Hashing.Files;

/// <summary>Options for <see cref="HashFileWriter"/>.</summary>
public sealed class HashFileWriterOptions
{
    /// <summary>Gets the default options.</summary>
    public static HashFileWriterOptions Default { get; } = new();

    /// <summary>Gets whether disposing the writer leaves the <see cref="TextWriter"/> open (default false).</summary>
    public bool LeaveOpen { get; init; }

    /// <summary>Gets whether <see cref="HashFileFormat.Sum"/> lines use the binary marker <c>*</c> instead of a second space (default false, as coreutils on Linux).</summary>
    public bool BinaryMarker { get; init; }

    /// <summary>Gets the directory written in the hashdeep <c>## Invoked from:</c> comment, or null to omit it.</summary>
    public string? InvokedFrom { get; init; }

    /// <summary>Gets the command line written in the hashdeep <c>## $ …</c> comment, or null to omit it.</summary>
    public string? CommandLine { get; init; }
}
