using System.Text;
using System.Text.RegularExpressions;

namespace Forensics.Net.Pcap.Analysis.Internal;

internal static class Compare
{
    public static bool IsBytesLike(FType t) => t is FType.Bytes or FType.String or FType.Protocol or FType.Mac or FType.Ipv6;

    public static bool IsNumeric(FType t) => t is FType.UInt or FType.Int or FType.Bool;

    public static int Order(scoped in DissectedFrame f, in FValue x, in FValue y)
    {
        if (x.Type == FType.Double || y.Type == FType.Double)
        {
            double dx = x.Type == FType.Double ? x.D : x.N, dy = y.Type == FType.Double ? y.D : y.N;
            return dx.CompareTo(dy);
        }

        if (IsBytesLike(x.Type) && IsBytesLike(y.Type))
        {
            return ValueNode.Bytes(f, x).SequenceCompareTo(ValueNode.Bytes(f, y));
        }

        if (x.Type == FType.Ipv4 || y.Type == FType.Ipv4)
        {
            return ((uint)x.N).CompareTo((uint)y.N);
        }

        return x.N.CompareTo(y.N);
    }

    public static bool Test(scoped in DissectedFrame f, in FValue x, in FValue y, CmpOp op)
    {
        if (op == CmpOp.Contains)
        {
            return ValueNode.Bytes(f, x).IndexOf(ValueNode.Bytes(f, y)) >= 0;
        }

        if (op is CmpOp.Eq or CmpOp.Ne)
        {
            bool eq = Equal(f, x, y);
            return op == CmpOp.Eq ? eq : !eq;
        }

        int c = Order(f, x, y);
        return op switch
        {
            CmpOp.Gt => c > 0,
            CmpOp.Lt => c < 0,
            CmpOp.Ge => c >= 0,
            _ => c <= 0,
        };
    }

    private static bool Equal(scoped in DissectedFrame f, in FValue x, in FValue y)
    {
        if (x.Type == FType.Ipv4 && y.Type == FType.Ipv4)
        {
            int bits = Math.Max(x.Prefix, y.Prefix) - 1;
            uint mask = bits < 0 || bits >= 32 ? 0xFFFFFFFF : bits == 0 ? 0 : 0xFFFFFFFF << (32 - bits);
            return ((uint)x.N & mask) == ((uint)y.N & mask);
        }

        if (x.Type == FType.Ipv6 && y.Type == FType.Ipv6 && (x.Prefix > 0 || y.Prefix > 0))
        {
            int bits = Math.Max(x.Prefix, y.Prefix) - 1;
            ReadOnlySpan<byte> a = ValueNode.Bytes(f, x), b = ValueNode.Bytes(f, y);
            for (int i = 0; i < 16 && bits > 0; i++, bits -= 8)
            {
                int m = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((a[i] & m) != (b[i] & m))
                {
                    return false;
                }
            }

            return true;
        }

        if (x.Type == FType.Bool || y.Type == FType.Bool)
        {
            return (x.N != 0) == (y.N != 0);
        }

        if (x.Type == FType.Double || y.Type == FType.Double)
        {
            return Order(f, x, y) == 0;
        }

        if (IsBytesLike(x.Type) && IsBytesLike(y.Type))
        {
            return ValueNode.Bytes(f, x).SequenceEqual(ValueNode.Bytes(f, y));
        }

        return x.N == y.N;
    }

    public static bool Matches(scoped in DissectedFrame f, in FValue v, Regex regex)
    {
        ReadOnlySpan<byte> bytes = ValueNode.Bytes(f, v);
        FrameState s = f.State;
        int max = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (s.Chars.Length < max)
        {
            s.Chars = new char[Math.Max(max, s.Chars.Length * 2)];
        }

        int n = Encoding.UTF8.GetChars(bytes, s.Chars);
        try
        {
            return regex.IsMatch(s.Chars.AsSpan(0, n));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
