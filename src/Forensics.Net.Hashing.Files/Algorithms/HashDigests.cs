using System.Collections;

namespace Forensics.Net.Hashing.Files;

/// <summary>The digests of one input for one or more algorithms, and how many bytes were hashed.</summary>
/// <example>
/// <code>
/// HashDigests d = FileHasher.HashFile("evidence.bin", [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha256]);
/// Console.WriteLine($"{d.GetHex(FileHashAlgorithm.Sha256)}  {d.Length} bytes");
/// </code>
/// </example>
public sealed class HashDigests : IEnumerable<KeyValuePair<FileHashAlgorithm, ReadOnlyMemory<byte>>>
{
    private readonly FileHashAlgorithm[] _algorithms;
    private readonly byte[][] _digests;

    /// <summary>Initializes a new instance from digests (for example read from a hash file).</summary>
    /// <param name="digests">Digest per algorithm; each must have the algorithm's length. The arrays are copied.</param>
    /// <param name="length">The number of bytes hashed, or -1 when unknown.</param>
    /// <exception cref="ArgumentNullException"><paramref name="digests"/> is null.</exception>
    /// <exception cref="ArgumentException">A digest has the wrong length or an algorithm appears twice.</exception>
    public HashDigests(IEnumerable<KeyValuePair<FileHashAlgorithm, byte[]>> digests, long length = -1)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var algorithms = new List<FileHashAlgorithm>();
        var values = new List<byte[]>();
        foreach (var (algorithm, digest) in digests)
        {
            ArgumentNullException.ThrowIfNull(digest, nameof(digests));
            if (FileHashAlgorithms.IsSimilarityDigest(algorithm))
            {
                if (!SimilaritySinks.IsValidText(algorithm, digest))
                {
                    throw new ArgumentException($"Not a {FileHashAlgorithms.GetName(algorithm)} digest text.", nameof(digests));
                }
            }
            else if (digest.Length != FileHashAlgorithms.GetDigestLength(algorithm))
            {
                throw new ArgumentException(
                    $"A {FileHashAlgorithms.GetName(algorithm)} digest has {FileHashAlgorithms.GetDigestLength(algorithm)} bytes, not {digest.Length}.",
                    nameof(digests));
            }

            if (algorithms.Contains(algorithm))
            {
                throw new ArgumentException($"{FileHashAlgorithms.GetName(algorithm)} appears twice.", nameof(digests));
            }

            algorithms.Add(algorithm);
            values.Add((byte[])digest.Clone());
        }

        _algorithms = [.. algorithms];
        _digests = [.. values];
        Length = length < 0 ? -1 : length;
    }

    internal HashDigests(FileHashAlgorithm[] algorithms, byte[][] digests, long length)
    {
        _algorithms = algorithms;
        _digests = digests;
        Length = length;
    }

    /// <summary>Gets the number of bytes hashed, or -1 when unknown (digests read from a file without sizes).</summary>
    public long Length { get; }

    /// <summary>Gets the algorithms present, in the order they were requested.</summary>
    public IReadOnlyList<FileHashAlgorithm> Algorithms => _algorithms;

    /// <summary>Gets the number of digests.</summary>
    public int Count => _algorithms.Length;

    /// <summary>Gets whether a digest for <paramref name="algorithm"/> is present.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(FileHashAlgorithm algorithm) => Array.IndexOf(_algorithms, algorithm) >= 0;

    /// <summary>Gets the digest for <paramref name="algorithm"/> when present.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="digest">The digest bytes (big-endian / canonical display order).</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetDigest(FileHashAlgorithm algorithm, out ReadOnlyMemory<byte> digest)
    {
        int i = Array.IndexOf(_algorithms, algorithm);
        digest = i >= 0 ? _digests[i] : default;
        return i >= 0;
    }

    /// <summary>Gets the digest for <paramref name="algorithm"/>.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The digest bytes.</returns>
    /// <exception cref="KeyNotFoundException">No digest for that algorithm.</exception>
    public ReadOnlyMemory<byte> GetDigest(FileHashAlgorithm algorithm) =>
        TryGetDigest(algorithm, out var digest)
            ? digest
            : throw new KeyNotFoundException($"No {FileHashAlgorithms.GetName(algorithm)} digest.");

    /// <summary>Gets the digest for <paramref name="algorithm"/> as lower-case hex, as every tool prints it; for the similarity digests (ssdeep, TLSH) the text the tool prints.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The hex string (ssdeep: <c>blocksize:hash1:hash2</c>; TLSH: 70 upper-case hex digits or <c>TNULL</c>).</returns>
    /// <exception cref="KeyNotFoundException">No digest for that algorithm.</exception>
    public string GetHex(FileHashAlgorithm algorithm) => Format(algorithm, GetDigest(algorithm).Span);

    /// <summary>Returns whether every algorithm present in both has equal digests and at least one is shared.</summary>
    /// <param name="other">The other digests.</param>
    /// <returns><see langword="true"/> when they agree on at least one common algorithm and disagree on none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool Matches(HashDigests other)
    {
        ArgumentNullException.ThrowIfNull(other);
        bool any = false;
        for (int i = 0; i < _algorithms.Length; i++)
        {
            if (other.TryGetDigest(_algorithms[i], out var d))
            {
                if (!d.Span.SequenceEqual(_digests[i]))
                {
                    return false;
                }

                any = true;
            }
        }

        return any;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<FileHashAlgorithm, ReadOnlyMemory<byte>>> GetEnumerator()
    {
        for (int i = 0; i < _algorithms.Length; i++)
        {
            yield return new(_algorithms[i], _digests[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Returns <c>name=hex</c> pairs, for diagnostics.</summary>
    /// <returns>For example <c>md5=… sha256=…</c>.</returns>
    public override string ToString() =>
        string.Join(" ", _algorithms.Select((a, i) => FileHashAlgorithms.GetName(a) + "=" + Format(a, _digests[i])));

    private static string Format(FileHashAlgorithm algorithm, ReadOnlySpan<byte> digest) =>
        FileHashAlgorithms.IsSimilarityDigest(algorithm) ? System.Text.Encoding.ASCII.GetString(digest) : Convert.ToHexStringLower(digest);
}
