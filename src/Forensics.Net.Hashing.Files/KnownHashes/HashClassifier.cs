namespace Forensics.Net.Hashing.Files;

/// <summary>
/// Classifies digests as KnownBad, KnownGood or Unknown against two known-hash sets (in-memory
/// <see cref="KnownHashSet"/> or on-disk <see cref="HashIndex"/>). The strongest algorithm both sides have is tried first.
/// </summary>
/// <example>
/// <code>
/// var classifier = new HashClassifier(knownGood: KnownHashSet.LoadFile("nsrl.txt"), knownBad: KnownHashSet.LoadFile("bad.sha256"));
/// HashClassification c = classifier.Classify(FileHasher.HashFile(path, [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256]));
/// if (c.Status == KnownHashStatus.KnownBad) Console.WriteLine($"!! Match found with {c.MatchedName} ({c.Hash})");
/// </code>
/// </example>
public sealed class HashClassifier
{
    private static readonly FileHashAlgorithm[] Preference =
    [
        FileHashAlgorithm.Sha512, FileHashAlgorithm.Sha3_512, FileHashAlgorithm.Sha384, FileHashAlgorithm.Sha3_256,
        FileHashAlgorithm.Sha256, FileHashAlgorithm.Blake3, FileHashAlgorithm.Sha1, FileHashAlgorithm.Md5,
        FileHashAlgorithm.XxHash128, FileHashAlgorithm.XxHash3, FileHashAlgorithm.Crc32,
    ];

    private readonly IKnownHashLookup? _good;
    private readonly IKnownHashLookup? _bad;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="knownGood">The known-good set, or null.</param>
    /// <param name="knownBad">The known-bad set, or null.</param>
    public HashClassifier(IKnownHashLookup? knownGood, IKnownHashLookup? knownBad)
    {
        _good = knownGood;
        _bad = knownBad;
    }

    /// <summary>Classifies a file's digests.</summary>
    /// <param name="digests">The digests (one or more algorithms).</param>
    /// <returns>KnownBad when any shared algorithm matches the bad set, else KnownGood when one matches the good set, else Unknown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="digests"/> is null.</exception>
    public HashClassification Classify(HashDigests digests)
    {
        ArgumentNullException.ThrowIfNull(digests);
        return Match(_bad, digests, KnownHashStatus.KnownBad)
            ?? Match(_good, digests, KnownHashStatus.KnownGood)
            ?? HashClassification.UnknownResult;
    }

    private static HashClassification? Match(IKnownHashLookup? set, HashDigests digests, KnownHashStatus status)
    {
        if (set is null)
        {
            return null;
        }

        var available = set.Algorithms;
        foreach (var algorithm in Preference)
        {
            if (available.Contains(algorithm) && digests.TryGetDigest(algorithm, out var digest)
                && set.TryLookup(algorithm, digest.Span, out string? name))
            {
                return new HashClassification(status, name, algorithm, Convert.ToHexStringLower(digest.Span));
            }
        }

        return null;
    }
}
