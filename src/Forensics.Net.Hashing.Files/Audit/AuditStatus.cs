namespace Forensics.Net.Hashing.Files;

/// <summary>The outcome of one file in an audit (as <c>hashdeep -a -k</c> and <c>-x</c> report them).</summary>
public enum AuditStatus
{
    /// <summary>Same path, same digests.</summary>
    Matched,

    /// <summary>Same path, different digests (or size): the file was modified.</summary>
    Changed,

    /// <summary>The digests match a known entry whose path no longer exists: moved or renamed.</summary>
    Moved,

    /// <summary>Neither the path nor the digests are known (a copy of a known file that still exists is New too, with <see cref="AuditItem.ExpectedPath"/> naming the original).</summary>
    New,

    /// <summary>A known entry whose path is gone and whose digests were not found elsewhere.</summary>
    Missing,
}
