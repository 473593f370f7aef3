namespace Forensics.Net.Hashing.Files;

/// <summary>One line of a hash file, or one hashed file: a path, a size and its digests.</summary>
/// <example>
/// <code>
/// var entry = new HashEntry("docs/a.txt", digests.Length, digests);
/// </code>
/// </example>
public sealed class HashEntry
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="path">The path as written in the hash file (relative or absolute, '/' or '\' as the tool wrote it).</param>
    /// <param name="size">The file size in bytes, or -1 when the format does not carry one.</param>
    /// <param name="digests">The digests.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="digests"/> is null.</exception>
    public HashEntry(string path, long size, HashDigests digests)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(digests);
        Path = path;
        Size = size < 0 ? -1 : size;
        Digests = digests;
    }

    /// <summary>Gets the path as written in the hash file.</summary>
    public string Path { get; }

    /// <summary>Gets the size in bytes, or -1 when unknown.</summary>
    public long Size { get; }

    /// <summary>Gets the digests.</summary>
    public HashDigests Digests { get; }

    /// <summary>Gets or sets the 1-based line number in the hash file this entry came from, or 0.</summary>
    public long LineNumber { get; init; }

    /// <summary>Returns <c>path size digests</c>, for diagnostics.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"{Path} ({Size} bytes) {Digests}";
}
