using System.Text.RegularExpressions;

namespace Forensics.Net.Pcap.Analysis.Internal;

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
