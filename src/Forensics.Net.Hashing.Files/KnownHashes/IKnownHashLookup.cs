namespace Forensics.Net.Hashing.Files;

/// <summary>A set of known hashes that can say whether a digest is in it and under which name.</summary>
public interface IKnownHashLookup
{
    /// <summary>Gets the algorithms this set holds digests for.</summary>
    IReadOnlyCollection<FileHashAlgorithm> Algorithms { get; }

    /// <summary>Looks a digest up.</summary>
    /// <param name="algorithm">The algorithm of <paramref name="hash"/>.</param>
    /// <param name="hash">The digest bytes.</param>
    /// <param name="name">The matched entry's name (file name, NSRL file name, label), or null when the source had none.</param>
    /// <returns><see langword="true"/> when the digest is in the set.</returns>
    bool TryLookup(FileHashAlgorithm algorithm, ReadOnlySpan<byte> hash, out string? name);
}
