using System.Diagnostics.CodeAnalysis;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// A TLSH digest (128 buckets, 1-byte checksum: 35 bytes, 70 hex digits) and the TLSH distance between two digests.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ToString"/> prints the 70 upper-case hex digits as the <c>tlsh</c> 3.x tool does;
/// <see cref="ToVersionedString"/> adds the <c>T1</c> prefix of TLSH 4.x (VirusTotal, MISP, py-tlsh 4.5+).
/// <see cref="Parse"/> accepts both, in either case.
/// </para>
/// <para>
/// <see cref="GetDistance"/> is TLSH's <c>totalDiff</c>: 0 for identical digests, growing without a fixed
/// upper bound (values under about 100 usually mean related inputs). The header counts the difference of the
/// log-scaled lengths (1 when adjacent, 12 per step beyond; left out with <c>includeLength: false</c>,
/// like <c>tlsh -xlen</c>), of the two quartile ratios (circular on 16 values), 1 for a different checksum, and each
/// of the 128 two-bit bucket codes adds its difference, 6 when the codes are 0 and 3.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var a = TlshDigest.Parse("T18B11ED267A0243B005D007D07D9664EAAB0E87E3B36E90D5781E01AE63A681493FF228");
/// int distance = a.GetDistance(TlshHasher.HashFile("suspect.bin"));
/// </code>
/// </example>
public sealed class TlshDigest : IEquatable<TlshDigest>
{
    /// <summary>The digest length in bytes.</summary>
    public const int Length = 35;

    /// <summary>The version prefix TLSH 4.x writes before the hex digits.</summary>
    public const string VersionPrefix = "T1";

    private readonly byte[] _raw;

    /// <summary>Initializes a new instance from the 35 bytes in display order (as the hex digits read).</summary>
    /// <param name="bytes">The digest bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 35 bytes long.</exception>
    public TlshDigest(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A TLSH digest has {Length} bytes, not {bytes.Length}.", nameof(bytes));
        }

        _raw = bytes.ToArray();
    }

    internal TlshDigest(byte[] raw, bool owned)
    {
        _ = owned;
        _raw = raw;
    }

    /// <summary>Gets the checksum byte.</summary>
    public byte Checksum => Swap(_raw[0]);

    /// <summary>Gets the log-scaled length byte.</summary>
    public byte LengthCode => Swap(_raw[1]);

    /// <summary>Gets the ratio of the first to the third quartile, ×100 modulo 16.</summary>
    public int Q1Ratio => _raw[2] >> 4;

    /// <summary>Gets the ratio of the second to the third quartile, ×100 modulo 16.</summary>
    public int Q2Ratio => _raw[2] & 0x0F;

    /// <summary>Gets the 35 bytes in display order.</summary>
    public ReadOnlyMemory<byte> Bytes => _raw;

    /// <summary>Parses 70 hex digits, with or without the <c>T1</c> prefix, in either case.</summary>
    /// <param name="text">The digest text.</param>
    /// <param name="digest">The digest when the text is one.</param>
    /// <returns><see langword="true"/> when the text is a TLSH digest.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out TlshDigest? digest) =>
        TryParse(text.AsSpan(), out digest);

    /// <summary>Parses 70 hex digits, with or without the <c>T1</c> prefix, in either case.</summary>
    /// <param name="text">The digest text.</param>
    /// <param name="digest">The digest when the text is one.</param>
    /// <returns><see langword="true"/> when the text is a TLSH digest.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out TlshDigest? digest)
    {
        digest = null;
        if (text.Length == (2 * Length) + 2 && (text[0] is 'T' or 't') && text[1] == '1')
        {
            text = text[2..];
        }

        if (text.Length != 2 * Length)
        {
            return false;
        }

        byte[] raw = new byte[Length];
        for (int i = 0; i < Length; i++)
        {
            int hi = HexValue(text[2 * i]), lo = HexValue(text[(2 * i) + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }

            raw[i] = (byte)((hi << 4) | lo);
        }

        digest = new TlshDigest(raw, owned: true);
        return true;
    }

    /// <summary>Parses 70 hex digits, with or without the <c>T1</c> prefix.</summary>
    /// <param name="text">The digest text.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not a TLSH digest.</exception>
    public static TlshDigest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var digest)
            ? digest
            : throw new FormatException($"'{(text.Length > 100 ? text[..100] + "…" : text)}' is not a TLSH digest (70 hex digits, optionally after T1).");
    }

    /// <summary>Gets the TLSH distance to <paramref name="other"/>, as <c>tlsh -c</c> prints it.</summary>
    /// <param name="other">The other digest.</param>
    /// <param name="includeLength"><see langword="false"/> to leave the length out, like <c>tlsh -xlen</c>.</param>
    /// <returns>0 for identical digests; larger is less similar.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public int GetDistance(TlshDigest other, bool includeLength = true)
    {
        ArgumentNullException.ThrowIfNull(other);
        byte[] a = _raw, b = other._raw;
        int diff = 0;
        if (includeLength)
        {
            int ldiff = ModDiff(LengthCode, other.LengthCode, 256);
            diff += ldiff <= 1 ? ldiff : ldiff * 12;
        }

        int q1 = ModDiff(Q1Ratio, other.Q1Ratio, 16);
        diff += q1 <= 1 ? q1 : (q1 - 1) * 12;
        int q2 = ModDiff(Q2Ratio, other.Q2Ratio, 16);
        diff += q2 <= 1 ? q2 : (q2 - 1) * 12;
        if (a[0] != b[0])
        {
            diff++;
        }

        ReadOnlySpan<byte> table = CodeDistance;
        for (int i = 3; i < Length; i++)
        {
            diff += table[(a[i] << 8) | b[i]];
        }

        return diff;
    }

    /// <summary>Returns the 70 upper-case hex digits, as the <c>tlsh</c> 3.x tool prints them.</summary>
    /// <returns>The digest text.</returns>
    public override string ToString() => Convert.ToHexString(_raw);

    /// <summary>Returns <c>T1</c> and the 70 upper-case hex digits, as TLSH 4.x prints them.</summary>
    /// <returns>The digest text with its version prefix.</returns>
    public string ToVersionedString() => VersionPrefix + Convert.ToHexString(_raw);

    /// <inheritdoc/>
    public bool Equals([NotNullWhen(true)] TlshDigest? other) => other is not null && _raw.AsSpan().SequenceEqual(other._raw);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => Equals(obj as TlshDigest);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_raw);
        return hash.ToHashCode();
    }

    internal ReadOnlySpan<byte> Raw => _raw;

    private static readonly byte[] CodeDistance = BuildCodeDistance();

    private static byte[] BuildCodeDistance()
    {
        byte[] table = new byte[256 * 256];
        for (int x = 0; x < 256; x++)
        {
            for (int y = 0; y < 256; y++)
            {
                int d = 0;
                for (int j = 0; j < 4; j++)
                {
                    int e = Math.Abs(((x >> (2 * j)) & 3) - ((y >> (2 * j)) & 3));
                    d += e == 3 ? 6 : e;
                }

                table[(x << 8) | y] = (byte)d;
            }
        }

        return table;
    }

    private static int ModDiff(int x, int y, int range)
    {
        int dl, dr;
        if (y > x)
        {
            dl = y - x;
            dr = x + range - y;
        }
        else
        {
            dl = x - y;
            dr = y + range - x;
        }

        return dl > dr ? dr : dl;
    }

    private static byte Swap(byte b) => (byte)((b >> 4) | (b << 4));

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
