namespace Forensics.Net.Hashing.Files;

/// <summary>The verdict of <see cref="HashClassifier"/>.</summary>
public enum KnownHashStatus
{
    /// <summary>In neither set.</summary>
    Unknown = 0,

    /// <summary>In the known-good set (NSRL and the like) and not in the known-bad set.</summary>
    KnownGood,

    /// <summary>In the known-bad set (checked first, so a hash in both sets is KnownBad).</summary>
    KnownBad,
}
