using System.Globalization;
using System.Text;

namespace Forensics.Net.Pcap.Analysis.Internal;

internal sealed partial class FilterParser
{
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
}
