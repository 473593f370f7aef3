namespace Forensics.Net.Hashing.Files;

/// <summary>One entry of a tree hashing run.</summary>
public sealed class TreeHashResult
{
    internal TreeHashResult(string path, string fullPath, TreeEntryStatus status, long size, HashDigests? digests, string? message)
    {
        Path = path;
        FullPath = fullPath;
        Status = status;
        Size = size;
        Digests = digests;
        Message = message;
    }

    /// <summary>Gets the path for output: the root as given joined with the relative path by '/', as <c>find ROOT | xargs sha256sum</c> prints it.</summary>
    public string Path { get; }

    /// <summary>Gets the absolute path.</summary>
    public string FullPath { get; }

    /// <summary>Gets what happened.</summary>
    public TreeEntryStatus Status { get; }

    /// <summary>Gets the size in bytes: the bytes hashed when <see cref="TreeEntryStatus.Hashed"/>, otherwise the size seen when enumerating or -1.</summary>
    public long Size { get; }

    /// <summary>Gets the digests when <see cref="TreeEntryStatus.Hashed"/>.</summary>
    public HashDigests? Digests { get; }

    /// <summary>Gets the error, skip reason or warning, or null.</summary>
    public string? Message { get; }

    /// <summary>Converts a hashed result into an entry for <see cref="HashFileWriter"/>, audits and classification.</summary>
    /// <returns>The entry with <see cref="Path"/>, the size and the digests.</returns>
    /// <exception cref="InvalidOperationException">The entry was not hashed.</exception>
    public HashEntry ToEntry() =>
        Digests is null
            ? throw new InvalidOperationException($"'{Path}' was not hashed: {Status} {Message}")
            : new HashEntry(Path, Size, Digests);

    /// <summary>Returns <c>status path message</c>.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"{Status} {Path}" + (Message is null ? string.Empty : ": " + Message);
}
