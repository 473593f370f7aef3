using System.Security.Cryptography;

namespace Forensics.Net.Hashing.Files;

/// <summary>The hash algorithms this package computes and reads.</summary>
/// <remarks>
/// Cryptographic algorithms use .NET's own implementations (OpenSSL on Linux, CNG on Windows);
/// CRC32, XXH3-64 and XXH128 come from System.IO.Hashing; BLAKE3 from the fully managed Blake3 package.
/// SHA-3 depends on the platform: check <see cref="FileHashAlgorithms.IsSupported"/>.
/// </remarks>
public enum FileHashAlgorithm
{
    /// <summary>MD5 (RFC 1321), 16 bytes. Broken for collisions; kept for compatibility with existing hash sets.</summary>
    Md5 = 1,

    /// <summary>SHA-1 (FIPS 180-4), 20 bytes.</summary>
    Sha1 = 2,

    /// <summary>SHA-256 (FIPS 180-4), 32 bytes.</summary>
    Sha256 = 3,

    /// <summary>SHA-384 (FIPS 180-4), 48 bytes.</summary>
    Sha384 = 4,

    /// <summary>SHA-512 (FIPS 180-4), 64 bytes.</summary>
    Sha512 = 5,

    /// <summary>SHA3-256 (FIPS 202), 32 bytes; only where <see cref="SHA3_256.IsSupported"/>.</summary>
    Sha3_256 = 6,

    /// <summary>SHA3-512 (FIPS 202), 64 bytes; only where <see cref="SHA3_512.IsSupported"/>.</summary>
    Sha3_512 = 7,

    /// <summary>CRC-32 (IEEE 802.3, as zlib and rhash), 4 bytes written big-endian like <c>rhash --crc32</c>.</summary>
    Crc32 = 8,

    /// <summary>XXH3 64-bit (seed 0), 8 bytes big-endian as <c>xxhsum -H3</c> prints it.</summary>
    XxHash3 = 9,

    /// <summary>XXH128 (seed 0), 16 bytes big-endian as <c>xxhsum -H2</c> prints it.</summary>
    XxHash128 = 10,

    /// <summary>BLAKE3, 32-byte default output as <c>b3sum</c> prints it.</summary>
    Blake3 = 11,

    /// <summary>
    /// ssdeep context-triggered piecewise hash (<see cref="SsdeepDigest"/>), a similarity digest: its bytes are the ASCII text
    /// <c>blocksize:hash1:hash2</c> that <c>ssdeep</c> 2.14.1 prints (variable length), and <see cref="HashDigests.GetHex"/> returns that text.
    /// </summary>
    Ssdeep = 12,

    /// <summary>
    /// TLSH (<see cref="TlshDigest"/>), a similarity digest: its bytes are the ASCII text of the 70 upper-case hex digits the
    /// <c>tlsh</c> tool prints, or <c>TNULL</c> (as TLSH 4.x prints it) for inputs under 256 bytes or with too little variety.
    /// </summary>
    Tlsh = 13,
}
