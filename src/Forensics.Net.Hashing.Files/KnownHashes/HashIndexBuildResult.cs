namespace Forensics.Net.Hashing.Files;

/// <summary>What <see cref="HashIndex.BuildFile"/> wrote.</summary>
public sealed class HashIndexBuildResult
{
    internal HashIndexBuildResult(long count, long skipped, long fileSize)
    {
        Count = count;
        SkippedEntries = skipped;
        FileSize = fileSize;
    }

    /// <summary>Gets the number of keys written (duplicates included).</summary>
    public long Count { get; }

    /// <summary>Gets the number of entries without a digest for the index's algorithm.</summary>
    public long SkippedEntries { get; }

    /// <summary>Gets the index file size in bytes.</summary>
    public long FileSize { get; }
}
