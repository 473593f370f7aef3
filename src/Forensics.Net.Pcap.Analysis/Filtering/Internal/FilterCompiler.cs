using System.Text;
using System.Text.RegularExpressions;

namespace Forensics.Net.Pcap.Analysis.Internal;

/// <summary>Turns the syntax tree into evaluation nodes, resolving field names and literal types.</summary>
internal sealed class FilterCompiler(string text)
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    private DisplayFilterException Error(string message, Syn s) => new(message, text, s.Col, Math.Max(1, s.Len));

    public BoolNode CompileTest(Syn s)
    {
        switch (s)
        {
            case SynLogic l:
                return new LogicNode(l.Op, CompileTest(l.Left), CompileTest(l.Right));
            case SynNot n:
                return new NotNode(CompileTest(n.Inner));
            case SynCompare c:
                return CompileCompare(c);
            case SynIn i:
                return CompileIn(i);
            case SynWord w:
                if (!Fields.TryGet(w.Text, out FieldDef def))
                {
                    throw Error($"{w.Text} is neither a field nor a protocol name.", w);
                }

                return new TestNode(new FieldNode(def), nonZero: false);
            case SynSlice or SynFunc:
                return new TestNode(CompileValue(s, null), nonZero: false);
            case SynArith a:
                return new TestNode(CompileValue(a, null), nonZero: true);
            default:
                throw Error("Expected a field, a protocol or a comparison here, not a literal value.", s);
        }
    }

    private static bool IsFieldish(Syn s) => s is SynWord w ? Fields.TryGet(w.Text, out _) : s is SynSlice or SynFunc or SynArith;

    private ValueNode CompileValue(Syn s, FType? expected)
    {
        switch (s)
        {
            case SynWord w when Fields.TryGet(w.Text, out FieldDef def):
                return new FieldNode(def);
            case SynSlice sl:
            {
                ValueNode inner = CompileValue(sl.Inner, null);
                if (inner is LiteralNode)
                {
                    throw Error("Only fields, protocols and function results can be sliced.", sl);
                }

                if (inner.Type is not (FType.Bytes or FType.String or FType.Protocol or FType.Mac or FType.Ipv6 or FType.Ipv4))
                {
                    throw Error($"\"{text.Substring(sl.Inner.Col, sl.Inner.Len)}\" is a {Literals.TypeName(inner.Type)} and cannot be sliced.", sl.Inner);
                }

                return new SliceNode(inner, sl.Ranges);
            }

            case SynFunc fn:
                return CompileFunc(fn);
            case SynArith a:
            {
                ValueNode left = IsFieldish(a.Left) || a.Left is SynNeg ? CompileValue(a.Left, expected) : null!;
                ValueNode right;
                if (left is null)
                {
                    right = CompileValue(a.Right, expected);
                    left = CompileLiteralOrValue(a.Left, right.Type);
                }
                else
                {
                    FType rt = left.Type is FType.Protocol or FType.Mac ? FType.Bytes : left.Type;
                    right = CompileLiteralOrValue(a.Right, rt);
                }

                if (a.Op != '&' && !(Compare.IsNumeric(left.Type) || left.Type is FType.Double or FType.RelTime or FType.AbsTime))
                {
                    throw Error($"{Literals.TypeName(left.Type)} does not support arithmetic.", a);
                }

                if (a.Op == '&' && !(Compare.IsNumeric(left.Type) || left.Type is FType.Bytes or FType.Protocol or FType.Mac))
                {
                    throw Error($"{Literals.TypeName(left.Type)} does not support the bitwise AND.", a);
                }

                return new ArithNode(a.Op, left, right);
            }

            case SynNeg n when IsFieldish(n.Inner):
                return new NegNode(CompileValue(n.Inner, expected));
            default:
                if (expected is null)
                {
                    if (s is SynWord uw && !char.IsAsciiDigit(uw.Text[0]))
                    {
                        throw Error($"{uw.Text} is neither a field nor a protocol name.", s);
                    }

                    throw Error("Constant expressions are not supported: one side must be a field.", s);
                }

                return CompileLiteral(s, expected.Value);
        }
    }

    private ValueNode CompileLiteralOrValue(Syn s, FType expected) => IsFieldish(s) || (s is SynNeg n && IsFieldish(n.Inner))
        ? CompileValue(s, expected)
        : CompileLiteral(s, expected);

    private LiteralNode CompileLiteral(Syn s, FType type)
    {
        if (type == FType.Protocol)
        {
            type = FType.Bytes;
        }

        if (!Literals.TryParse(s, type, out FValue v, out byte[]? bytes, out string? error))
        {
            throw Error(error ?? "Invalid value.", s);
        }

        return new LiteralNode(v, bytes);
    }

    private ValueNode CompileFunc(SynFunc fn)
    {
        string name = fn.Name;
        int n = fn.Args.Length;
        switch (name)
        {
            case "len" or "count" or "lower" or "upper" or "string" or "abs":
                if (n != 1)
                {
                    throw Error($"Function {name}() takes exactly one argument.", fn);
                }

                break;
            case "max" or "min":
                if (n < 1)
                {
                    throw Error($"Function {name}() takes at least one argument.", fn);
                }

                break;
            default:
                throw Error($"The function '{name}' does not exist.", fn);
        }

        var args = new ValueNode[n];
        for (int i = 0; i < n; i++)
        {
            if (!IsFieldish(fn.Args[i]))
            {
                throw Error($"Argument {i + 1} of {name}() must be a field or a function.", fn.Args[i]);
            }

            args[i] = CompileValue(fn.Args[i], null);
        }

        FType t = args[0].Type;
        FType type;
        switch (name)
        {
            case "count":
                if (args[0] is not FieldNode)
                {
                    throw Error("count() needs a field.", fn.Args[0]);
                }

                type = FType.UInt;
                break;
            case "len":
                if (!Compare.IsBytesLike(t))
                {
                    throw Error($"len() needs a string or byte field, not {Literals.TypeName(t)}.", fn.Args[0]);
                }

                type = FType.UInt;
                break;
            case "lower" or "upper":
                if (t != FType.String)
                {
                    throw Error($"{name}() needs a string field, not {Literals.TypeName(t)}.", fn.Args[0]);
                }

                type = FType.String;
                break;
            case "string":
                if (t is FType.String or FType.Bytes or FType.Protocol)
                {
                    throw Error($"string() converts non-string fields; {Literals.TypeName(t)} cannot be converted.", fn.Args[0]);
                }

                type = FType.String;
                break;
            default:
                if (name == "abs" && !(Compare.IsNumeric(t) || t is FType.Double or FType.RelTime))
                {
                    throw Error("abs() needs a numeric field.", fn.Args[0]);
                }

                foreach (ValueNode a in args)
                {
                    if (a.Type != t)
                    {
                        throw Error($"The arguments of {name}() must all have the same type.", fn);
                    }
                }

                type = t;
                break;
        }

        return new FuncNode(name, args, type);
    }

    private BoolNode CompileCompare(SynCompare c)
    {
        ValueNode left, right;
        bool leftField = IsFieldish(c.Left) || (c.Left is SynNeg ln && IsFieldish(ln.Inner));
        bool rightField = IsFieldish(c.Right) || (c.Right is SynNeg rn && IsFieldish(rn.Inner));
        if (!leftField && !rightField)
        {
            if (c.Left is SynWord w && !char.IsAsciiDigit(w.Text[0]) && !w.Text.Contains(':', StringComparison.Ordinal))
            {
                throw Error($"{w.Text} is neither a field nor a protocol name.", c.Left);
            }

            throw Error("Constant expressions are not supported: one side of a comparison must be a field.", c.Left);
        }

        if (c.Op == CmpOp.Matches)
        {
            left = leftField ? CompileValue(c.Left, null) : throw Error("The left side of \"matches\" must be a field.", c.Left);
            if (left.Type is not (FType.String or FType.Bytes or FType.Protocol))
            {
                throw Error($"{Describe(c.Left, left)} cannot participate in 'matches' comparison.", c.Left);
            }

            if (c.Right is not SynString rs)
            {
                throw Error("The right side of \"matches\" must be a double-quoted string (a regular expression).", c.Right);
            }

            return new CompareNode(c.Op, c.Quant, left, left, CompileRegex(Encoding.UTF8.GetString(rs.Value), rs));
        }

        if (leftField)
        {
            left = CompileValue(c.Left, null);
            right = rightField ? CompileValue(c.Right, null) : CompileLiteral(c.Right, LiteralTypeFor(left.Type, c.Op, c.Right));
        }
        else
        {
            right = CompileValue(c.Right, null);
            left = CompileLiteral(c.Left, LiteralTypeFor(right.Type, c.Op, c.Left));
        }

        if (c.Op == CmpOp.Contains)
        {
            if (left.Type is not (FType.String or FType.Bytes or FType.Protocol))
            {
                throw Error($"{Describe(c.Left, left)} cannot participate in 'contains' comparison.", c.Left);
            }
        }

        if (leftField && rightField && !Compatible(left.Type, right.Type))
        {
            throw Error($"{Describe(c.Left, left)} and {Describe(c.Right, right)} are not of compatible types.", c.Left);
        }

        return new CompareNode(c.Op, c.Quant, left, right, null);
    }

    private static FType LiteralTypeFor(FType fieldType, CmpOp op, Syn literal)
    {
        if (fieldType == FType.Protocol || (op == CmpOp.Contains && fieldType == FType.String && literal is not SynString))
        {
            return fieldType == FType.String ? FType.String : FType.Bytes;
        }

        return fieldType;
    }

    private string Describe(Syn s, ValueNode v) => $"{text.Substring(s.Col, Math.Min(s.Len, text.Length - s.Col))} (type={Literals.TypeName(v.Type)})";

    private static bool Compatible(FType a, FType b)
    {
        if (a == b)
        {
            return true;
        }

        if (Compare.IsNumeric(a) && Compare.IsNumeric(b))
        {
            return true;
        }

        return Compare.IsBytesLike(a) && Compare.IsBytesLike(b) && a is not (FType.Mac or FType.Ipv6) && b is not (FType.Mac or FType.Ipv6);
    }

    private Regex CompileRegex(string pattern, Syn s)
    {
        RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            // Back-references and look-arounds need the backtracking engine: bounded by a match timeout.
        }
        catch (ArgumentException ex)
        {
            throw Error($"Invalid regular expression: {ex.Message}", s);
        }

        try
        {
            return new Regex(pattern, options, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw Error($"Invalid regular expression: {ex.Message}", s);
        }
    }

    private BoolNode CompileIn(SynIn i)
    {
        if (!IsFieldish(i.Left))
        {
            throw Error("The left side of \"in\" must be a field.", i.Left);
        }

        ValueNode left = CompileValue(i.Left, null);
        var items = new (LiteralNode, LiteralNode?)[i.Items.Length];
        for (int k = 0; k < items.Length; k++)
        {
            (Syn lo, Syn? hi) = i.Items[k];
            if (IsFieldish(lo) || (hi is not null && IsFieldish(hi)))
            {
                throw Error("Set elements must be values.", lo);
            }

            FType t = LiteralTypeFor(left.Type, CmpOp.Eq, lo);
            items[k] = (CompileLiteral(lo, t), hi is null ? null : CompileLiteral(hi, t));
        }

        return new InNode(left, items, i.Negated);
    }
}
