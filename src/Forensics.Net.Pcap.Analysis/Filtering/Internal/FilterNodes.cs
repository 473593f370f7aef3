using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Forensics.Net.Pcap.Analysis.Internal;

internal abstract class ValueNode
{
    public abstract FType Type { get; }

    public abstract int Eval(scoped in DissectedFrame f, Span<FValue> dst);

    public virtual bool UsesApplication => false;

    /// <summary>Gets the most values the node yields (sizes the stack buffers: a header field has one or two).</summary>
    public virtual int MaxCount => Fields.MaxValues;

    public static ReadOnlySpan<byte> Bytes(scoped in DissectedFrame f, in FValue v) =>
        v.Src == 0 ? f.Packet.Frame.Slice(v.Off, v.Len) : f.State.Aux.AsSpan(v.Off, v.Len);
}

internal sealed class FieldNode(FieldDef def) : ValueNode
{
    public FieldDef Def { get; } = def;

    public override FType Type => Def.Type;

    public override bool UsesApplication => Fields.NeedsApplication(Def.Id);

    public override int MaxCount => Fields.MaxCount(Def.Id);

    public override int Eval(scoped in DissectedFrame f, Span<FValue> dst) => Fields.Extract(Def.Id, f, dst);
}

internal sealed class LiteralNode(FValue value, byte[]? bytes) : ValueNode
{
    public FValue Value { get; } = value;

    public byte[]? ConstBytes { get; } = bytes;

    public override int MaxCount => 1;

    public override FType Type => Value.Type;

    public override int Eval(scoped in DissectedFrame f, Span<FValue> dst)
    {
        FValue v = Value;
        if (ConstBytes is not null)
        {
            v.Src = 1;
            v.Off = f.State.AppendAux(ConstBytes);
            v.Len = ConstBytes.Length;
        }

        dst[0] = v;
        return 1;
    }
}

internal sealed class SliceNode(ValueNode inner, SliceRange[] ranges) : ValueNode
{
    public override FType Type => inner.Type == FType.String ? FType.String : FType.Bytes;

    public override bool UsesApplication => inner.UsesApplication;

    public override int MaxCount => inner.MaxCount;

    public override int Eval(scoped in DissectedFrame f, Span<FValue> dst)
    {
        Span<FValue> tmp = stackalloc FValue[inner.MaxCount];
        int n = inner.Eval(f, tmp);
        int m = 0;
        FrameState s = f.State;
        for (int i = 0; i < n && m < dst.Length; i++)
        {
            ReadOnlySpan<byte> src = AsBytes(f, tmp[i], out byte[]? _);
            int total = 0;
            bool ok = true;
            foreach (SliceRange r in ranges)
            {
                if (!Resolve(r, src.Length, out _, out int len))
                {
                    ok = false;
                    break;
                }

                total += len;
            }

            if (!ok)
            {
                continue;
            }

            // Re-read after a possible aux growth below.
            Span<byte> outSpan = s.ReserveAux(total, out int off);
            src = AsBytes(f, tmp[i], out _);
            int pos = 0;
            foreach (SliceRange r in ranges)
            {
                Resolve(r, src.Length, out int start, out int len);
                src.Slice(start, len).CopyTo(outSpan[pos..]);
                pos += len;
            }

            dst[m++] = FValue.Bytes(Type, 1, off, total);
        }

        return m;
    }

    private static bool Resolve(SliceRange r, int length, out int start, out int len)
    {
        start = r.Start < 0 ? length + r.Start : r.Start;
        len = r.ToEnd ? length - start : r.Length!.Value;
        return start >= 0 && len >= 0 && start + len <= length && (len > 0 || r.ToEnd);
    }

    internal static ReadOnlySpan<byte> AsBytes(scoped in DissectedFrame f, in FValue v, out byte[]? scratch)
    {
        scratch = null;
        switch (v.Type)
        {
            case FType.Ipv4:
            {
                Span<byte> b = f.State.ReserveAux(4, out int off);
                BinaryPrimitives.WriteUInt32BigEndian(b, (uint)v.N);
                return f.State.Aux.AsSpan(off, 4);
            }

            case FType.UInt or FType.Int or FType.Bool:
            {
                Span<byte> b = f.State.ReserveAux(8, out int off);
                BinaryPrimitives.WriteInt64BigEndian(b, v.N);
                return f.State.Aux.AsSpan(off, 8);
            }

            default:
                return ValueNode.Bytes(f, v);
        }
    }
}

internal sealed class FuncNode(string name, ValueNode[] args, FType type) : ValueNode
{
    private readonly int _argMax = args.Max(a => a.MaxCount);

    public override FType Type => type;

    public override bool UsesApplication => args.Any(a => a.UsesApplication);

    public override int MaxCount => name is "count" or "max" or "min" ? 1 : args[0].MaxCount;

    public override int Eval(scoped in DissectedFrame f, Span<FValue> dst)
    {
        Span<FValue> tmp = stackalloc FValue[_argMax];
        FrameState s = f.State;
        switch (name)
        {
            case "count":
            {
                int n = args[0].Eval(f, tmp);
                dst[0] = FValue.Num(FType.UInt, n);
                return 1;
            }

            case "len":
            {
                int n = args[0].Eval(f, tmp);
                for (int i = 0; i < n; i++)
                {
                    dst[i] = FValue.Num(FType.UInt, tmp[i].Len);
                }

                return n;
            }

            case "lower" or "upper":
            {
                int n = args[0].Eval(f, tmp);
                for (int i = 0; i < n; i++)
                {
                    ReadOnlySpan<byte> src = ValueNode.Bytes(f, tmp[i]);
                    Span<byte> o = s.ReserveAux(src.Length, out int off);
                    src = ValueNode.Bytes(f, tmp[i]);
                    for (int k = 0; k < src.Length; k++)
                    {
                        byte c = src[k];
                        o[k] = name == "lower" ? (c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c | 0x20) : c) : (c is >= (byte)'a' and <= (byte)'z' ? (byte)(c & ~0x20) : c);
                    }

                    dst[i] = FValue.Bytes(FType.String, 1, off, src.Length);
                }

                return n;
            }

            case "string":
            {
                int n = args[0].Eval(f, tmp);
                Span<char> chars = stackalloc char[256];
                for (int i = 0; i < n; i++)
                {
                    int len = ValueFormatter.Format(f, tmp[i], args[0] is FieldNode fn ? fn.Def : null, chars);
                    Span<byte> o = s.ReserveAux(len, out int off);
                    for (int k = 0; k < len; k++)
                    {
                        o[k] = (byte)chars[k];
                    }

                    dst[i] = FValue.Bytes(FType.String, 1, off, len);
                }

                return n;
            }

            case "abs":
            {
                int n = args[0].Eval(f, tmp);
                for (int i = 0; i < n; i++)
                {
                    FValue v = tmp[i];
                    v.N = Math.Abs(v.N);
                    v.D = Math.Abs(v.D);
                    dst[i] = v;
                }

                return n;
            }

            default: // max, min
            {
                bool found = false;
                FValue best = default;
                foreach (ValueNode a in args)
                {
                    int n = a.Eval(f, tmp);
                    for (int i = 0; i < n; i++)
                    {
                        if (!found || (name == "max" ? Compare.Order(f, tmp[i], best) > 0 : Compare.Order(f, tmp[i], best) < 0))
                        {
                            best = tmp[i];
                            found = true;
                        }
                    }
                }

                if (!found)
                {
                    return 0;
                }

                dst[0] = best;
                return 1;
            }
        }
    }
}

internal sealed class ArithNode(char op, ValueNode left, ValueNode right) : ValueNode
{
    public override FType Type => left.Type;

    public override int MaxCount => left.MaxCount;

    public override bool UsesApplication => left.UsesApplication || right.UsesApplication;

    public override int Eval(scoped in DissectedFrame f, Span<FValue> dst)
    {
        Span<FValue> a = stackalloc FValue[left.MaxCount];
        Span<FValue> b = stackalloc FValue[right.MaxCount];
        int na = left.Eval(f, a);
        int nb = right.Eval(f, b);
        if (nb == 0)
        {
            return 0;
        }

        FValue r = b[0];
        int m = 0;
        for (int i = 0; i < na; i++)
        {
            FValue v = a[i];
            if (v.Type is FType.Bytes or FType.String or FType.Protocol or FType.Mac or FType.Ipv6)
            {
                if (op != '&')
                {
                    continue;
                }

                ReadOnlySpan<byte> x = ValueNode.Bytes(f, v);
                ReadOnlySpan<byte> y = ValueNode.Bytes(f, r);
                Span<byte> o = f.State.ReserveAux(x.Length, out int off);
                x = ValueNode.Bytes(f, v);
                y = ValueNode.Bytes(f, r);
                for (int k = 0; k < x.Length; k++)
                {
                    o[k] = (byte)(x[k] & (k < y.Length ? y[k] : 0));
                }

                dst[m++] = FValue.Bytes(FType.Bytes, 1, off, x.Length);
                continue;
            }

            switch (op)
            {
                case '&': v.N &= r.N; break;
                case '+': v.N += r.N; v.D += r.D; break;
                case '-': v.N -= r.N; v.D -= r.D; break;
                case '*': v.N *= r.N; v.D *= r.D; break;
                case '/':
                    if (r.N == 0 && r.D == 0)
                    {
                        continue;
                    }

                    v.N = r.N == 0 ? 0 : v.N / r.N;
                    v.D = r.D == 0 ? 0 : v.D / r.D;
                    break;
                case '%':
                    if (r.N == 0)
                    {
                        continue;
                    }

                    v.N %= r.N;
                    break;
            }

            if (v.Type == FType.Bool)
            {
                v.Type = FType.UInt;
            }

            dst[m++] = v;
        }

        return m;
    }
}

internal sealed class NegNode(ValueNode inner) : ValueNode
{
    public override FType Type => inner.Type == FType.UInt ? FType.Int : inner.Type;

    public override int MaxCount => inner.MaxCount;

    public override int Eval(scoped in DissectedFrame f, Span<FValue> dst)
    {
        int n = inner.Eval(f, dst);
        for (int i = 0; i < n; i++)
        {
            dst[i].N = -dst[i].N;
            dst[i].D = -dst[i].D;
            dst[i].Type = Type;
        }

        return n;
    }
}

internal abstract class BoolNode
{
    public abstract bool Eval(scoped in DissectedFrame f);

    public abstract bool UsesApplication { get; }
}

internal sealed class LogicNode(char op, BoolNode left, BoolNode right) : BoolNode
{
    public override bool UsesApplication => left.UsesApplication || right.UsesApplication;

    public override bool Eval(scoped in DissectedFrame f) => op switch
    {
        '&' => left.Eval(f) && right.Eval(f),
        '|' => left.Eval(f) || right.Eval(f),
        _ => left.Eval(f) ^ right.Eval(f),
    };
}

internal sealed class NotNode(BoolNode inner) : BoolNode
{
    public override bool UsesApplication => inner.UsesApplication;

    public override bool Eval(scoped in DissectedFrame f) => !inner.Eval(f);
}

internal sealed class TestNode(ValueNode value, bool nonZero) : BoolNode
{
    public override bool UsesApplication => value.UsesApplication;

    public override bool Eval(scoped in DissectedFrame f)
    {
        Span<FValue> tmp = stackalloc FValue[value.MaxCount];
        int n = value.Eval(f, tmp);
        if (!nonZero)
        {
            return n > 0;
        }

        for (int i = 0; i < n; i++)
        {
            if (tmp[i].N != 0 || tmp[i].D != 0 || (tmp[i].Len > 0 && ValueNode.Bytes(f, tmp[i]).ContainsAnyExcept((byte)0)))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class CompareNode(CmpOp op, Quant quant, ValueNode left, ValueNode right, Regex? regex) : BoolNode
{
    public override bool UsesApplication => left.UsesApplication || right.UsesApplication;

    public override bool Eval(scoped in DissectedFrame f)
    {
        Span<FValue> a = stackalloc FValue[left.MaxCount];
        int na = left.Eval(f, a);
        if (na == 0)
        {
            return false;
        }

        if (op == CmpOp.Matches)
        {
            bool any = false, all = true;
            for (int i = 0; i < na; i++)
            {
                bool r = Compare.Matches(f, a[i], regex!);
                any |= r;
                all &= r;
            }

            return quant == Quant.All ? all : any;
        }

        Span<FValue> b = stackalloc FValue[right.MaxCount];
        int nb = right.Eval(f, b);
        if (nb == 0)
        {
            return false;
        }

        switch (op)
        {
            case CmpOp.Ne when quant == Quant.Default:
                return !AnyPair(f, a[..na], b[..nb], CmpOp.Eq);
            case CmpOp.AllEq when quant == Quant.Default:
                return AllLeft(f, a[..na], b[..nb], CmpOp.Eq);
            case CmpOp.AnyNe when quant == Quant.Default:
                return AnyPair(f, a[..na], b[..nb], CmpOp.Ne);
        }

        CmpOp basic = op switch
        {
            CmpOp.AllEq => CmpOp.Eq,
            CmpOp.AnyNe => CmpOp.Ne,
            _ => op,
        };
        return quant == Quant.All ? AllLeft(f, a[..na], b[..nb], basic) : AnyPair(f, a[..na], b[..nb], basic);
    }

    private static bool AnyPair(scoped in DissectedFrame f, Span<FValue> a, Span<FValue> b, CmpOp op)
    {
        foreach (FValue x in a)
        {
            foreach (FValue y in b)
            {
                if (Compare.Test(f, x, y, op))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AllLeft(scoped in DissectedFrame f, Span<FValue> a, Span<FValue> b, CmpOp op)
    {
        foreach (FValue x in a)
        {
            bool ok = false;
            foreach (FValue y in b)
            {
                if (Compare.Test(f, x, y, op))
                {
                    ok = true;
                    break;
                }
            }

            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}

internal sealed class InNode(ValueNode left, (LiteralNode Lo, LiteralNode? Hi)[] items, bool negated) : BoolNode
{
    public override bool UsesApplication => left.UsesApplication;

    public override bool Eval(scoped in DissectedFrame f)
    {
        Span<FValue> a = stackalloc FValue[left.MaxCount];
        Span<FValue> one = stackalloc FValue[1];
        int na = left.Eval(f, a);
        if (na == 0)
        {
            return false;
        }

        bool any = false;
        for (int i = 0; i < na && !any; i++)
        {
            foreach ((LiteralNode lo, LiteralNode? hi) in items)
            {
                lo.Eval(f, one);
                FValue l = one[0];
                if (hi is null)
                {
                    if (Compare.Test(f, a[i], l, CmpOp.Eq))
                    {
                        any = true;
                        break;
                    }

                    continue;
                }

                hi.Eval(f, one);
                if (Compare.Test(f, a[i], l, CmpOp.Ge) && Compare.Test(f, a[i], one[0], CmpOp.Le))
                {
                    any = true;
                    break;
                }
            }
        }

        return negated ? !any : any;
    }
}

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

/// <summary>Parses literal values against a field type (wireshark-filter(4) "Protocol field types").</summary>
internal static class Literals
{
    public static bool TryParse(Syn syn, FType type, out FValue value, out byte[]? bytes, out string? error)
    {
        value = default;
        bytes = null;
        error = null;
        switch (syn)
        {
            case SynChar c:
                if (Compare.IsNumeric(type) || type is FType.Double or FType.RelTime)
                {
                    value = FValue.Num(type == FType.Bool ? FType.Bool : FType.UInt, c.Value);
                    return true;
                }

                if (type is FType.Bytes or FType.Protocol)
                {
                    bytes = [(byte)c.Value];
                    value = FValue.Bytes(FType.Bytes, 1, 0, 1);
                    return true;
                }

                error = $"{TypeName(type)} cannot be converted from a character constant.";
                return false;
            case SynString s:
                if (type is FType.String or FType.Bytes or FType.Protocol)
                {
                    bytes = s.Value;
                    value = FValue.Bytes(FType.String, 1, 0, s.Value.Length);
                    return true;
                }

                if (type == FType.AbsTime)
                {
                    return TryParseTime(Encoding.UTF8.GetString(s.Value), out value, out error);
                }

                if (type is FType.Ipv4 or FType.Ipv6 or FType.Mac)
                {
                    return TryParseText(Encoding.UTF8.GetString(s.Value), type, out value, out bytes, out error);
                }

                error = $"{TypeName(type)} cannot be converted from a string (\"{Encoding.UTF8.GetString(s.Value)}\").";
                return false;
            case SynNeg n when n.Inner is SynWord w:
                return TryParseText("-" + w.Text, type, out value, out bytes, out error);
            case SynWord w:
                return TryParseText(w.Text, type, out value, out bytes, out error);
            default:
                error = "Expected a value.";
                return false;
        }
    }

    public static string TypeName(FType t) => t switch
    {
        FType.UInt => "Unsigned integer",
        FType.Int => "Signed integer",
        FType.Bool => "Boolean",
        FType.Double => "Floating point",
        FType.Ipv4 => "IPv4 address",
        FType.Ipv6 => "IPv6 address",
        FType.Mac => "Ethernet or other MAC address",
        FType.Bytes => "Byte sequence",
        FType.String => "Character string",
        FType.AbsTime => "Date and time",
        FType.RelTime => "Time offset",
        FType.Protocol => "Protocol",
        _ => "None",
    };

    private static bool TryParseText(string text, FType type, out FValue value, out byte[]? bytes, out string? error)
    {
        value = default;
        bytes = null;
        error = null;
        switch (type)
        {
            case FType.UInt or FType.Int:
                if (TryParseInteger(text, out long n))
                {
                    value = FValue.Num(type, n);
                    return true;
                }

                error = $"\"{text}\" is not a valid number.";
                return false;
            case FType.Bool:
                if (text is "True" or "TRUE")
                {
                    value = FValue.Num(FType.Bool, 1);
                    return true;
                }

                if (text is "False" or "FALSE")
                {
                    value = FValue.Num(FType.Bool, 0);
                    return true;
                }

                if (TryParseInteger(text, out long b))
                {
                    value = FValue.Num(FType.Bool, b != 0 ? 1 : 0);
                    return true;
                }

                error = $"\"{text}\" is not a valid Boolean.";
                return false;
            case FType.Double:
            case FType.RelTime:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                {
                    value = type == FType.Double ? new FValue { Type = FType.Double, D = d } : FValue.Num(FType.RelTime, (long)Math.Round(d * 1e9));
                    return true;
                }

                error = $"\"{text}\" is not a valid time offset.";
                return false;
            case FType.AbsTime:
                return TryParseTime(text, out value, out error);
            case FType.Ipv4:
            {
                string addr = text;
                int prefix = -1;
                int slash = text.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0)
                {
                    addr = text[..slash];
                    if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 32)
                    {
                        error = $"\"{text}\" is not a valid IPv4 network (prefix 0 to 32).";
                        return false;
                    }
                }

                if (addr.Count(ch => ch == '.') == 3 && IPAddress.TryParse(addr, out IPAddress? ip) && ip.AddressFamily == AddressFamily.InterNetwork)
                {
                    value = FValue.Num(FType.Ipv4, BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes()));
                    value.Prefix = (short)(prefix + 1);
                    return true;
                }

                error = $"\"{addr}\" is not a valid hostname or IPv4 address.";
                return false;
            }

            case FType.Ipv6:
            {
                string addr = text;
                int prefix = -1;
                int slash = text.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0)
                {
                    addr = text[..slash];
                    if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 128)
                    {
                        error = $"\"{text}\" is not a valid IPv6 network (prefix 0 to 128).";
                        return false;
                    }
                }

                if (addr.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(addr, out IPAddress? ip6) && ip6.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    bytes = ip6.GetAddressBytes();
                    value = FValue.Bytes(FType.Ipv6, 1, 0, 16);
                    value.Prefix = (short)(prefix + 1);
                    return true;
                }

                error = $"\"{addr}\" is not a valid hostname or IPv6 address.";
                return false;
            }

            case FType.Mac:
                if (TryParseByteString(text, out byte[]? mac) && mac.Length == 6)
                {
                    bytes = mac;
                    value = FValue.Bytes(FType.Mac, 1, 0, 6);
                    return true;
                }

                error = $"\"{text}\" is not a valid Ethernet address.";
                return false;
            case FType.Bytes or FType.Protocol:
                if (TryParseByteString(text, out byte[]? bs))
                {
                    bytes = bs;
                    value = FValue.Bytes(FType.Bytes, 1, 0, bs.Length);
                    return true;
                }

                if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && TryParseInteger(text, out long one) && one is >= 0 and <= 0xFF)
                {
                    bytes = [(byte)one];
                    value = FValue.Bytes(FType.Bytes, 1, 0, 1);
                    return true;
                }

                error = $"\"{text}\" is not a valid byte string.";
                return false;
            case FType.String:
                bytes = Encoding.UTF8.GetBytes(text);
                value = FValue.Bytes(FType.String, 1, 0, bytes.Length);
                return true;
            default:
                error = $"\"{text}\" cannot be compared.";
                return false;
        }
    }

    public static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        bool neg = text.StartsWith('-');
        ReadOnlySpan<char> t = neg ? text.AsSpan(1) : text.AsSpan();
        bool ok;
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = long.TryParse(t[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && t.Length > 2;
        }
        else if (t.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            ok = t.Length > 2 && long.TryParse(t[2..], NumberStyles.AllowBinarySpecifier, CultureInfo.InvariantCulture, out value);
        }
        else if (t.Length > 1 && t[0] == '0')
        {
            ok = true;
            foreach (char c in t[1..])
            {
                if (c is < '0' or > '7' || value > long.MaxValue / 8)
                {
                    ok = false;
                    break;
                }

                value = (value * 8) + (c - '0');
            }
        }
        else
        {
            ok = long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        if (neg)
        {
            value = -value;
        }

        return ok;
    }

    public static bool TryParseByteString(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.Length == 0)
        {
            return false;
        }

        var list = new List<byte>();
        string[] parts = text.Split(':', '-', '.');
        if (parts.Length == 1)
        {
            // Without separators: one byte ("7a"), or an even run of hex digits is not accepted (ambiguous with numbers).
            if (text.Length is 1 or 2 && text.All(char.IsAsciiHexDigit))
            {
                bytes = [Convert.ToByte(text, 16)];
                return true;
            }

            return false;
        }

        char sep = text[parts[0].Length];
        foreach (string p in parts)
        {
            if (p.Length is < 1 or > 2 || !p.All(char.IsAsciiHexDigit))
            {
                return false;
            }

            list.Add(Convert.ToByte(p, 16));
        }

        if (text.Any(c => c is ':' or '-' or '.' && c != sep))
        {
            return false;
        }

        bytes = list.ToArray();
        return true;
    }

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
        "MMM d, yyyy HH:mm:ss.FFFFFFF", "MMM d, yyyy HH:mm:ss", "MMM d, yyyy HH:mm", "MMM d, yyyy",
    ];

    private static bool TryParseTime(string text, out FValue value, out string? error)
    {
        value = default;
        error = null;
        string t = text.Trim();
        bool utc = false;
        if (t.EndsWith(" UTC", StringComparison.Ordinal) || t.EndsWith('Z'))
        {
            utc = true;
            t = t.EndsWith('Z') ? t[..^1] : t[..^4];
        }

        // Up to nanoseconds: keep the fraction aside because .NET parses at most 7 digits.
        long extraNs = 0;
        int dot = t.LastIndexOf('.');
        if (dot > 0 && dot > t.LastIndexOf(':'))
        {
            string frac = t[(dot + 1)..];
            if (frac.Length > 0 && frac.All(char.IsAsciiDigit) && frac.Length <= 9)
            {
                extraNs = long.Parse(frac.PadRight(9, '0'), CultureInfo.InvariantCulture);
                t = t[..dot];
            }
        }

        if (!DateTime.TryParseExact(t, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTime dt))
        {
            error = $"\"{text}\" is not a valid absolute time. Example: \"Nov 24, 2021 13:14:15.0\" or \"2021-11-24T13:14:15\"";
            return false;
        }

        DateTimeOffset dto = utc ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)) : new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Local));
        value = FValue.Num(FType.AbsTime, ((dto.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100) + extraNs);
        return true;
    }
}
