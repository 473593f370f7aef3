namespace Forensics.Net.FileSignatures.Internal;

/// <summary>A validating JSON scanner (RFC 8259) over a prefix: when the input was cut by the window, running out of bytes is not an error.</summary>
internal static class JsonChecker
{
    private const int MaxDepth = 128;

    public static bool IsJson(ReadOnlySpan<byte> s, bool complete)
    {
        int pos = 0;
        var r = Value(s, ref pos, 0);
        if (r == Result.Truncated)
        {
            return !complete && pos > 16;
        }

        if (r != Result.Ok)
        {
            return false;
        }

        SkipWs(s, ref pos);
        return pos == s.Length;
    }

    private enum Result
    {
        Ok,
        Bad,
        Truncated,
    }

    private static void SkipWs(ReadOnlySpan<byte> s, ref int pos)
    {
        while (pos < s.Length && s[pos] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            pos++;
        }
    }

    private static Result Value(ReadOnlySpan<byte> s, ref int pos, int depth)
    {
        if (depth > MaxDepth)
        {
            return Result.Bad;
        }

        SkipWs(s, ref pos);
        if (pos >= s.Length)
        {
            return Result.Truncated;
        }

        switch (s[pos])
        {
            case (byte)'{':
                return Container(s, ref pos, depth, (byte)'}', isObject: true);
            case (byte)'[':
                return Container(s, ref pos, depth, (byte)']', isObject: false);
            case (byte)'"':
                return String(s, ref pos);
            case (byte)'t':
                return Literal(s, ref pos, "true"u8);
            case (byte)'f':
                return Literal(s, ref pos, "false"u8);
            case (byte)'n':
                return Literal(s, ref pos, "null"u8);
            default:
                return Number(s, ref pos);
        }
    }

    private static Result Container(ReadOnlySpan<byte> s, ref int pos, int depth, byte close, bool isObject)
    {
        pos++;
        SkipWs(s, ref pos);
        if (pos >= s.Length)
        {
            return Result.Truncated;
        }

        if (s[pos] == close)
        {
            pos++;
            return Result.Ok;
        }

        while (true)
        {
            if (isObject)
            {
                SkipWs(s, ref pos);
                if (pos >= s.Length)
                {
                    return Result.Truncated;
                }

                if (s[pos] != '"')
                {
                    return Result.Bad;
                }

                var k = String(s, ref pos);
                if (k != Result.Ok)
                {
                    return k;
                }

                SkipWs(s, ref pos);
                if (pos >= s.Length)
                {
                    return Result.Truncated;
                }

                if (s[pos++] != ':')
                {
                    return Result.Bad;
                }
            }

            var v = Value(s, ref pos, depth + 1);
            if (v != Result.Ok)
            {
                return v;
            }

            SkipWs(s, ref pos);
            if (pos >= s.Length)
            {
                return Result.Truncated;
            }

            byte b = s[pos++];
            if (b == close)
            {
                return Result.Ok;
            }

            if (b != ',')
            {
                return Result.Bad;
            }
        }
    }

    private static Result String(ReadOnlySpan<byte> s, ref int pos)
    {
        pos++;
        while (pos < s.Length)
        {
            byte b = s[pos++];
            if (b == '"')
            {
                return Result.Ok;
            }

            if (b == '\\')
            {
                pos++;
            }
            else if (b < 0x20)
            {
                return Result.Bad;
            }
        }

        return Result.Truncated;
    }

    private static Result Literal(ReadOnlySpan<byte> s, ref int pos, ReadOnlySpan<byte> lit)
    {
        int n = Math.Min(lit.Length, s.Length - pos);
        if (!s.Slice(pos, n).SequenceEqual(lit[..n]))
        {
            return Result.Bad;
        }

        pos += n;
        return n < lit.Length ? Result.Truncated : Result.Ok;
    }

    private static Result Number(ReadOnlySpan<byte> s, ref int pos)
    {
        int start = pos;
        if (pos < s.Length && s[pos] == '-')
        {
            pos++;
        }

        int digits = 0;
        while (pos < s.Length && (char.IsAsciiDigit((char)s[pos]) || s[pos] is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-'))
        {
            pos++;
            digits++;
        }

        if (pos >= s.Length)
        {
            return Result.Truncated;
        }

        return digits > 0 && char.IsAsciiDigit((char)s[pos - digits]) && pos > start ? Result.Ok : Result.Bad;
    }
}
