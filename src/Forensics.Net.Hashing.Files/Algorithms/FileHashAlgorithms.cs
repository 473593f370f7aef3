using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Forensics.Net.Hashing.Files;

/// <summary>Names, digest sizes, platform support and parsing of <see cref="FileHashAlgorithm"/> values.</summary>
/// <example>
/// <code>
/// IReadOnlyList&lt;FileHashAlgorithm&gt; algorithms = FileHashAlgorithms.ParseList("md5,sha256");
/// string name = FileHashAlgorithms.GetName(FileHashAlgorithm.Sha256); // "sha256"
/// </code>
/// </example>
public static class FileHashAlgorithms
{
    private static readonly FileHashAlgorithm[] AllValues =
    [
        FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256, FileHashAlgorithm.Sha384,
        FileHashAlgorithm.Sha512, FileHashAlgorithm.Sha3_256, FileHashAlgorithm.Sha3_512, FileHashAlgorithm.Crc32,
        FileHashAlgorithm.XxHash3, FileHashAlgorithm.XxHash128, FileHashAlgorithm.Blake3, FileHashAlgorithm.Ssdeep,
        FileHashAlgorithm.Tlsh,
    ];

    /// <summary>Gets every algorithm, supported on this platform or not, in enum order.</summary>
    public static IReadOnlyList<FileHashAlgorithm> All => AllValues;

    /// <summary>Gets the canonical lower-case name: md5, sha1, sha256, sha384, sha512, sha3-256, sha3-512, crc32, xxh3, xxh128, blake3, ssdeep, tlsh.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The name used by <see cref="Parse"/>, hashdeep headers, CSV and JSON field names.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
    public static string GetName(FileHashAlgorithm algorithm) => algorithm switch
    {
        FileHashAlgorithm.Md5 => "md5",
        FileHashAlgorithm.Sha1 => "sha1",
        FileHashAlgorithm.Sha256 => "sha256",
        FileHashAlgorithm.Sha384 => "sha384",
        FileHashAlgorithm.Sha512 => "sha512",
        FileHashAlgorithm.Sha3_256 => "sha3-256",
        FileHashAlgorithm.Sha3_512 => "sha3-512",
        FileHashAlgorithm.Crc32 => "crc32",
        FileHashAlgorithm.XxHash3 => "xxh3",
        FileHashAlgorithm.XxHash128 => "xxh128",
        FileHashAlgorithm.Blake3 => "blake3",
        FileHashAlgorithm.Ssdeep => "ssdeep",
        FileHashAlgorithm.Tlsh => "tlsh",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown hash algorithm."),
    };

    /// <summary>Gets the BSD tag name (<c>MD5</c>, <c>SHA256</c>, <c>SHA3-256</c>, <c>BLAKE3</c>...) as coreutils <c>--tag</c> and <c>rhash --bsd</c> write it.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The upper-case tag.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
    public static string GetBsdTag(FileHashAlgorithm algorithm) => algorithm switch
    {
        FileHashAlgorithm.XxHash3 => "XXH3",
        FileHashAlgorithm.XxHash128 => "XXH128",
        _ => GetName(algorithm).ToUpperInvariant(),
    };

    /// <summary>Gets the digest length in bytes.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>16 for MD5, 20 for SHA-1, 32 for SHA-256, SHA3-256 and BLAKE3, and so on; 0 for the similarity digests (<see cref="IsSimilarityDigest"/>), whose text varies in length.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
    public static int GetDigestLength(FileHashAlgorithm algorithm) => algorithm switch
    {
        FileHashAlgorithm.Md5 => 16,
        FileHashAlgorithm.Sha1 => 20,
        FileHashAlgorithm.Sha256 => 32,
        FileHashAlgorithm.Sha384 => 48,
        FileHashAlgorithm.Sha512 => 64,
        FileHashAlgorithm.Sha3_256 => 32,
        FileHashAlgorithm.Sha3_512 => 64,
        FileHashAlgorithm.Crc32 => 4,
        FileHashAlgorithm.XxHash3 => 8,
        FileHashAlgorithm.XxHash128 => 16,
        FileHashAlgorithm.Blake3 => 32,
        FileHashAlgorithm.Ssdeep or FileHashAlgorithm.Tlsh => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown hash algorithm."),
    };

    /// <summary>Gets whether <paramref name="algorithm"/> is a similarity digest (ssdeep, TLSH): text compared by score or distance, not by equality.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns><see langword="true"/> for <see cref="FileHashAlgorithm.Ssdeep"/> and <see cref="FileHashAlgorithm.Tlsh"/>.</returns>
    public static bool IsSimilarityDigest(FileHashAlgorithm algorithm) => algorithm is FileHashAlgorithm.Ssdeep or FileHashAlgorithm.Tlsh;

    /// <summary>Gets whether this platform can compute <paramref name="algorithm"/> (SHA-3 needs OpenSSL 1.1.1+ or Windows 11 build 25324+).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns><see langword="true"/> when hashing with it works here; reading and writing hash files works everywhere.</returns>
    public static bool IsSupported(FileHashAlgorithm algorithm) => algorithm switch
    {
        FileHashAlgorithm.Sha3_256 => SHA3_256.IsSupported,
        FileHashAlgorithm.Sha3_512 => SHA3_512.IsSupported,
        _ => Enum.IsDefined(algorithm),
    };

    /// <summary>The one validation of an algorithm list (hashers and writers): duplicates removed, at least one, and each supported on this platform when <paramref name="requireSupported"/>.</summary>
    internal static FileHashAlgorithm[] ValidateList(IEnumerable<FileHashAlgorithm> algorithms, bool requireSupported, string paramName = "algorithms")
    {
        ArgumentNullException.ThrowIfNull(algorithms, paramName);
        var list = algorithms.Distinct().ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one algorithm is needed.", paramName);
        }

        if (requireSupported)
        {
            foreach (var algorithm in list)
            {
                EnsureSupported(algorithm);
            }
        }

        return list;
    }

    /// <summary>Throws <see cref="PlatformNotSupportedException"/> naming the algorithm when it cannot be computed here.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <exception cref="PlatformNotSupportedException">The platform's cryptography library does not provide it (SHA-3 on old OpenSSL, macOS, older Windows).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
    public static void EnsureSupported(FileHashAlgorithm algorithm)
    {
        if (!Enum.IsDefined(algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown hash algorithm.");
        }

        if (!IsSupported(algorithm))
        {
            throw new PlatformNotSupportedException(
                $"{GetName(algorithm)} is not supported on this platform (the system cryptography library does not provide SHA-3).");
        }
    }

    /// <summary>Parses one algorithm name, case-insensitively, accepting common spellings (<c>SHA-256</c>, <c>sha3_256</c>, <c>b3</c>, <c>xxh3-64</c>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="algorithm">The algorithm when the name is known.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out FileHashAlgorithm algorithm)
    {
        algorithm = default;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        string n = name.Trim().ToUpperInvariant().Replace("_", "-", StringComparison.Ordinal);
        FileHashAlgorithm? found = n switch
        {
            "MD5" => FileHashAlgorithm.Md5,
            "SHA1" or "SHA-1" => FileHashAlgorithm.Sha1,
            "SHA256" or "SHA-256" or "SHA2-256" => FileHashAlgorithm.Sha256,
            "SHA384" or "SHA-384" or "SHA2-384" => FileHashAlgorithm.Sha384,
            "SHA512" or "SHA-512" or "SHA2-512" => FileHashAlgorithm.Sha512,
            "SHA3-256" or "SHA3256" => FileHashAlgorithm.Sha3_256,
            "SHA3-512" or "SHA3512" => FileHashAlgorithm.Sha3_512,
            "CRC32" or "CRC-32" => FileHashAlgorithm.Crc32,
            "XXH3" or "XXH3-64" or "XXH64-3" or "XXHASH3" => FileHashAlgorithm.XxHash3,
            "XXH128" or "XXH3-128" or "XXHASH128" => FileHashAlgorithm.XxHash128,
            "BLAKE3" or "B3" => FileHashAlgorithm.Blake3,
            "SSDEEP" or "CTPH" or "FUZZY" => FileHashAlgorithm.Ssdeep,
            "TLSH" => FileHashAlgorithm.Tlsh,
            _ => null,
        };
        if (found is null)
        {
            return false;
        }

        algorithm = found.Value;
        return true;
    }

    /// <summary>Parses one algorithm name (see <see cref="TryParse"/>).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The algorithm.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="FormatException">The name is not a known algorithm.</exception>
    public static FileHashAlgorithm Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out var algorithm)
            ? algorithm
            : throw new FormatException($"Unknown hash algorithm '{name}'. Known: {string.Join(",", AllValues.Select(GetName))}.");
    }

    /// <summary>Parses a comma-separated list such as <c>"md5,sha1,sha256"</c>; duplicates are removed and order is kept.</summary>
    /// <param name="names">The list.</param>
    /// <returns>The algorithms, at least one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> is null.</exception>
    /// <exception cref="FormatException">A name is unknown or the list is empty.</exception>
    public static IReadOnlyList<FileHashAlgorithm> ParseList(string names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var result = new List<FileHashAlgorithm>();
        foreach (string part in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var algorithm = Parse(part);
            if (!result.Contains(algorithm))
            {
                result.Add(algorithm);
            }
        }

        return result.Count > 0 ? result : throw new FormatException("The algorithm list is empty.");
    }

    /// <summary>Formats algorithms as a comma-separated list of canonical names (the inverse of <see cref="ParseList"/>).</summary>
    /// <param name="algorithms">The algorithms.</param>
    /// <returns>For example <c>"md5,sha256"</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="algorithms"/> is null.</exception>
    public static string FormatList(IEnumerable<FileHashAlgorithm> algorithms)
    {
        ArgumentNullException.ThrowIfNull(algorithms);
        return string.Join(",", algorithms.Select(GetName));
    }

    /// <summary>Guesses the algorithm from a digest length in bytes for hash lists that do not name it.</summary>
    /// <param name="length">The digest length in bytes.</param>
    /// <param name="algorithm">The most common algorithm of that length (32 → SHA-256, 16 → MD5, 20 → SHA-1, 64 → SHA-512, 48 → SHA-384, 4 → CRC32, 8 → XXH3).</param>
    /// <returns><see langword="false"/> when no algorithm has that length.</returns>
    /// <remarks>No throwing counterpart: several lengths name no algorithm and some name several, so a guess that fails is an answer; <see cref="Parse"/> is the throwing way to name one.</remarks>
    public static bool TryGuessFromDigestLength(int length, out FileHashAlgorithm algorithm)
    {
        FileHashAlgorithm? guess = length switch
        {
            16 => FileHashAlgorithm.Md5,
            20 => FileHashAlgorithm.Sha1,
            32 => FileHashAlgorithm.Sha256,
            48 => FileHashAlgorithm.Sha384,
            64 => FileHashAlgorithm.Sha512,
            4 => FileHashAlgorithm.Crc32,
            8 => FileHashAlgorithm.XxHash3,
            _ => null,
        };
        algorithm = guess ?? default;
        return guess is not null;
    }

    /// <summary>Relative CPU cost per byte, used to spread algorithms over cores.</summary>
    internal static double Cost(FileHashAlgorithm algorithm) => algorithm switch
    {
        FileHashAlgorithm.Md5 => 1.6,
        FileHashAlgorithm.Sha1 => 0.65,
        FileHashAlgorithm.Sha256 => 0.7,
        FileHashAlgorithm.Sha384 or FileHashAlgorithm.Sha512 => 1.7,
        FileHashAlgorithm.Sha3_256 => 2.5,
        FileHashAlgorithm.Sha3_512 => 4.5,
        FileHashAlgorithm.Blake3 => 0.8,
        FileHashAlgorithm.Ssdeep => 1.2,
        FileHashAlgorithm.Tlsh => 2.0,
        _ => 0.1,
    };
}
