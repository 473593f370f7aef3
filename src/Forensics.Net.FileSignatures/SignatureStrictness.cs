namespace Forensics.Net.FileSignatures;

/// <summary>How damaged containers are handled. <see cref="FileTypeDetectorOptions.Strictness"/> defaults to <see cref="Lenient"/>.</summary>
public enum SignatureStrictness
{
    /// <summary>Damage in a container directory (ZIP central directory, CFB FAT/directory) throws <see cref="FileSignatureException"/>.</summary>
    Strict = 0,

    /// <summary>Damage is recorded in <see cref="FileTypeResult.Issues"/> and detection falls back to what could be read.</summary>
    Lenient = 1,
}
