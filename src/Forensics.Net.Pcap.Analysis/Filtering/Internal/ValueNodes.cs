using System.Buffers.Binary;

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
