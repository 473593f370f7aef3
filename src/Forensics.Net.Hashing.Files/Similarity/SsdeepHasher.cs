using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// Computes ssdeep digests (context-triggered piecewise hashing, CTPH) incrementally, bit for bit as
/// <c>ssdeep</c> 2.14.1 and libfuzzy's <c>fuzzy_digest</c> without flags produce them.
/// </summary>
/// <remarks>
/// <para>
/// The algorithm (Kornblum, "Identifying almost identical files using context triggered piecewise hashing",
/// DFRWS 2006): a rolling hash over a 7-byte window marks piece boundaries wherever its value is
/// <c>-1</c> modulo the block size; each piece is summarised by one base64 character of an FNV-style hash,
/// and the digest holds up to 64 characters for the block size and up to 32 for twice the block size.
/// </para>
/// <para>
/// The input is read once, whatever its length: like libfuzzy's <c>fuzzy_update</c>, every candidate
/// block size from 3 upwards (doubling, 31 sizes) is tracked at the same time, sizes that can no longer be
/// chosen are dropped as the input grows, and the final size is the smallest one whose signature reaches
/// 32 characters, starting from the guess <c>3 × 2^k × 64 ≥ length</c>. Memory is fixed (about 2.5 KB).
/// Inputs up to 3 × 2^30 × 64 bytes (about 206 GB) are accepted, as in libfuzzy.
/// </para>
/// <para>Not thread-safe: one input at a time.</para>
/// </remarks>
/// <example>
/// <code>
/// var hasher = new SsdeepHasher();
/// hasher.Append(File.ReadAllBytes("a.bin"));
/// SsdeepDigest digest = hasher.GetDigestAndReset();
/// Console.WriteLine(digest); // 96:iHUumTETciZ...:ynciZPvd...
/// </code>
/// </example>
public sealed class SsdeepHasher
{
    /// <summary>The number of candidate block sizes (3 × 2^0 … 3 × 2^30).</summary>
    internal const int NumBlockHashes = 31;

    /// <summary>The maximum number of characters of the first signature.</summary>
    internal const int SpamSumLength = 64;

    /// <summary>The smallest block size.</summary>
    internal const int MinBlockSize = 3;

    /// <summary>The rolling hash window.</summary>
    internal const int RollingWindow = 7;

    /// <summary>The largest input length libfuzzy accepts.</summary>
    public const long MaxInputLength = (3L << (NumBlockHashes - 1)) * SpamSumLength;

    private const byte HashInit = 0x27; // 0x28021967 & 63: only the low 6 bits of the FNV state reach the digest.
    private const int HalfLane = 32;
    private const int LastHashLane = 31;
    private const int ChunkSize = 16 * 1024;

    /// <summary>The base64 alphabet of the signature characters.</summary>
    internal static ReadOnlySpan<byte> Base64 => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8;

    // Per-byte FNV step on the 6-bit state for each byte value c: SumTable[c * 64 + h] = ((h * 0x01000193) ^ c) & 63.
    private static readonly byte[] SumTable = BuildSumTable();

    // h lanes 0..30, lasth in lane 31, halfh lanes 32..62 (lane 63 unused); updated together with one permute per byte.
    private readonly byte[] _state = new byte[64];
    private readonly byte[] _digest = new byte[NumBlockHashes * SpamSumLength];
    private readonly int[] _dindex = new int[NumBlockHashes];
    private readonly byte[] _halfDigest = new byte[NumBlockHashes];
    private readonly int[] _triggers = new int[ChunkSize];
    private readonly uint[] _triggerSums = new uint[ChunkSize];
    private readonly byte[] _extended = new byte[ChunkSize + RollingWindow];
    private int _bhStart;
    private int _bhEnd;
    private ulong _totalSize;
    private ulong _reduceBorder;
    private bool _needLastHash;

    // Rolling hash state (window of the last 7 bytes).
    private uint _h1;
    private uint _h2;
    private uint _h3;
    private ulong _window; // last 7 bytes, newest in the low byte

    private readonly bool _vector;

    /// <summary>Initializes a new instance, ready for the first input.</summary>
    public SsdeepHasher()
        : this(allowVector: true)
    {
    }

    /// <summary>Initializes a new instance; <paramref name="allowVector"/> false forces the scalar path (tests compare both).</summary>
    internal SsdeepHasher(bool allowVector)
    {
        _vector = allowVector && Avx512Vbmi.IsSupported;
        Reset();
    }

    /// <summary>Gets the number of bytes appended since the last reset.</summary>
    public long BytesHashed => (long)_totalSize;

    /// <summary>Computes the ssdeep digest of <paramref name="data"/>.</summary>
    /// <param name="data">The whole input.</param>
    /// <returns>The digest.</returns>
    public static SsdeepDigest HashData(ReadOnlySpan<byte> data)
    {
        var hasher = new SsdeepHasher();
        hasher.Append(data);
        return hasher.GetDigestAndReset();
    }

    /// <summary>Computes the ssdeep digest of the rest of <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream, read to its end and left open.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <exception cref="InvalidOperationException">The stream holds more than <see cref="MaxInputLength"/> bytes.</exception>
    public static SsdeepDigest HashStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var hasher = new SsdeepHasher();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            hasher.Append(buffer.AsSpan(0, n));
        }

        return hasher.GetDigestAndReset();
    }

    /// <summary>Computes the ssdeep digest of a file, as <c>ssdeep FILE</c> prints it.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Access is denied.</exception>
    /// <exception cref="InvalidOperationException">The file is longer than <see cref="MaxInputLength"/> bytes.</exception>
    public static SsdeepDigest HashFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        return HashStream(stream);
    }

    /// <summary>Appends bytes to the input.</summary>
    /// <param name="data">The bytes.</param>
    public void Append(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            int n = Math.Min(data.Length, ChunkSize);
            AppendChunk(data[..n]);
            data = data[n..];
        }
    }

    /// <summary>Returns the digest of everything appended since the last reset, and resets.</summary>
    /// <returns>The digest.</returns>
    /// <exception cref="InvalidOperationException">More than <see cref="MaxInputLength"/> bytes were appended (the hasher is reset all the same).</exception>
    public SsdeepDigest GetDigestAndReset()
    {
        try
        {
            return Digest();
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Discards the input appended so far.</summary>
    public void Reset()
    {
        Array.Clear(_state);
        _state[0] = HashInit;
        _state[HalfLane] = HashInit;
        _digest[0] = 0;
        _dindex[0] = 0;
        _halfDigest[0] = 0;
        _bhStart = 0;
        _bhEnd = 1;
        _totalSize = 0;
        _reduceBorder = (ulong)MinBlockSize * SpamSumLength;
        _needLastHash = false;
        _h1 = _h2 = _h3 = 0;
        _window = 0;
    }

    private static uint BlockSize(int index) => (uint)MinBlockSize << index;

    private static byte[] BuildSumTable()
    {
        byte[] table = new byte[256 * 64];
        for (int c = 0; c < 256; c++)
        {
            for (int h = 0; h < 64; h++)
            {
                table[(c * 64) + h] = (byte)(((uint)h * 0x01000193u ^ (uint)c) & 63);
            }
        }

        return table;
    }

    private void AppendChunk(ReadOnlySpan<byte> data)
    {
        // Pass 1: the rolling hash at every position; keep the positions where the smallest live block size triggers.
        int count = FindTriggers(data);

        // Pass 2: run the piece hashes of every block size through the bytes between triggers, and act at each trigger.
        int start = 0;
        for (int t = 0; t < count; t++)
        {
            int pos = _triggers[t];
            Advance(data[start..(pos + 1)]);
            start = pos + 1;
            OnTrigger(_triggerSums[t]);
        }

        Advance(data[start..]);
        _totalSize += (ulong)data.Length;
    }

    private int FindTriggers(ReadOnlySpan<byte> data)
    {
        int start = 0, count = 0;
        if (_vector && data.Length >= 64)
        {
            start = data.Length & ~15;
            count = FindTriggersAvx512(data, start);
        }

        uint h1 = _h1, h2 = _h2, h3 = _h3;
        ulong window = _window;
        uint bs = BlockSize(_bhStart);
        uint mask = (1u << _bhStart) - 1;
        int[] triggers = _triggers;
        uint[] sums = _triggerSums;
        for (int i = start; i < data.Length; i++)
        {
            uint c = data[i];
            uint old = (uint)(window >> 48) & 0xFF;
            window = (window << 8) | c;
            h2 = h2 - h1 + (RollingWindow * c);
            h1 = h1 + c - old;
            h3 = (h3 << 5) ^ c;
            uint h = h1 + h2 + h3;

            // h % bs == bs - 1, tested cheaply first on the power-of-two part of bs.
            if (((h + 1) & mask) == 0 && h % bs == bs - 1)
            {
                triggers[count] = i;
                sums[count] = h;
                count++;
            }
        }

        _h1 = h1;
        _h2 = h2;
        _h3 = h3;
        _window = window & 0x00FF_FFFF_FFFF_FFFFUL;
        return count;
    }

    /// <summary>
    /// The rolling hash at 16 positions at once: after 7 bytes it only depends on the last 7 (h1 + h2 = Σ (8 − k)·c[i − k],
    /// h3 = XOR c[i − k] &lt;&lt; 5k), so each position is computed from the bytes directly. Covers data[..end] and leaves the
    /// scalar rolling state as it stands after data[end − 1].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int FindTriggersAvx512(ReadOnlySpan<byte> data, int end)
    {
        byte[] ext = _extended;
        ulong window = _window;
        for (int k = 0; k < RollingWindow; k++)
        {
            ext[RollingWindow - 1 - k] = (byte)(window >> (8 * k));
        }

        data[..end].CopyTo(ext.AsSpan(RollingWindow));
        uint bs = BlockSize(_bhStart);
        uint mask = (1u << _bhStart) - 1;
        int count = 0;
        int[] triggers = _triggers;
        uint[] sums = _triggerSums;
        Span<uint> lanes = stackalloc uint[16];
        fixed (byte* e = ext)
        {
            var vmask = Vector512.Create(mask);
            var one = Vector512.Create(1u);
            for (int i = 0; i < end; i += 16)
            {
                byte* at = e + RollingWindow + i;
                var c0 = Avx512F.ConvertToVector512UInt32(Vector128.Load(at));
                var c1 = Avx512F.ConvertToVector512UInt32(Vector128.Load(at - 1));
                var c2 = Avx512F.ConvertToVector512UInt32(Vector128.Load(at - 2));
                var c3 = Avx512F.ConvertToVector512UInt32(Vector128.Load(at - 3));
                var c4 = Avx512F.ConvertToVector512UInt32(Vector128.Load(at - 4));
                var c5 = Avx512F.ConvertToVector512UInt32(Vector128.Load(at - 5));
                var c6 = Avx512F.ConvertToVector512UInt32(Vector128.Load(at - 6));
                var sum = (c0 << 3) + (c1 * 7) + (c2 * 6) + (c3 * 5) + (c4 << 2) + (c5 * 3) + (c6 << 1);
                var xor = c0 ^ (c1 << 5) ^ (c2 << 10) ^ (c3 << 15) ^ (c4 << 20) ^ (c5 << 25) ^ (c6 << 30);
                var h = sum + xor;
                ulong hits = Vector512.Equals((h + one) & vmask, Vector512<uint>.Zero).ExtractMostSignificantBits();
                if (hits == 0)
                {
                    continue;
                }

                h.CopyTo(lanes);
                while (hits != 0)
                {
                    int lane = System.Numerics.BitOperations.TrailingZeroCount(hits);
                    hits &= hits - 1;
                    uint hv = lanes[lane];
                    if (hv % bs == bs - 1)
                    {
                        triggers[count] = i + lane;
                        sums[count] = hv;
                        count++;
                    }
                }
            }
        }

        // The scalar state after data[end - 1]: the same sums over the last 7 bytes.
        uint h1 = 0, h2 = 0, h3 = 0;
        ulong w = 0;
        for (int k = 0; k < RollingWindow; k++)
        {
            uint c = ext[RollingWindow + end - 1 - k];
            h1 += c;
            h2 += (uint)(RollingWindow - k) * c;
            h3 ^= c << (5 * k);
            w |= (ulong)c << (8 * k);
        }

        _h1 = h1;
        _h2 = h2;
        _h3 = h3;
        _window = w;
        return count;
    }

    private void Advance(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_vector)
        {
            AdvanceVbmi(data);
        }
        else
        {
            AdvanceScalar(data);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void AdvanceVbmi(ReadOnlySpan<byte> data)
    {
        fixed (byte* state = _state)
        fixed (byte* table = SumTable)
        fixed (byte* p = data)
        {
            Vector512<byte> s = Vector512.Load(state);
            int n = data.Length;
            int i = 0;
            if (n >= 256)
            {
                // Each byte maps the 64 possible piece-hash values through a permutation; a run of bytes is the composition of
                // their permutations. Composing four quarters as four independent chains hides the permute latency; the state
                // then goes through the four composed permutations in order.
                Vector512<byte> identity = Vector512.Create(
                    (byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
                    32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63);
                int quarter = n / 4;
                byte* p0 = p, p1 = p + quarter, p2 = p + (2 * quarter), p3 = p + (3 * quarter);
                Vector512<byte> q0 = identity, q1 = identity, q2 = identity, q3 = identity;
                for (int j = 0; j < quarter; j++)
                {
                    q0 = Avx512Vbmi.PermuteVar64x8(Vector512.Load(table + (p0[j] * 64)), q0);
                    q1 = Avx512Vbmi.PermuteVar64x8(Vector512.Load(table + (p1[j] * 64)), q1);
                    q2 = Avx512Vbmi.PermuteVar64x8(Vector512.Load(table + (p2[j] * 64)), q2);
                    q3 = Avx512Vbmi.PermuteVar64x8(Vector512.Load(table + (p3[j] * 64)), q3);
                }

                s = Avx512Vbmi.PermuteVar64x8(q0, s);
                s = Avx512Vbmi.PermuteVar64x8(q1, s);
                s = Avx512Vbmi.PermuteVar64x8(q2, s);
                s = Avx512Vbmi.PermuteVar64x8(q3, s);
                i = 4 * quarter;
            }

            for (; i < n; i++)
            {
                s = Avx512Vbmi.PermuteVar64x8(Vector512.Load(table + (p[i] * 64)), s);
            }

            s.Store(state);
        }
    }

    private void AdvanceScalar(ReadOnlySpan<byte> data)
    {
        byte[] table = SumTable;
        byte[] state = _state;
        for (int b = _bhStart; b < _bhEnd; b++)
        {
            int h = state[b];
            int half = state[HalfLane + b];
            foreach (byte c in data)
            {
                int row = c * 64;
                h = table[row + h];
                half = table[row + half];
            }

            state[b] = (byte)h;
            state[HalfLane + b] = (byte)half;
        }

        if (_needLastHash)
        {
            int h = state[LastHashLane];
            foreach (byte c in data)
            {
                h = table[(c * 64) + h];
            }

            state[LastHashLane] = (byte)h;
        }
    }

    private void OnTrigger(uint h)
    {
        byte[] state = _state;
        for (int i = _bhStart; i < _bhEnd; i++)
        {
            uint bs = BlockSize(i);
            if (h % bs != bs - 1)
            {
                break; // a larger block size cannot trigger when a smaller one does not
            }

            if (_dindex[i] == 0)
            {
                TryForkBlockHash();
            }

            int di = _dindex[i];
            int row = i * SpamSumLength;
            _digest[row + di] = Base64[state[i]];
            _halfDigest[i] = Base64[state[HalfLane + i]];
            if (di < SpamSumLength - 1)
            {
                // Only reset while there is room: the last character then covers the whole tail.
                di++;
                _dindex[i] = di;
                _digest[row + di] = 0;
                state[i] = HashInit;
                if (di < SpamSumLength / 2)
                {
                    state[HalfLane + i] = HashInit;
                    _halfDigest[i] = 0;
                }
            }
            else
            {
                TryReduceBlockHash();
            }
        }
    }

    private void TryForkBlockHash()
    {
        int last = _bhEnd - 1;
        if (_bhEnd < NumBlockHashes)
        {
            int next = _bhEnd;
            _state[next] = _state[last];
            _state[HalfLane + next] = _state[HalfLane + last];
            _digest[next * SpamSumLength] = 0;
            _halfDigest[next] = 0;
            _dindex[next] = 0;
            _bhEnd++;
        }
        else if (!_needLastHash)
        {
            _needLastHash = true;
            _state[LastHashLane] = _state[last];
        }
    }

    private void TryReduceBlockHash()
    {
        if (_bhEnd - _bhStart < 2)
        {
            return;
        }

        // The current total is a lower bound of the final length: dropping a size here never changes the choice.
        if (_reduceBorder >= _totalSize)
        {
            return;
        }

        if (_dindex[_bhStart + 1] < SpamSumLength / 2)
        {
            return;
        }

        _bhStart++;
        _reduceBorder *= 2;
    }

    private SsdeepDigest Digest()
    {
        if (_totalSize > MaxInputLength)
        {
            throw new InvalidOperationException($"ssdeep digests inputs of at most {MaxInputLength} bytes; {_totalSize} were appended.");
        }

        uint h = _h1 + _h2 + _h3;
        int bi = _bhStart;
        while ((ulong)BlockSize(bi) * SpamSumLength < _totalSize)
        {
            bi++;
        }

        while (bi >= _bhEnd)
        {
            bi--;
        }

        while (bi > _bhStart && _dindex[bi] < SpamSumLength / 2)
        {
            bi--;
        }

        Span<byte> first = stackalloc byte[SpamSumLength];
        int row = bi * SpamSumLength;
        int n = _dindex[bi];
        _digest.AsSpan(row, n).CopyTo(first);
        if (h != 0)
        {
            first[n++] = Base64[_state[bi]];
        }
        else if (_digest[row + n] != 0)
        {
            first[n] = _digest[row + n];
            n++;
        }

        Span<byte> second = stackalloc byte[SpamSumLength / 2];
        int m = 0;
        uint blockSize = BlockSize(bi);
        if (bi < _bhEnd - 1)
        {
            bi++;
            m = Math.Min(_dindex[bi], (SpamSumLength / 2) - 1);
            _digest.AsSpan(bi * SpamSumLength, m).CopyTo(second);
            if (h != 0)
            {
                second[m++] = Base64[_state[HalfLane + bi]];
            }
            else if (_halfDigest[bi] != 0)
            {
                second[m++] = _halfDigest[bi];
            }
        }
        else if (h != 0)
        {
            second[m++] = Base64[bi == 0 ? _state[0] : _state[LastHashLane]];
        }

        return new SsdeepDigest(blockSize, System.Text.Encoding.ASCII.GetString(first[..n]), System.Text.Encoding.ASCII.GetString(second[..m]));
    }
}
