namespace Forensics.Net.Hashing.Files;

/// <summary>The result of checking one hash-file entry against the file system (<c>sha256sum -c</c>).</summary>
public enum VerifyStatus
{
    /// <summary>The file's digests equal the entry's.</summary>
    Ok,

    /// <summary>The digests differ.</summary>
    Failed,

    /// <summary>The file does not exist.</summary>
    Missing,

    /// <summary>The file could not be read (<see cref="VerifyResult.Message"/> says why).</summary>
    Error,
}
