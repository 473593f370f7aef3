namespace Forensics.Net.Hashing.Files;

/// <summary>A classification with the matched entry.</summary>
public sealed class HashClassification
{
    internal static readonly HashClassification UnknownResult = new(KnownHashStatus.Unknown, null, null, null);

    internal HashClassification(KnownHashStatus status, string? matchedName, FileHashAlgorithm? algorithm, string? hash)
    {
        Status = status;
        MatchedName = matchedName;
        Algorithm = algorithm;
        Hash = hash;
    }

    /// <summary>Gets the verdict.</summary>
    public KnownHashStatus Status { get; }

    /// <summary>Gets the matched entry's name (its path or label in the set), or null when unknown or unnamed.</summary>
    public string? MatchedName { get; }

    /// <summary>Gets the algorithm that matched, or null when unknown.</summary>
    public FileHashAlgorithm? Algorithm { get; }

    /// <summary>Gets the matching digest as lower-case hex, or null when unknown.</summary>
    public string? Hash { get; }
}
