namespace Forensics.Net.Hashing.Files;

/// <summary>The ssdeep 2.14.1 score (libfuzzy <c>fuzzy_compare</c>): sequence elimination, 7-character common substring, weighted edit distance, small-block cap.</summary>
internal static class SsdeepComparer
{
    private const int Window = SsdeepHasher.RollingWindow;
    private const int SpamSumLength = SsdeepHasher.SpamSumLength;
    private const int MinBlockSize = SsdeepHasher.MinBlockSize;

    public static int Score(uint bs1, string a1, string a2, uint bs2, string b1, string b2)
    {
        ulong blockSize1 = bs1, blockSize2 = bs2;
        if (blockSize1 != blockSize2 && blockSize1 * 2 != blockSize2 && !(blockSize1 % 2 == 0 && blockSize1 / 2 == blockSize2))
        {
            return 0;
        }

        Span<char> s1b1 = stackalloc char[SpamSumLength];
        Span<char> s1b2 = stackalloc char[SpamSumLength];
        Span<char> s2b1 = stackalloc char[SpamSumLength];
        Span<char> s2b2 = stackalloc char[SpamSumLength];
        s1b1 = s1b1[..EliminateSequences(a1, s1b1)];
        s1b2 = s1b2[..EliminateSequences(a2, s1b2)];
        s2b1 = s2b1[..EliminateSequences(b1, s2b1)];
        s2b2 = s2b2[..EliminateSequences(b2, s2b2)];

        if (blockSize1 == blockSize2 && s1b1.SequenceEqual(s2b1) && s1b2.SequenceEqual(s2b2))
        {
            return 100;
        }

        if (blockSize1 == blockSize2)
        {
            uint score1 = ScoreStrings(s1b1, s2b1, blockSize1);
            uint score2 = ScoreStrings(s1b2, s2b2, blockSize1 * 2);
            return (int)Math.Max(score1, score2);
        }

        return blockSize1 * 2 == blockSize2
            ? (int)ScoreStrings(s2b1, s1b2, blockSize2)
            : (int)ScoreStrings(s1b1, s2b2, blockSize1);
    }

    /// <summary>Copies <paramref name="source"/> keeping at most three equal characters in a row; returns the new length.</summary>
    internal static int EliminateSequences(ReadOnlySpan<char> source, Span<char> destination)
    {
        int n = 0;
        for (int i = 0; i < source.Length; i++)
        {
            if (i < 3 || source[i] != source[i - 1] || source[i] != source[i - 2] || source[i] != source[i - 3])
            {
                destination[n++] = source[i];
            }
        }

        return n;
    }

    private static uint ScoreStrings(ReadOnlySpan<char> s1, ReadOnlySpan<char> s2, ulong blockSize)
    {
        if (!HasCommonSubstring(s1, s2))
        {
            return 0;
        }

        uint score = (uint)EditDistance(s1, s2);
        score = score * SpamSumLength / (uint)(s1.Length + s2.Length);
        score = 100 * score / SpamSumLength;
        score = 100 - score;
        if (blockSize >= (99 + Window) / Window * MinBlockSize)
        {
            return score;
        }

        ulong cap = blockSize / MinBlockSize * (ulong)Math.Min(s1.Length, s2.Length);
        return score > cap ? (uint)cap : score;
    }

    /// <summary>Whether the strings share a substring of 7 characters whose rolling hash is not 0 (libfuzzy skips a 0 hash).</summary>
    internal static bool HasCommonSubstring(ReadOnlySpan<char> s1, ReadOnlySpan<char> s2)
    {
        if (s1.Length < Window || s2.Length < Window)
        {
            return false;
        }

        Span<uint> hashes = stackalloc uint[SpamSumLength];
        RollHashes(s1, hashes);
        Span<uint> other = stackalloc uint[SpamSumLength];
        RollHashes(s2, other);
        for (int i = Window - 1; i < s2.Length; i++)
        {
            uint h = other[i];
            for (int j = Window - 1; j < s1.Length; j++)
            {
                if (hashes[j] != 0 && hashes[j] == h &&
                    s2.Slice(i - (Window - 1), Window).SequenceEqual(s1.Slice(j - (Window - 1), Window)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The rolling hash after each character (the same hash that triggers pieces in the digest).</summary>
    internal static void RollHashes(ReadOnlySpan<char> s, Span<uint> hashes)
    {
        uint h1 = 0, h2 = 0, h3 = 0;
        for (int i = 0; i < s.Length; i++)
        {
            uint c = (byte)s[i];
            uint old = i >= Window ? (byte)s[i - Window] : 0u;
            h2 = h2 - h1 + (Window * c);
            h1 = h1 + c - old;
            h3 = (h3 << 5) ^ c;
            hashes[i] = h1 + h2 + h3;
        }
    }

    /// <summary>Edit distance with insert and delete costing 1 and replace 2 (libfuzzy <c>edit_distn</c>).</summary>
    internal static int EditDistance(ReadOnlySpan<char> s1, ReadOnlySpan<char> s2)
    {
        Span<int> prev = stackalloc int[SpamSumLength + 1];
        Span<int> cur = stackalloc int[SpamSumLength + 1];
        for (int j = 0; j <= s2.Length; j++)
        {
            prev[j] = j;
        }

        for (int i = 0; i < s1.Length; i++)
        {
            cur[0] = i + 1;
            for (int j = 0; j < s2.Length; j++)
            {
                int costA = prev[j + 1] + 1;
                int costD = cur[j] + 1;
                int costR = prev[j] + (s1[i] == s2[j] ? 0 : 2);
                cur[j + 1] = Math.Min(Math.Min(costA, costD), costR);
            }

            var t = prev;
            prev = cur;
            cur = t;
        }

        return prev[s2.Length];
    }
}
