using System.Globalization;

namespace Forensics.Net.Pcap.Analysis.Internal;

/// <summary>Tokenizer and recursive-descent parser of the Wireshark 4.x display filter grammar (wireshark-filter(4)).</summary>
internal sealed partial class FilterParser
{
    public const int MaxLength = 64 * 1024;
    public const int MaxDepth = 200;

    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _depth;

    private FilterParser(string text)
    {
        _text = text;
    }

    public static Syn Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new DisplayFilterException($"The filter is {text.Length} characters long; at most {MaxLength} are accepted.", string.Empty, 0, 0);
        }

        var p = new FilterParser(text);
        p.Tokenize();
        if (p._tokens.Count == 1)
        {
            throw p.Error("Empty filter: expected a field, a protocol or an expression.", p._tokens[0]);
        }

        Syn result = p.ParseOr();
        if (p.Peek.Kind != TokKind.Eof)
        {
            throw p.Error($"\"{p.Peek.Text}\" was unexpected in this context.", p.Peek);
        }

        return result;
    }

    internal DisplayFilterException Error(string message, Token t) => new(message, _text, t.Col, Math.Max(1, t.Len));

    internal DisplayFilterException Error(string message, int col, int len) => new(message, _text, col, Math.Max(1, len));

    private Token Peek => _tokens[_pos];

    private Token Next() => _tokens[_pos++];

    private static bool IsKeyword(Token t, string kw) => t.Kind == TokKind.Word && t.Text == kw;

    private void Enter(Token t)
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"The filter nests deeper than {MaxDepth} levels.", t);
        }
    }

    private Syn ParseOr()
    {
        Enter(Peek);
        Syn left = ParseXor();
        while (Peek is { Kind: TokKind.Op, Text: "||" } || IsKeyword(Peek, "or"))
        {
            Next();
            Syn right = ParseXor();
            left = new SynLogic('|', left, right, left.Col, right.Col + right.Len - left.Col);
        }

        _depth--;
        return left;
    }

    private Syn ParseXor()
    {
        Syn left = ParseAnd();
        while (Peek is { Kind: TokKind.Op, Text: "^^" } || IsKeyword(Peek, "xor"))
        {
            Next();
            Syn right = ParseAnd();
            left = new SynLogic('^', left, right, left.Col, right.Col + right.Len - left.Col);
        }

        return left;
    }

    private Syn ParseAnd()
    {
        Syn left = ParseNot();
        while (Peek is { Kind: TokKind.Op, Text: "&&" } || IsKeyword(Peek, "and"))
        {
            Next();
            Syn right = ParseNot();
            left = new SynLogic('&', left, right, left.Col, right.Col + right.Len - left.Col);
        }

        return left;
    }

    private Syn ParseNot()
    {
        Token t = Peek;
        if (t is { Kind: TokKind.Op, Text: "!" } || IsKeyword(t, "not"))
        {
            Next();
            Enter(t);
            Syn inner = ParseNot();
            _depth--;
            return new SynNot(inner, t.Col, inner.Col + inner.Len - t.Col);
        }

        return ParseRelation();
    }

    private Syn ParseRelation()
    {
        Token first = Peek;
        Quant quant = Quant.Default;
        if (IsKeyword(first, "all") || IsKeyword(first, "any"))
        {
            Token after = _tokens[_pos + 1];
            if (after.Kind is TokKind.Word or TokKind.LParen)
            {
                quant = first.Text == "all" ? Quant.All : Quant.Any;
                Next();
            }
        }

        if (quant == Quant.Default && first.Kind == TokKind.LParen)
        {
            // A parenthesised logical expression (arithmetic grouping uses braces in this grammar).
            Next();
            Syn inner = ParseOr();
            Expect(TokKind.RParen, "\")\"");
            return inner;
        }

        Syn left = ParseArith();
        Token op = Peek;
        CmpOp? cmp = op.Kind switch
        {
            TokKind.Op => op.Text switch
            {
                "==" => CmpOp.Eq,
                "!=" => CmpOp.Ne,
                "===" => CmpOp.AllEq,
                "!==" or "~=" => CmpOp.AnyNe,
                ">" => CmpOp.Gt,
                "<" => CmpOp.Lt,
                ">=" => CmpOp.Ge,
                "<=" => CmpOp.Le,
                "~" => CmpOp.Matches,
                _ => null,
            },
            TokKind.Word => op.Text switch
            {
                "eq" or "any_eq" => CmpOp.Eq,
                "ne" or "all_ne" => CmpOp.Ne,
                "all_eq" => CmpOp.AllEq,
                "any_ne" => CmpOp.AnyNe,
                "gt" => CmpOp.Gt,
                "lt" => CmpOp.Lt,
                "ge" => CmpOp.Ge,
                "le" => CmpOp.Le,
                "contains" => CmpOp.Contains,
                "matches" => CmpOp.Matches,
                _ => null,
            },
            _ => null,
        };
        if (cmp is { } c)
        {
            Next();
            Syn right = ParseArith();
            return new SynCompare(c, quant, left, right, op.Col, op.Len);
        }

        bool negatedIn = false;
        if (IsKeyword(op, "not") && IsKeyword(_tokens[_pos + 1], "in"))
        {
            Next();
            negatedIn = true;
        }

        if (IsKeyword(Peek, "in"))
        {
            Token inTok = Next();
            return new SynIn(left, ParseSet(), negatedIn, inTok.Col, inTok.Len);
        }

        if (quant != Quant.Default)
        {
            throw Error($"Expected a comparison after \"{first.Text}\".", Peek);
        }

        return left;
    }

    private (Syn, Syn?)[] ParseSet()
    {
        Expect(TokKind.LBrace, "\"{\"");
        var items = new List<(Syn, Syn?)>();
        while (true)
        {
            if (Peek.Kind == TokKind.RBrace && items.Count > 0)
            {
                Next();
                break;
            }

            Syn lo = ParseArith();
            Syn? hi = null;
            if (Peek.Kind == TokKind.DotDot)
            {
                Next();
                hi = ParseArith();
            }

            items.Add((lo, hi));
            if (Peek.Kind == TokKind.Comma)
            {
                Next();
                continue;
            }

            if (Peek.Kind == TokKind.RBrace)
            {
                continue;
            }

            if (Peek.Kind == TokKind.Eof)
            {
                throw Error("The set is not closed: expected \"}\".", Peek);
            }

            // Wireshark 3.x and 4.2+ also accept whitespace-separated elements: {80 443 8000..8999}.
        }

        return items.ToArray();
    }

    private Token Expect(TokKind kind, string what)
    {
        Token t = Peek;
        if (t.Kind != kind)
        {
            throw t.Kind == TokKind.Eof
                ? Error($"Unexpected end of filter expression: expected {what}.", t.Col, 1)
                : Error($"\"{t.Text}\" was unexpected in this context: expected {what}.", t);
        }

        return Next();
    }

    // Arithmetic: '&' lowest, then '+' '-', then '*' '/' '%', then unary minus, then postfix slices.
    private Syn ParseArith()
    {
        Enter(Peek);
        Syn left = ParseAdd();
        while (Peek is { Kind: TokKind.Op, Text: "&" } || IsKeyword(Peek, "bitwise_and"))
        {
            Token op = Next();
            Syn right = ParseAdd();
            left = new SynArith('&', left, right, op.Col, op.Len);
        }

        _depth--;
        return left;
    }

    private Syn ParseAdd()
    {
        Syn left = ParseMul();
        while (Peek is { Kind: TokKind.Op, Text: "+" or "-" })
        {
            Token op = Next();
            Syn right = ParseMul();
            left = new SynArith(op.Text[0], left, right, op.Col, op.Len);
        }

        return left;
    }

    private Syn ParseMul()
    {
        Syn left = ParseUnary();
        while (Peek is { Kind: TokKind.Op, Text: "*" or "/" or "%" })
        {
            Token op = Next();
            Syn right = ParseUnary();
            left = new SynArith(op.Text[0], left, right, op.Col, op.Len);
        }

        return left;
    }

    private Syn ParseUnary()
    {
        Token t = Peek;
        if (t is { Kind: TokKind.Op, Text: "-" })
        {
            Next();
            Enter(t);
            Syn inner = ParseUnary();
            _depth--;
            return new SynNeg(inner, t.Col, inner.Col + inner.Len - t.Col);
        }

        Syn primary = ParsePrimary();
        while (Peek.Kind == TokKind.LBracket)
        {
            Token b = Next();
            primary = new SynSlice(primary, ParseSliceRanges(b), primary.Col, b.Col + b.Len - primary.Col);
        }

        return primary;
    }

    private SliceRange[] ParseSliceRanges(Token b)
    {
        var list = new List<SliceRange>();
        foreach (string rawPart in b.Text.Split(','))
        {
            string part = rawPart.Trim();
            bool ok;
            SliceRange r = default;
            int colon = part.IndexOf(':', StringComparison.Ordinal);
            int dash = part.IndexOf('-', 1 < part.Length ? 1 : 0);
            if (part.Length == 0)
            {
                ok = false;
            }
            else if (colon >= 0)
            {
                string a = part[..colon].Trim(), l = part[(colon + 1)..].Trim();
                ok = (a.Length == 0 || int.TryParse(a, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                     && (l.Length == 0 || (int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out int len0) && len0 > 0));
                if (ok)
                {
                    int start = a.Length == 0 ? 0 : int.Parse(a, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    r = l.Length == 0 ? new SliceRange(start, null, true) : new SliceRange(start, int.Parse(l, CultureInfo.InvariantCulture), false);
                }
            }
            else if (dash > 0)
            {
                string a = part[..dash].Trim(), e = part[(dash + 1)..].Trim();
                int s0 = 0, e0 = 0;
                ok = int.TryParse(a, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out s0)
                     && int.TryParse(e, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out e0)
                     && ((s0 >= 0 && e0 >= s0) || (s0 < 0 && e0 < 0 && e0 >= s0));
                if (ok)
                {
                    r = new SliceRange(s0, e0 - s0 + 1, false);
                }
            }
            else
            {
                ok = int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int s1);
                r = new SliceRange(s1, 1, false);
            }

            if (!ok)
            {
                throw Error($"\"{part}\" is not a valid slice range: expected [i:j], [i-j], [i], [:j] or [i:].", b);
            }

            list.Add(r);
        }

        return list.ToArray();
    }

    private Syn ParsePrimary()
    {
        Token t = Peek;
        switch (t.Kind)
        {
            case TokKind.Word:
                Next();
                if (Peek.Kind == TokKind.LParen && t.Text.IndexOfAny(['.', ':', '/', '-']) < 0)
                {
                    Next();
                    var args = new List<Syn>();
                    if (Peek.Kind != TokKind.RParen)
                    {
                        while (true)
                        {
                            args.Add(ParseArith());
                            if (Peek.Kind == TokKind.Comma)
                            {
                                Next();
                                continue;
                            }

                            break;
                        }
                    }

                    Token close = Expect(TokKind.RParen, "\")\"");
                    return new SynFunc(t.Text, args.ToArray(), t.Col, close.Col + 1 - t.Col);
                }

                if (IsReserved(t.Text))
                {
                    throw Error($"\"{t.Text}\" was unexpected in this context.", t);
                }

                return new SynWord(t.Text, t.Col, t.Len);
            case TokKind.String:
                Next();
                return new SynString(t.Bytes!, t.Raw, t.Col, t.Len);
            case TokKind.Char:
                Next();
                return new SynChar(t.Bytes![0], t.Col, t.Len);
            case TokKind.LBrace:
            {
                Next();
                Syn inner = ParseArith();
                Expect(TokKind.RBrace, "\"}\"");
                return inner;
            }

            case TokKind.Eof:
                throw Error("Unexpected end of filter expression.", t.Col, 1);
            default:
                throw Error($"\"{t.Text}\" was unexpected in this context.", t);
        }
    }

    private static bool IsReserved(string w) => w is "and" or "or" or "not" or "xor" or "in" or "contains" or "matches"
        or "eq" or "ne" or "gt" or "lt" or "ge" or "le" or "all_eq" or "any_eq" or "all_ne" or "any_ne" or "bitwise_and";
}
