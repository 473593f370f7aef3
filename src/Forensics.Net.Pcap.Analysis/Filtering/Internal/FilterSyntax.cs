using System.Globalization;
using System.Text;

namespace Forensics.Net.Pcap.Analysis.Internal;

internal enum TokKind : byte
{
    Eof,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    Comma,
    DotDot,
    Word,
    String,
    Char,
    Op,
}

internal readonly record struct Token(TokKind Kind, string Text, int Col, int Len, byte[]? Bytes = null, bool Raw = false);

internal enum CmpOp : byte
{
    Eq,
    Ne,
    AllEq,
    AnyNe,
    Gt,
    Lt,
    Ge,
    Le,
    Contains,
    Matches,
}

internal enum Quant : byte
{
    Default,
    Any,
    All,
}

internal abstract class Syn
{
    protected Syn(int col, int len)
    {
        Col = col;
        Len = len;
    }

    public int Col { get; }

    public int Len { get; }
}

internal sealed class SynWord(string text, int col, int len) : Syn(col, len)
{
    public string Text { get; } = text;
}

internal sealed class SynString(byte[] value, bool raw, int col, int len) : Syn(col, len)
{
    public byte[] Value { get; } = value;

    public bool Raw { get; } = raw;
}

internal sealed class SynChar(long value, int col, int len) : Syn(col, len)
{
    public long Value { get; } = value;
}

internal readonly record struct SliceRange(int Start, int? Length, bool ToEnd);

internal sealed class SynSlice(Syn inner, SliceRange[] ranges, int col, int len) : Syn(col, len)
{
    public Syn Inner { get; } = inner;

    public SliceRange[] Ranges { get; } = ranges;
}

internal sealed class SynFunc(string name, Syn[] args, int col, int len) : Syn(col, len)
{
    public string Name { get; } = name;

    public Syn[] Args { get; } = args;
}

internal sealed class SynArith(char op, Syn left, Syn right, int col, int len) : Syn(col, len)
{
    public char Op { get; } = op;

    public Syn Left { get; } = left;

    public Syn Right { get; } = right;
}

internal sealed class SynNeg(Syn inner, int col, int len) : Syn(col, len)
{
    public Syn Inner { get; } = inner;
}

internal sealed class SynCompare(CmpOp op, Quant quant, Syn left, Syn right, int col, int len) : Syn(col, len)
{
    public CmpOp Op { get; } = op;

    public Quant Quant { get; } = quant;

    public Syn Left { get; } = left;

    public Syn Right { get; } = right;
}

internal sealed class SynIn(Syn left, (Syn Lo, Syn? Hi)[] items, bool negated, int col, int len) : Syn(col, len)
{
    public Syn Left { get; } = left;

    public (Syn Lo, Syn? Hi)[] Items { get; } = items;

    public bool Negated { get; } = negated;
}

internal sealed class SynLogic(char op, Syn left, Syn right, int col, int len) : Syn(col, len)
{
    // '&' and, '|' or, '^' xor
    public char Op { get; } = op;

    public Syn Left { get; } = left;

    public Syn Right { get; } = right;
}

internal sealed class SynNot(Syn inner, int col, int len) : Syn(col, len)
{
    public Syn Inner { get; } = inner;
}

/// <summary>Tokenizer and recursive-descent parser of the Wireshark 4.x display filter grammar (wireshark-filter(4)).</summary>
internal sealed class FilterParser
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

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-' or '/';

    private void Tokenize()
    {
        string s = _text;
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            int start = i;
            switch (c)
            {
                case '(':
                    _tokens.Add(new Token(TokKind.LParen, "(", i++, 1));
                    continue;
                case ')':
                    _tokens.Add(new Token(TokKind.RParen, ")", i++, 1));
                    continue;
                case '{':
                    _tokens.Add(new Token(TokKind.LBrace, "{", i++, 1));
                    continue;
                case '}':
                    _tokens.Add(new Token(TokKind.RBrace, "}", i++, 1));
                    continue;
                case ',':
                    _tokens.Add(new Token(TokKind.Comma, ",", i++, 1));
                    continue;
                case '[':
                {
                    int close = s.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        throw Error("Unclosed slice: expected ']'.", i, 1);
                    }

                    _tokens.Add(new Token(TokKind.LBracket, s[(i + 1)..close], i, close - i + 1));
                    i = close + 1;
                    continue;
                }

                case '"':
                    _tokens.Add(ReadString(ref i, raw: false));
                    continue;
                case 'r' when i + 1 < s.Length && s[i + 1] == '"':
                    i++;
                    Token rt = ReadString(ref i, raw: true);
                    _tokens.Add(rt with { Col = start, Len = rt.Len + 1 });
                    continue;
                case '\'':
                    _tokens.Add(ReadChar(ref i));
                    continue;
                case '.' when i + 1 < s.Length && s[i + 1] == '.':
                    _tokens.Add(new Token(TokKind.DotDot, "..", i, 2));
                    i += 2;
                    continue;
                case '=' or '!' or '<' or '>' or '~' or '&' or '|' or '^' or '+' or '*' or '%' or '-' or '/':
                {
                    string op = ReadOperator(ref i);
                    _tokens.Add(new Token(TokKind.Op, op, start, op.Length));
                    continue;
                }

                case '$':
                    throw Error("Field references (${...}) need a selected packet and are not supported.", i, 1);
                case '#':
                    throw Error("The layer operator '#' is not supported.", i, 1);
            }

            if (IsWordChar(c))
            {
                while (i < s.Length && IsWordChar(s[i]))
                {
                    if (s[i] == '.' && i + 1 < s.Length && s[i + 1] == '.')
                    {
                        break;
                    }

                    i++;
                }

                _tokens.Add(new Token(TokKind.Word, s[start..i], start, i - start));
                continue;
            }

            throw Error($"\"{c}\" is not a valid character here.", i, 1);
        }

        _tokens.Add(new Token(TokKind.Eof, string.Empty, s.Length, 0));
    }

    private string ReadOperator(ref int i)
    {
        string s = _text;
        string[] ops = ["===", "!==", "==", "!=", ">=", "<=", "&&", "||", "^^", "~=", "!", "<", ">", "~", "&", "+", "-", "*", "/", "%", "="];
        foreach (string op in ops)
        {
            if (string.CompareOrdinal(s, i, op, 0, op.Length) == 0)
            {
                if (op == "=" || op == "|" || op == "^")
                {
                    break;
                }

                i += op.Length;
                return op;
            }
        }

        throw Error($"\"{s[i]}\" was unexpected in this context.", i, 1);
    }

    private Token ReadString(ref int i, bool raw)
    {
        string s = _text;
        int start = i;
        i++; // opening quote
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (i >= s.Length)
            {
                throw Error("The string is not terminated: expected '\"'.", start, s.Length - start);
            }

            char c = s[i];
            if (c == '"')
            {
                i++;
                break;
            }

            if (c == '\\')
            {
                if (i + 1 >= s.Length)
                {
                    throw Error("The string is not terminated: expected '\"'.", start, s.Length - start);
                }

                if (raw)
                {
                    // Raw strings keep the backslash; \" still does not end the string.
                    bytes.Add((byte)'\\');
                    AddChar(bytes, s[i + 1], utf8);
                    i += 2;
                    continue;
                }

                int escStart = i;
                i++;
                char e = s[i];
                switch (e)
                {
                    case '\'': bytes.Add((byte)'\''); i++; break;
                    case '"': bytes.Add((byte)'"'); i++; break;
                    case '\\': bytes.Add((byte)'\\'); i++; break;
                    case 'a': bytes.Add(7); i++; break;
                    case 'b': bytes.Add(8); i++; break;
                    case 'f': bytes.Add(12); i++; break;
                    case 'n': bytes.Add(10); i++; break;
                    case 'r': bytes.Add(13); i++; break;
                    case 't': bytes.Add(9); i++; break;
                    case 'v': bytes.Add(11); i++; break;
                    case 'x':
                    {
                        int n = 0, v = 0;
                        i++;
                        while (n < 2 && i < s.Length && char.IsAsciiHexDigit(s[i]))
                        {
                            v = (v * 16) + HexValue(s[i]);
                            i++;
                            n++;
                        }

                        if (n == 0)
                        {
                            throw Error("\\x must be followed by one or two hexadecimal digits.", escStart, 2);
                        }

                        bytes.Add((byte)v);
                        break;
                    }

                    case 'u' or 'U':
                    {
                        int digits = e == 'u' ? 4 : 8;
                        if (i + digits >= s.Length + 0 || !int.TryParse(s.AsSpan(i + 1, Math.Min(digits, s.Length - i - 1)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int cp)
                            || i + 1 + digits > s.Length || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                        {
                            throw Error($"\\{e} must be followed by {digits} hexadecimal digits of a Unicode code point.", escStart, 2);
                        }

                        int n = new Rune(cp).EncodeToUtf8(utf8);
                        for (int k = 0; k < n; k++)
                        {
                            bytes.Add(utf8[k]);
                        }

                        i += 1 + digits;
                        break;
                    }

                    case >= '0' and <= '7':
                    {
                        int n = 0, v = 0;
                        while (n < 3 && i < s.Length && s[i] is >= '0' and <= '7')
                        {
                            v = (v * 8) + (s[i] - '0');
                            i++;
                            n++;
                        }

                        if (v > 255)
                        {
                            throw Error($"\\{s.AsSpan(escStart + 1, n)} is not a valid octal escape (above \\377).", escStart, n + 1);
                        }

                        bytes.Add((byte)v);
                        break;
                    }

                    default:
                        // Lenient pre-4.0 escape: tshark 4.x rejects "\." ("is not a valid character escape
                        // sequence"); we keep the backslash and the character, as if "\\." had been written,
                        // so the regex "http://.*\.gif.*" of older guides means what its author meant.
                        bytes.Add((byte)'\\');
                        AddChar(bytes, e, utf8);
                        i++;
                        break;
                }

                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                int n = new Rune(c, s[i + 1]).EncodeToUtf8(utf8);
                for (int k = 0; k < n; k++)
                {
                    bytes.Add(utf8[k]);
                }

                i += 2;
                continue;
            }

            AddChar(bytes, c, utf8);
            i++;
        }

        return new Token(TokKind.String, s[start..i], start, i - start, bytes.ToArray(), raw);
    }

    private static void AddChar(List<byte> bytes, char c, Span<byte> utf8)
    {
        if (c < 0x80)
        {
            bytes.Add((byte)c);
            return;
        }

        int n = Rune.TryCreate(c, out Rune r) ? r.EncodeToUtf8(utf8) : new Rune(0xFFFD).EncodeToUtf8(utf8);
        for (int k = 0; k < n; k++)
        {
            bytes.Add(utf8[k]);
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private Token ReadChar(ref int i)
    {
        string s = _text;
        int start = i;
        int close = i + 1 < s.Length && s[i + 1] == '\\' ? s.IndexOf('\'', Math.Min(i + 3, s.Length)) : (i + 2 < s.Length && s[i + 2] == '\'' ? i + 2 : -1);
        if (close < 0)
        {
            close = s.Length;
        }

        if (close >= s.Length)
        {
            throw Error("The character constant is not terminated: expected \"'\".", start, s.Length - start);
        }

        string body = s[(start + 1)..close];
        long v;
        if (body.Length == 1 && body[0] != '\\')
        {
            v = body[0];
        }
        else if (body.Length >= 2 && body[0] == '\\')
        {
            char e = body[1];
            v = e switch
            {
                '\'' => '\'',
                '"' => '"',
                '\\' => '\\',
                'a' => 7,
                'b' => 8,
                'f' => 12,
                'n' => 10,
                'r' => 13,
                't' => 9,
                'v' => 11,
                '0' or '1' or '2' or '3' or '4' or '5' or '6' or '7' when body.Length <= 4 && body[1..].All(ch => ch is >= '0' and <= '7') => Convert.ToInt64(body[1..], 8),
                'x' when body.Length is 3 or 4 && body[2..].All(char.IsAsciiHexDigit) => Convert.ToInt64(body[2..], 16),
                _ => -1,
            };
            if (v < 0 || (body.Length > 2 && e is not ('x' or (>= '0' and <= '7'))))
            {
                throw Error($"'{body}' is not a valid character constant.", start, close - start + 1);
            }
        }
        else
        {
            throw Error($"'{body}' is not a valid character constant.", start, close - start + 1);
        }

        i = close + 1;
        return new Token(TokKind.Char, s[start..i], start, i - start, [(byte)v]);
    }

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
