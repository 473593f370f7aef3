namespace Forensics.Net.EncodingDetection.Internal;

/// <summary>
/// Checks the byte structure of the CJK multi-byte encodings (lead/trail byte ranges) without decoding:
/// counts well-formed multi-byte characters and malformed ones. A character cut by the end of the data
/// is not an error.
/// </summary>
internal static class MultiByteValidator
{
    public static (int Chars, int Errors) Validate(ReadOnlySpan<byte> data, CharsetKind kind)
    {
        int chars = 0, errors = 0;
        int i = 0;
        int n = data.Length;
        while (i < n)
        {
            byte b = data[i];
            if (b < 0x80)
            {
                i++;
                continue;
            }

            int len = kind switch
            {
                CharsetKind.ShiftJis => ShiftJis(data, i),
                CharsetKind.EucJp => EucJp(data, i),
                CharsetKind.Gb18030 => Gb18030(data, i),
                CharsetKind.Big5 => Big5(data, i),
                CharsetKind.EucKr => Uhc(data, i),
                _ => -1,
            };

            if (len > 0)
            {
                if (len > 1)
                {
                    chars++;
                }

                i += len;
            }
            else if (len == 0)
            {
                break; // cut by the end of the data
            }
            else
            {
                errors++;
                i++;
            }
        }

        return (chars, errors);
    }

    // Each returns the character's length, 0 when the data ends inside it, -1 when it is malformed.
    private static int ShiftJis(ReadOnlySpan<byte> d, int i)
    {
        byte b = d[i];
        if (b is >= 0xA1 and <= 0xDF)
        {
            return 1; // half-width katakana
        }

        if (b is (>= 0x81 and <= 0x9F) or (>= 0xE0 and <= 0xFC))
        {
            if (i + 1 >= d.Length)
            {
                return 0;
            }

            byte t = d[i + 1];
            return t is (>= 0x40 and <= 0x7E) or (>= 0x80 and <= 0xFC) ? 2 : -1;
        }

        return -1;
    }

    private static int EucJp(ReadOnlySpan<byte> d, int i)
    {
        byte b = d[i];
        if (b == 0x8E)
        {
            if (i + 1 >= d.Length)
            {
                return 0;
            }

            return d[i + 1] is >= 0xA1 and <= 0xDF ? 2 : -1;
        }

        if (b == 0x8F)
        {
            if (i + 2 >= d.Length)
            {
                return 0;
            }

            return d[i + 1] is >= 0xA1 and <= 0xFE && d[i + 2] is >= 0xA1 and <= 0xFE ? 3 : -1;
        }

        if (b is >= 0xA1 and <= 0xFE)
        {
            if (i + 1 >= d.Length)
            {
                return 0;
            }

            return d[i + 1] is >= 0xA1 and <= 0xFE ? 2 : -1;
        }

        return -1;
    }

    private static int Gb18030(ReadOnlySpan<byte> d, int i)
    {
        byte b = d[i];
        if (b is < 0x81 or > 0xFE)
        {
            return -1;
        }

        if (i + 1 >= d.Length)
        {
            return 0;
        }

        byte t = d[i + 1];
        if (t is (>= 0x40 and <= 0x7E) or (>= 0x80 and <= 0xFE))
        {
            return 2;
        }

        if (t is >= 0x30 and <= 0x39)
        {
            if (i + 3 >= d.Length)
            {
                return 0;
            }

            return d[i + 2] is >= 0x81 and <= 0xFE && d[i + 3] is >= 0x30 and <= 0x39 ? 4 : -1;
        }

        return -1;
    }

    private static int Big5(ReadOnlySpan<byte> d, int i)
    {
        byte b = d[i];
        if (b is < 0x81 or > 0xFE)
        {
            return -1;
        }

        if (i + 1 >= d.Length)
        {
            return 0;
        }

        byte t = d[i + 1];
        return t is (>= 0x40 and <= 0x7E) or (>= 0xA1 and <= 0xFE) ? 2 : -1;
    }

    private static int Uhc(ReadOnlySpan<byte> d, int i)
    {
        byte b = d[i];
        if (b is < 0x81 or > 0xFE)
        {
            return -1;
        }

        if (i + 1 >= d.Length)
        {
            return 0;
        }

        byte t = d[i + 1];
        return t is (>= 0x41 and <= 0x5A) or (>= 0x61 and <= 0x7A) or (>= 0x81 and <= 0xFE) ? 2 : -1;
    }
}
