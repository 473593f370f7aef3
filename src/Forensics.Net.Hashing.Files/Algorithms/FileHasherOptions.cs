namespace Forensics.Net.Hashing.Files;

/// <summary>Options for <see cref="FileHasher"/>.</summary>
public sealed class FileHasherOptions
{
    /// <summary>Gets the default options.</summary>
    public static FileHasherOptions Default { get; } = new();

    /// <summary>Gets the read chunk size in bytes (pooled; default 1 MiB, at least 4 KiB).</summary>
    public int BufferSize { get; init; } = 1 << 20;

    /// <summary>
    /// Gets how many cores the algorithms of one input may be spread over: -1 (default) for
    /// <see cref="Environment.ProcessorCount"/>, 1 to hash on the calling thread only.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
