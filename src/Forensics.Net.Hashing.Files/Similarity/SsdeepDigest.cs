using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// An ssdeep (CTPH) digest <c>blocksize:hash1:hash2</c>, and the ssdeep similarity score between two digests.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Hash1"/> summarises the input in pieces of about <see cref="BlockSize"/> bytes (at most 64
/// characters), <see cref="Hash2"/> in pieces of about twice that (at most 32 for digests ssdeep writes,
/// 64 accepted). Digests whose block sizes are equal or differ by a factor of two can be compared.
/// </para>
/// <para>
/// <see cref="GetSimilarity"/> gives the score of libfuzzy's <c>fuzzy_compare</c> as <c>ssdeep -m</c>,
/// <c>-d</c> and <c>-x</c> print it: runs of more than three equal characters are cut to three, two signature
/// strings are only compared when they share a substring of 7 characters, the weighted edit distance
/// (insert and delete 1, replace 2) is scaled by the string lengths to 0–100, and for block sizes below 45
/// the score is capped at <c>blocksize / 3 × min(length1, length2)</c> so that short inputs do not look alike
/// by accident.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var a = SsdeepDigest.Parse("96:iHUumTETciZKyccvaWnBoCQz2jQJxcBWp2tCWUEnMvN:ynciZPvdnfQM8xcroTj");
/// var b = SsdeepHasher.HashFile("suspect.bin");
/// int score = a.GetSimilarity(b); // 0 (unrelated) … 100 (same)
/// </code>
/// </example>
public sealed class SsdeepDigest : IEquatable<SsdeepDigest>
{
    private const int MaxHashLength = SsdeepHasher.SpamSumLength;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="blockSize">The block size, 3 × 2^k.</param>
    /// <param name="hash1">The signature for the block size: up to 64 base64 characters.</param>
    /// <param name="hash2">The signature for twice the block size: up to 64 base64 characters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hash1"/> or <paramref name="hash2"/> is null.</exception>
    /// <exception cref="ArgumentException">A signature is too long or holds a character outside the base64 alphabet, or the block size is 0.</exception>
    public SsdeepDigest(uint blockSize, string hash1, string hash2)
    {
        ArgumentNullException.ThrowIfNull(hash1);
        ArgumentNullException.ThrowIfNull(hash2);
        if (blockSize == 0)
        {
            throw new ArgumentException("The block size must be positive.", nameof(blockSize));
        }

        if (!IsSignature(hash1))
        {
            throw new ArgumentException("hash1 must be at most 64 base64 characters.", nameof(hash1));
        }

        if (!IsSignature(hash2))
        {
            throw new ArgumentException("hash2 must be at most 64 base64 characters.", nameof(hash2));
        }

        BlockSize = blockSize;
        Hash1 = hash1;
        Hash2 = hash2;
    }

    /// <summary>Gets the block size.</summary>
    public uint BlockSize { get; }

    /// <summary>Gets the signature for <see cref="BlockSize"/>.</summary>
    public string Hash1 { get; }

    /// <summary>Gets the signature for twice <see cref="BlockSize"/>.</summary>
    public string Hash2 { get; }

    /// <summary>Parses <c>blocksize:hash1:hash2</c>; anything from a comma on (the file name of an <c>ssdeep</c> line) is ignored.</summary>
    /// <param name="text">The digest text.</param>
    /// <param name="digest">The digest when the text is well formed.</param>
    /// <returns><see langword="true"/> when the text is a digest.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SsdeepDigest? digest) =>
        TryParse(text.AsSpan(), out digest);

    /// <summary>Parses <c>blocksize:hash1:hash2</c>; anything from a comma on is ignored.</summary>
    /// <param name="text">The digest text.</param>
    /// <param name="digest">The digest when the text is well formed.</param>
    /// <returns><see langword="true"/> when the text is a digest.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SsdeepDigest? digest)
    {
        digest = null;
        int comma = text.IndexOf(',');
        if (comma >= 0)
        {
            text = text[..comma];
        }

        int c1 = text.IndexOf(':');
        if (c1 <= 0)
        {
            return false;
        }

        var bsText = text[..c1];
        foreach (char ch in bsText)
        {
            if (ch is < '0' or > '9')
            {
                return false;
            }
        }

        if (!uint.TryParse(bsText, NumberStyles.None, CultureInfo.InvariantCulture, out uint blockSize) || blockSize == 0)
        {
            return false;
        }

        var rest = text[(c1 + 1)..];
        int c2 = rest.IndexOf(':');
        if (c2 < 0)
        {
            return false;
        }

        var h1 = rest[..c2];
        var h2 = rest[(c2 + 1)..];
        if (!IsSignature(h1) || !IsSignature(h2))
        {
            return false;
        }

        digest = new SsdeepDigest(blockSize, h1.ToString(), h2.ToString(), validated: true);
        return true;
    }

    /// <summary>Parses <c>blocksize:hash1:hash2</c> (see <see cref="TryParse(string?, out SsdeepDigest?)"/>).</summary>
    /// <param name="text">The digest text.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not an ssdeep digest.</exception>
    public static SsdeepDigest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var digest)
            ? digest
            : throw new FormatException($"'{(text.Length > 200 ? text[..200] + "…" : text)}' is not an ssdeep digest (blocksize:hash1:hash2).");
    }

    /// <summary>Gets the ssdeep similarity score between this digest and <paramref name="other"/>, as <c>ssdeep -m</c> prints it.</summary>
    /// <param name="other">The other digest.</param>
    /// <returns>0 (no similarity, or block sizes that cannot be compared) to 100 (identical signatures).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public int GetSimilarity(SsdeepDigest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return SsdeepComparer.Score(BlockSize, Hash1, Hash2, other.BlockSize, other.Hash1, other.Hash2);
    }

    /// <summary>Gets whether block sizes allow a comparison (equal, or one twice the other).</summary>
    /// <param name="other">The other digest.</param>
    /// <returns><see langword="true"/> when <see cref="GetSimilarity"/> can be above 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool IsComparableWith(SsdeepDigest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ulong a = BlockSize, b = other.BlockSize;
        return a == b || a * 2 == b || b * 2 == a;
    }

    /// <summary>Returns <c>blocksize:hash1:hash2</c>, as ssdeep prints it.</summary>
    /// <returns>The digest text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{BlockSize}:{Hash1}:{Hash2}");

    /// <inheritdoc/>
    public bool Equals([NotNullWhen(true)] SsdeepDigest? other) =>
        other is not null && other.BlockSize == BlockSize && other.Hash1 == Hash1 && other.Hash2 == Hash2;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => Equals(obj as SsdeepDigest);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(BlockSize, Hash1, Hash2);

    internal SsdeepDigest(uint blockSize, string hash1, string hash2, bool validated)
    {
        _ = validated;
        BlockSize = blockSize;
        Hash1 = hash1;
        Hash2 = hash2;
    }

    private static bool IsSignature(ReadOnlySpan<char> s)
    {
        if (s.Length > MaxHashLength)
        {
            return false;
        }

        foreach (char ch in s)
        {
            if (!(ch is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/'))
            {
                return false;
            }
        }

        return true;
    }
}
