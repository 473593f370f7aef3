using System.Text;

namespace Forensics.Net.Hashing.Files;

/// <summary>ssdeep in the multi-hash pass: the digest bytes are the ASCII text ssdeep prints.</summary>
internal sealed class SsdeepSink() : HashSink(FileHashAlgorithm.Ssdeep)
{
    private readonly SsdeepHasher _hasher = new();

    public override void Append(ReadOnlySpan<byte> data) => _hasher.Append(data);

    public override byte[] Finish() => Encoding.ASCII.GetBytes(_hasher.GetDigestAndReset().ToString());
}

/// <summary>TLSH in the multi-hash pass: the digest bytes are the ASCII hex the tlsh tool prints, or <c>TNULL</c>.</summary>
internal sealed class TlshSink() : HashSink(FileHashAlgorithm.Tlsh)
{
    private readonly TlshHasher _hasher = new();

    public override void Append(ReadOnlySpan<byte> data) => _hasher.Append(data);

    public override byte[] Finish() =>
        Encoding.ASCII.GetBytes(_hasher.TryGetDigestAndReset(out var digest) ? digest.ToString() : SimilaritySinks.TlshNull);
}

/// <summary>Shared rules of the similarity digest texts.</summary>
internal static class SimilaritySinks
{
    /// <summary>The text of a missing TLSH digest, as TLSH 4.x prints it.</summary>
    public const string TlshNull = "TNULL";

    public static bool IsValidText(FileHashAlgorithm algorithm, ReadOnlySpan<byte> text)
    {
        if (text.Length > 200)
        {
            return false;
        }

        string s = Encoding.ASCII.GetString(text);
        return algorithm == FileHashAlgorithm.Ssdeep
            ? SsdeepDigest.TryParse(s, out _) && !s.Contains(',', StringComparison.Ordinal)
            : s == TlshNull || TlshDigest.TryParse(s, out _);
    }
}
