using System.Buffers;
using System.Buffers.Binary;

namespace Forensics.Net.FileSignatures.Internal;

/// <summary>
/// Decides text versus binary (BOMs, UTF-16 without BOM, control-byte ratio) and recognises structured text:
/// shebang scripts, PEM, markup (XML, HTML, SVG, DTD, plist), JSON, e-mail, CSV/TSV and source code by
/// weighted keyword scores. Works on bytes: UTF-16 is narrowed to an ASCII-compatible copy first.
/// </summary>
internal static class TextClassifier
{
    private const int SampleBytes = 8 * 1024;

    // Control bytes that do not occur in text (whitespace, form feed, backspace and ESC are allowed).
    private static readonly SearchValues<byte> BinaryControls = SearchValues.Create([0, 1, 2, 3, 4, 5, 6, 7, 0x0B, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1C, 0x1D, 0x1E, 0x1F]);

    public static FileTypeMatch? Classify(ReadOnlySpan<byte> head, bool headIsAll, DetectionNotes notes)
    {
        var db = SignatureDatabase.Instance;
        if (head.IsEmpty)
        {
            return null;
        }

        string encodingNote = string.Empty;
        int bom = 0;
        int unit = 1; // code unit size: 1 (8-bit/UTF-8), 2 (UTF-16), 4 (UTF-32)
        bool bigEndian = false;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bom = 3;
            encodingNote = "UTF-8 with BOM";
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]))
        {
            (bom, unit) = (4, 4);
            encodingNote = "UTF-32LE with BOM";
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
        {
            (bom, unit, bigEndian) = (4, 4, true);
            encodingNote = "UTF-32BE with BOM";
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            (bom, unit) = (2, 2);
            encodingNote = "UTF-16LE with BOM";
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            (bom, unit, bigEndian) = (2, 2, true);
            encodingNote = "UTF-16BE with BOM";
        }
        else if (LooksUtf32(head, out bigEndian))
        {
            unit = 4;
            encodingNote = bigEndian ? "UTF-32BE without BOM" : "UTF-32LE without BOM";
        }
        else if (LooksUtf16(head, out bigEndian))
        {
            unit = 2;
            encodingNote = bigEndian ? "UTF-16BE without BOM" : "UTF-16LE without BOM";
        }

        ReadOnlySpan<byte> raw = head[bom..];
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> text;
            if (unit > 1)
            {
                int n = Math.Min(raw.Length / unit, SampleBytes);
                rented = ArrayPool<byte>.Shared.Rent(Math.Max(n, 1));
                int bad = 0;
                for (int i = 0; i < n; i++)
                {
                    int c = CodeUnit(raw, i, unit, bigEndian);
                    if ((c is < 0x20 and not (0x09 or 0x0A or 0x0D or 0x0C)) || c > 0x10FFFF || (unit == 4 && c is >= 0xD800 and <= 0xDFFF))
                    {
                        bad++;
                    }

                    rented[i] = c < 0x80 ? (byte)c : (byte)0xC0;
                }

                if (bad > n / 50)
                {
                    return null;
                }

                text = rented.AsSpan(0, n);
            }
            else
            {
                text = raw[..Math.Min(raw.Length, SampleBytes)];
                if (!IsMostlyText(text))
                {
                    return null;
                }
            }

            if (encodingNote.Length > 0)
            {
                notes.Add(encodingNote);
            }

            var (id, rule, confidence) = ClassifyText(text, headIsAll && raw.Length <= SampleBytes);
            return new FileTypeMatch(db.Get(id), rule, bom, confidence);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int CodeUnit(ReadOnlySpan<byte> s, int i, int unit, bool bigEndian) => unit == 2
        ? (bigEndian ? (s[2 * i] << 8) | s[(2 * i) + 1] : s[2 * i] | (s[(2 * i) + 1] << 8))
        : (int)Math.Min(bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s[(4 * i)..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[(4 * i)..]), int.MaxValue);

    /// <summary>UTF-32 without BOM: the top two bytes of every code unit are zero and the low two are not both zero.</summary>
    private static bool LooksUtf32(ReadOnlySpan<byte> head, out bool bigEndian)
    {
        bigEndian = false;
        int n = Math.Min(head.Length, 1024) & ~3;
        if (n < 8)
        {
            return false;
        }

        int le = 0;
        int be = 0;
        for (int i = 0; i < n; i += 4)
        {
            le += head[i + 2] == 0 && head[i + 3] == 0 && (head[i] | head[i + 1]) != 0 ? 1 : 0;
            be += head[i] == 0 && head[i + 1] == 0 && (head[i + 2] | head[i + 3]) != 0 ? 1 : 0;
        }

        int units = n / 4;
        if (le == units)
        {
            return true;
        }

        bigEndian = be == units;
        return bigEndian;
    }

    /// <summary>
    /// UTF-16 without BOM: the high bytes of the code units are mostly zero (Latin text), or take few distinct values
    /// (one script block) while every unit decodes to a letter, digit, space, punctuation or symbol.
    /// </summary>
    private static bool LooksUtf16(ReadOnlySpan<byte> head, out bool bigEndian)
    {
        bigEndian = false;
        int n = Math.Min(head.Length, 1024) & ~1;
        if (n < 8)
        {
            return false;
        }

        int evenZero = 0;
        int oddZero = 0;
        for (int i = 0; i < n; i += 2)
        {
            evenZero += head[i] == 0 ? 1 : 0;
            oddZero += head[i + 1] == 0 ? 1 : 0;
        }

        int pairs = n / 2;
        if (oddZero > pairs * 0.7 && evenZero < pairs * 0.05)
        {
            return true;
        }

        if (evenZero > pairs * 0.7 && oddZero < pairs * 0.05)
        {
            bigEndian = true;
            return true;
        }

        if (head[..n].IndexOf((byte)0) < 0 && evenZero + oddZero == 0)
        {
            return false; // no zero byte at all: 8-bit or UTF-8 text is far likelier (UTF-16 text has spaces or Latin punctuation)
        }

        return Utf16Plausible(head[..n], bigEndian: false) || (bigEndian = Utf16Plausible(head[..n], bigEndian: true));
    }

    private static bool Utf16Plausible(ReadOnlySpan<byte> s, bool bigEndian)
    {
        Span<bool> seen = stackalloc bool[256];
        int distinctHigh = 0;
        int good = 0;
        int pairs = s.Length / 2;
        for (int i = 0; i < pairs; i++)
        {
            byte hi = bigEndian ? s[2 * i] : s[(2 * i) + 1];
            if (!seen[hi])
            {
                seen[hi] = true;
                distinctHigh++;
            }

            char c = (char)CodeUnit(s, i, 2, bigEndian);
            var cat = char.GetUnicodeCategory(c);
            good += c is '\t' or '\n' or '\r' || (cat is not (System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.OtherNotAssigned
                or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.Format)) ? 1 : 0;
        }

        return good >= pairs * 0.97 && distinctHigh <= Math.Max(4, pairs / 5) && distinctHigh <= 100;
    }

    /// <summary>No NUL, and control characters other than whitespace/ESC/form-feed are under 1% (UTF-8 and 8-bit code pages pass).</summary>
    private static bool IsMostlyText(ReadOnlySpan<byte> text)
    {
        if (text.IndexOf((byte)0) >= 0)
        {
            return false;
        }

        int control = 0;
        var rest = text;
        int i;
        while ((i = rest.IndexOfAny(BinaryControls)) >= 0)
        {
            if (++control > text.Length / 100)
            {
                return false;
            }

            rest = rest[(i + 1)..];
        }

        if (System.Text.Ascii.IsValid(text))
        {
            return true;
        }

        // A few bytes, none of them ASCII and not UTF-8 (0xCAFEBABE): too little to call it text.
        if (text.Length < 16 && CountAscii(text) == 0)
        {
            var check = text.Length > 4 ? text[..^3] : text;
            return text.Length >= 2 && System.Text.Unicode.Utf8.IsValid(check);
        }

        return true;
    }

    private static int CountAscii(ReadOnlySpan<byte> text)
    {
        int n = 0;
        foreach (byte b in text)
        {
            n += b < 0x80 ? 1 : 0;
        }

        return n;
    }

    private static (string Id, string Rule, double Confidence) ClassifyText(ReadOnlySpan<byte> all, bool complete)
    {
        ReadOnlySpan<byte> t = all.TrimStart(" \t\r\n"u8);
        if (t.IsEmpty)
        {
            return ("txt", "text:whitespace-only", 0.6);
        }

        if (t.StartsWith("#!"u8))
        {
            return Shebang(t);
        }

        if (t.StartsWith("<?php"u8))
        {
            return ("php", "text:<?php", 0.95);
        }

        if (t.StartsWith("-----BEGIN "u8) || all.IndexOf("\n-----BEGIN "u8) >= 0)
        {
            return (t.StartsWith("-----BEGIN PGP"u8) ? "pgp-armored" : "pem", "text:-----BEGIN", 0.95);
        }

        if (t[0] == '<')
        {
            var markup = Markup(t);
            if (markup.Id is not null)
            {
                return markup!;
            }
        }

        if ((t[0] == '{' || t[0] == '[') && JsonChecker.IsJson(t, complete))
        {
            return ("json", "text:json-syntax", 0.95);
        }

        if (t.StartsWith("{\\rtf"u8))
        {
            return ("rtf", "text:{\\rtf", 0.95);
        }

        var mail = Email(t);
        if (mail.Id is not null)
        {
            return mail!;
        }

        return Scored(t);
    }

    private static (string, string, double) Shebang(ReadOnlySpan<byte> t)
    {
        int eol = t.IndexOfAny((byte)'\n', (byte)'\r');
        var line = (eol < 0 ? t : t[..eol])[2..].Trim(" \t"u8);
        var words = line;
        int sp = words.IndexOfAny((byte)' ', (byte)'\t');
        var prog = sp < 0 ? words : words[..sp];
        int slash = prog.LastIndexOf((byte)'/');
        var name = slash < 0 ? prog : prog[(slash + 1)..];
        if (name.SequenceEqual("env"u8) && sp >= 0)
        {
            var rest = words[(sp + 1)..].TrimStart(" \t"u8);
            while (rest.StartsWith("-"u8))
            {
                int s2 = rest.IndexOfAny((byte)' ', (byte)'\t');
                rest = s2 < 0 ? [] : rest[(s2 + 1)..].TrimStart(" \t"u8);
            }

            int s3 = rest.IndexOfAny((byte)' ', (byte)'\t');
            name = s3 < 0 ? rest : rest[..s3];
        }

        string id = name switch
        {
            _ when name.StartsWith("python"u8) || name.StartsWith("pypy"u8) => "python",
            _ when name.StartsWith("perl"u8) => "perl",
            _ when name.StartsWith("ruby"u8) || name.StartsWith("jruby"u8) => "ruby",
            _ when name.StartsWith("node"u8) || name.StartsWith("deno"u8) || name.StartsWith("bun"u8) => "javascript",
            _ when name.StartsWith("php"u8) => "php",
            _ when name.StartsWith("lua"u8) => "lua",
            _ when name.StartsWith("tclsh"u8) || name.StartsWith("wish"u8) || name.StartsWith("expect"u8) => "tcl",
            _ when name.EndsWith("awk"u8) => "awk",
            _ when name.StartsWith("pwsh"u8) || name.StartsWith("powershell"u8) => "powershell",
            _ when name.StartsWith("Rscript"u8) => "r",
            _ when name.StartsWith("make"u8) => "makefile",
            _ when name.SequenceEqual("sed"u8) => "sed",
            _ => "shell",
        };
        return (id, "text:#!" + System.Text.Encoding.ASCII.GetString(name[..Math.Min(name.Length, 40)]), id == "shell" && !IsShellName(name) ? 0.7 : 0.97);
    }

    private static bool IsShellName(ReadOnlySpan<byte> n) =>
        n.SequenceEqual("sh"u8) || n.SequenceEqual("bash"u8) || n.SequenceEqual("dash"u8) || n.SequenceEqual("zsh"u8) ||
        n.SequenceEqual("ksh"u8) || n.SequenceEqual("ash"u8) || n.SequenceEqual("csh"u8) || n.SequenceEqual("tcsh"u8) ||
        n.SequenceEqual("fish"u8) || n.SequenceEqual("mksh"u8) || n.SequenceEqual("busybox"u8);

    private static (string? Id, string Rule, double Confidence) Markup(ReadOnlySpan<byte> t)
    {
        bool xmlDecl = false;
        bool sawDoctype = false;
        var s = t;
        for (int guard = 0; guard < 64 && !s.IsEmpty; guard++)
        {
            s = s.TrimStart(" \t\r\n"u8);
            if (s.StartsWith("<?xml"u8))
            {
                xmlDecl = true;
            }

            if (s.StartsWith("<?"u8))
            {
                int end = s.IndexOf("?>"u8);
                if (end < 0)
                {
                    break;
                }

                s = s[(end + 2)..];
                continue;
            }

            if (s.StartsWith("<!--"u8))
            {
                int end = s.IndexOf("-->"u8);
                if (end < 0)
                {
                    break;
                }

                s = s[(end + 3)..];
                continue;
            }

            if (StartsWithIgnoreCase(s, "<!DOCTYPE"u8))
            {
                sawDoctype = true;
                var rest = s[9..].TrimStart(" \t\r\n"u8);
                if (StartsWithIgnoreCase(rest, "html"u8))
                {
                    return ("html", "text:<!DOCTYPE html", 0.97);
                }

                if (rest.StartsWith("plist"u8))
                {
                    return ("appleplist", "text:<!DOCTYPE plist", 0.97);
                }

                if (rest.StartsWith("svg"u8))
                {
                    return ("svg", "text:<!DOCTYPE svg", 0.97);
                }

                int end = SkipDoctype(s);
                if (end < 0)
                {
                    break;
                }

                s = s[end..];
                continue;
            }

            if (s.StartsWith("<!ELEMENT"u8) || s.StartsWith("<!ATTLIST"u8) || s.StartsWith("<!ENTITY"u8) || s.StartsWith("<!NOTATION"u8))
            {
                return sawDoctype ? ("xml", "text:xml", 0.8) : ("dtd", "text:<!ELEMENT", 0.95);
            }

            break;
        }

        if (s.Length < 2 || s[0] != '<')
        {
            return xmlDecl ? ("xml", "text:<?xml", 0.9) : (null, string.Empty, 0);
        }

        var tag = s[1..];
        int tagEnd = tag.IndexOfAny(" \t\r\n>/"u8);
        var name = tagEnd < 0 ? tag : tag[..tagEnd];
        int colon = name.IndexOf((byte)':');
        var local = colon >= 0 ? name[(colon + 1)..] : name;
        if (EqualsIgnoreCase(name, "html"u8))
        {
            return ("html", "text:<html>", 0.97);
        }

        if (local.SequenceEqual("svg"u8))
        {
            return ("svg", "text:<svg>", 0.97);
        }

        if (name.SequenceEqual("plist"u8))
        {
            return ("appleplist", "text:<plist>", 0.95);
        }

        if (name.SequenceEqual("rss"u8))
        {
            return ("rss", "text:<rss>", 0.95);
        }

        if (name.SequenceEqual("feed"u8) && s.IndexOf("http://www.w3.org/2005/Atom"u8) >= 0)
        {
            return ("atom", "text:<feed xmlns=Atom>", 0.95);
        }

        if (name.SequenceEqual("xsl:stylesheet"u8) || name.SequenceEqual("xsl:transform"u8))
        {
            return ("xslt", "text:<xsl:stylesheet>", 0.95);
        }

        if (name.SequenceEqual("kml"u8))
        {
            return ("kml", "text:<kml>", 0.95);
        }

        if (name.SequenceEqual("gpx"u8))
        {
            return ("gpx", "text:<gpx>", 0.95);
        }

        if (local.SequenceEqual("xsd"u8) || (local.SequenceEqual("schema"u8) && s.IndexOf("XMLSchema"u8) >= 0))
        {
            return ("xsd", "text:<xs:schema>", 0.9);
        }

        if (!xmlDecl)
        {
            foreach (var h in HtmlTags)
            {
                if (EqualsIgnoreCase(name, h))
                {
                    return ("html", "text:<" + System.Text.Encoding.ASCII.GetString(h) + ">", 0.85);
                }
            }
        }

        if (xmlDecl)
        {
            return ("xml", "text:<?xml", 0.95);
        }

        if (name.Length > 0 && (char.IsAsciiLetter((char)name[0]) || name[0] == '_') && s.IndexOf("</"u8) >= 0)
        {
            return ("xml", "text:<element>", 0.75);
        }

        return (null, string.Empty, 0);
    }

    private static readonly byte[][] HtmlTags = ["head"u8.ToArray(), "body"u8.ToArray(), "title"u8.ToArray(), "meta"u8.ToArray(), "div"u8.ToArray(), "p"u8.ToArray(), "script"u8.ToArray(), "table"u8.ToArray(), "h1"u8.ToArray(), "br"u8.ToArray(), "a"u8.ToArray(), "link"u8.ToArray(), "style"u8.ToArray(), "iframe"u8.ToArray()];

    private static int SkipDoctype(ReadOnlySpan<byte> s)
    {
        int depth = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '[')
            {
                depth++;
            }
            else if (s[i] == ']')
            {
                depth--;
            }
            else if (s[i] == '>' && depth <= 0)
            {
                return i + 1;
            }
        }

        return -1;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> p) => s.Length >= p.Length && EqualsIgnoreCase(s[..p.Length], p);

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if ((a[i] | 0x20) != (b[i] | 0x20))
            {
                return false;
            }
        }

        return true;
    }

    private static (string? Id, string Rule, double Confidence) Email(ReadOnlySpan<byte> t)
    {
        if (t.StartsWith("From "u8))
        {
            int nl = t.IndexOf((byte)'\n');
            if (nl > 0 && HeaderCount(t[(nl + 1)..], out _) >= 2)
            {
                return ("mbox", "text:From-line+headers", 0.9);
            }
        }

        int known = HeaderCount(t, out bool related);
        if (known >= 2)
        {
            return related ? ("mht", "text:rfc822 headers multipart/related", 0.9) : ("eml", $"text:rfc822 headers ({known} known)", 0.9);
        }

        return (null, string.Empty, 0);
    }

    private static readonly byte[][] MailHeaders = ["from"u8.ToArray(), "to"u8.ToArray(), "subject"u8.ToArray(), "date"u8.ToArray(), "received"u8.ToArray(), "return-path"u8.ToArray(), "message-id"u8.ToArray(), "mime-version"u8.ToArray(), "delivered-to"u8.ToArray(), "cc"u8.ToArray(), "reply-to"u8.ToArray(), "sender"u8.ToArray(), "x-mailer"u8.ToArray(), "in-reply-to"u8.ToArray(), "references"u8.ToArray(), "dkim-signature"u8.ToArray(), "x-original-to"u8.ToArray()];

    private static int HeaderCount(ReadOnlySpan<byte> t, out bool related)
    {
        related = false;
        int known = 0;
        int lines = 0;
        bool sawContentType = false;
        while (!t.IsEmpty && lines < 60)
        {
            int nl = t.IndexOf((byte)'\n');
            var line = (nl < 0 ? t : t[..nl]).TrimEnd((byte)'\r');
            t = nl < 0 ? [] : t[(nl + 1)..];
            lines++;
            if (line.IsEmpty)
            {
                break;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (lines == 1)
                {
                    return 0;
                }

                continue;
            }

            int colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].IndexOfAny(" \t"u8) >= 0)
            {
                return lines == 1 ? 0 : known;
            }

            var name = line[..colon];
            foreach (var h in MailHeaders)
            {
                if (EqualsIgnoreCase(name, h))
                {
                    known++;
                    break;
                }
            }

            if (EqualsIgnoreCase(name, "content-type"u8))
            {
                sawContentType = true;
                related |= line.IndexOf("multipart/related"u8) >= 0;
            }
        }

        return sawContentType && known == 1 ? 2 : known;
    }

    private static (string Id, string Rule, double Confidence) Scored(ReadOnlySpan<byte> t)
    {
        Span<double> score = stackalloc double[(int)Lang.Count];
        int lines = 0;
        int headingLines = 0;
        var rest = t;
        bool firstLine = true;
        double pendingHeading = 0;
        while (!rest.IsEmpty && lines < 250)
        {
            int nl = rest.IndexOf((byte)'\n');
            var raw = (nl < 0 ? rest : rest[..nl]).TrimEnd((byte)'\r');
            rest = nl < 0 ? [] : rest[(nl + 1)..];
            lines++;
            var line = raw.TrimStart(" \t"u8);
            if (line.IsEmpty)
            {
                pendingHeading = 0;
                continue;
            }

            // A "# ..." line directly followed by more text is a comment, not a Markdown heading (those stand alone).
            score[(int)Lang.Markdown] -= pendingHeading;
            double before = score[(int)Lang.Markdown];
            int headingsBefore = headingLines;
            ScoreLine(line, raw, score, firstLine, ref headingLines);
            pendingHeading = headingLines > headingsBefore ? score[(int)Lang.Markdown] - before : 0;
            firstLine = false;
        }

        ScoreWhole(t, score);

        // Columns that agree over many lines are stronger evidence than a few keyword hits (a "## comment ##" row in a CSV).
        if (lines >= 10 && Delimited(t, strong: true) is { } table)
        {
            return (table, "text:delimited-columns", 0.85);
        }

        int best = 0;
        for (int i = 1; i < score.Length; i++)
        {
            if (score[i] > score[best])
            {
                best = i;
            }
        }

        if (score[best] >= 4)
        {
            var lang = (Lang)best;
            return (LangId(lang), $"text:keywords({LangId(lang)}={score[best]:0})", Math.Min(0.9, 0.5 + (score[best] / 40)));
        }

        var csv = Delimited(t, strong: false);
        if (csv is not null)
        {
            return (csv, "text:delimited-columns", 0.8);
        }

        if (score[best] >= 2.5)
        {
            var lang = (Lang)best;
            return (LangId(lang), $"text:keywords({LangId(lang)}={score[best]:0.0})", 0.55);
        }

        return ("txt", "text:printable", 0.7);
    }

    private enum Lang
    {
        C,
        Cpp,
        Python,
        Perl,
        Ruby,
        JavaScript,
        Css,
        Shell,
        Markdown,
        Toml,
        Ini,
        Yaml,
        Makefile,
        Latex,
        Batch,
        Dockerfile,
        Sql,
        Diff,
        Go,
        Rust,
        Java,
        CSharp,
        Xbm,
        Srt,
        Vim,
        Count,
    }

    private static string LangId(Lang l) => l switch
    {
        Lang.C => "c",
        Lang.Cpp => "cpp",
        Lang.Python => "python",
        Lang.Perl => "perl",
        Lang.Ruby => "ruby",
        Lang.JavaScript => "javascript",
        Lang.Css => "css",
        Lang.Shell => "shell",
        Lang.Markdown => "markdown",
        Lang.Toml => "toml",
        Lang.Ini => "ini",
        Lang.Yaml => "yaml",
        Lang.Makefile => "makefile",
        Lang.Latex => "latex",
        Lang.Batch => "batch",
        Lang.Dockerfile => "dockerfile",
        Lang.Sql => "sql",
        Lang.Diff => "diff",
        Lang.Go => "go",
        Lang.Rust => "rust",
        Lang.Java => "java",
        Lang.CSharp => "csharp",
        Lang.Xbm => "xbm",
        Lang.Srt => "srt",
        Lang.Vim => "vim",
        _ => "txt",
    };

    private static void Add(Span<double> s, Lang l, double w) => s[(int)l] += w;

    private static void ScoreLine(ReadOnlySpan<byte> line, ReadOnlySpan<byte> raw, Span<double> s, bool first, ref int headings)
    {
        byte c0 = line[0];
        if (c0 is (byte)'e' or (byte)'s' or (byte)'h' or (byte)'l' or (byte)'f')
        {
            VimKeywords(line, s);
        }

        if (c0 == '#')
        {
            if (line.StartsWith("#include"u8) || line.StartsWith("#ifndef"u8) || line.StartsWith("#ifdef"u8) || line.StartsWith("#endif"u8) || line.StartsWith("#pragma"u8) || line.StartsWith("#undef"u8) || line.StartsWith("#elif"u8))
            {
                Add(s, Lang.C, 2);
            }
            else if (line.StartsWith("#define"u8))
            {
                Add(s, Lang.C, 2);
                if (line.IndexOf("_width "u8) > 0 || line.IndexOf("_height "u8) > 0)
                {
                    Add(s, Lang.Xbm, 6);
                }
            }
            else if (line.StartsWith("#if "u8) || line.StartsWith("#else"u8))
            {
                Add(s, Lang.C, 1);
            }
            else if (raw[0] == '#' && line.Length > 2)
            {
                int h = 0;
                while (h < line.Length && line[h] == '#')
                {
                    h++;
                }

                if (h <= 6 && h < line.Length && line[h] == ' ' && line.Length > h + 1 && line[h + 1] != '#')
                {
                    headings++;
                    Add(s, Lang.Markdown, first ? 2.5 : (h >= 2 ? 1.5 : 0.5));
                }
            }

            return;
        }

        if (c0 == '"' && raw[0] == '"' && (line.Length == 1 || line[1] is (byte)' ' or (byte)'\t'))
        {
            Add(s, Lang.Vim, 1); // Vim script comment
        }

        if (c0 is (byte)'[' or (byte)'\\' or (byte)'}' or (byte)'.' or (byte)'-' or (byte)'+' or (byte)'@' or (byte)'=' or (byte)'$' || char.IsAsciiLetter((char)c0))
        {
            Keywords(line, raw, s, first);
        }

        if (line.IndexOf("self."u8) >= 0)
        {
            Add(s, Lang.Python, 1);
        }

        if (line.IndexOf("std::"u8) >= 0)
        {
            Add(s, Lang.Cpp, 1.5);
        }

        int eq = line.IndexOf((byte)'=');
        if (eq > 0 && IsIdent(line[..eq].TrimEnd(" \t"u8)) && raw[0] != ' ')
        {
            var value = line[(eq + 1)..].Trim(" \t"u8);
            if (value.StartsWith("["u8) && line[eq - 1] == ' ')
            {
                Add(s, Lang.Toml, first ? 3 : 1.5); // arrays are TOML, never INI
            }
            else if (line[eq - 1] == ' ' && (value.StartsWith("\""u8) || value.StartsWith("["u8) || value.StartsWith("true"u8) || value.StartsWith("false"u8) || value.StartsWith("{"u8) || value.StartsWith("'"u8) || (value.Length > 0 && char.IsAsciiDigit((char)value[0]))))
            {
                Add(s, Lang.Toml, 1);
            }
            else
            {
                Add(s, Lang.Ini, 0.5);
            }

            if (value.StartsWith("$("u8) || line[eq - 1] == ':')
            {
                Add(s, Lang.Makefile, 1);
            }
        }

        int colon = line.IndexOf((byte)':');
        if (colon > 0 && raw[0] != '\t' && (colon == line.Length - 1 || line[colon + 1] == ' ') && IsIdent(line[..colon]) && line.IndexOf((byte)';') < 0 && line.IndexOf((byte)'{') < 0)
        {
            Add(s, Lang.Yaml, first && line.Length == colon + 1 ? 0.5 : 0.4);
        }

        if (first && line.SequenceEqual("---"u8))
        {
            Add(s, Lang.Yaml, 2);
        }

        if (line.StartsWith("```"u8))
        {
            Add(s, Lang.Markdown, 2);
        }

        if (line.IndexOf("]("u8) > 0 && line.IndexOf((byte)'[') >= 0)
        {
            Add(s, Lang.Markdown, 1);
        }

        if (line.StartsWith("-->"u8) || (line.Length > 20 && line.IndexOf(" --> "u8) == 12))
        {
            Add(s, Lang.Srt, 3);
        }
    }

    /// <summary>Line-start keywords; only called for lines starting with a letter or one of a few punctuation marks.</summary>
    private static void Keywords(ReadOnlySpan<byte> line, ReadOnlySpan<byte> raw, Span<double> s, bool first)
    {
        byte c0 = line[0];
        if (c0 is (byte)'F')
        {
            if (first && line.StartsWith("FROM "u8))
            {
                Add(s, Lang.Dockerfile, 4);
            }
        }

        if (c0 is (byte)'C' or (byte)'E' or (byte)'R' or (byte)'W')
        {
            if (line.StartsWith("RUN "u8) || line.StartsWith("CMD "u8) || line.StartsWith("ENTRYPOINT "u8) || line.StartsWith("WORKDIR "u8) || line.StartsWith("COPY "u8))
            {
                Add(s, Lang.Dockerfile, 1.5);
            }
        }

        if (c0 is (byte)'d')
        {
            if (line.StartsWith("def "u8) && line.EndsWith(":"u8))
            {
                Add(s, Lang.Python, 3);
            }
            else if (line.StartsWith("def "u8))
            {
                Add(s, Lang.Ruby, 1);
                Add(s, Lang.Python, 1);
            }
        }

        if (c0 is (byte)'i')
        {
            if (line.StartsWith("import "u8))
            {
                if (line.EndsWith(";"u8))
                {
                    Add(s, line.IndexOf("java."u8) > 0 ? Lang.Java : Lang.JavaScript, 2);
                }
                else if (line.IndexOf(" from "u8) > 0 || line.IndexOf("'"u8) > 0 || line.IndexOf("\""u8) > 0)
                {
                    Add(s, Lang.JavaScript, 2);
                }
                else
                {
                    Add(s, Lang.Python, 2);
                }
            }
        }

        if (c0 is (byte)'f')
        {
            if (line.StartsWith("from "u8) && line.IndexOf(" import "u8) > 0)
            {
                Add(s, Lang.Python, 3);
            }
        }

        if (c0 is (byte)'c')
        {
            if (line.StartsWith("class "u8) && line.EndsWith(":"u8))
            {
                Add(s, Lang.Python, 3);
            }
        }

        if (c0 is (byte)'_' or (byte)'e' or (byte)'r')
        {
            if (line.StartsWith("elif "u8) || line.StartsWith("except"u8) || line.StartsWith("__all__"u8) || line.StartsWith("raise "u8))
            {
                Add(s, Lang.Python, 1);
            }
        }

        if (c0 is (byte)'p')
        {
            if (line.StartsWith("package "u8) && line.EndsWith(";"u8))
            {
                Add(s, line.IndexOf("::"u8) > 0 || line.IndexOf((byte)'.') < 0 ? Lang.Perl : Lang.Java, 3);
            }
        }

        if (c0 is (byte)'=' or (byte)'m' or (byte)'o' or (byte)'s' or (byte)'u')
        {
            if (line.StartsWith("use strict"u8) || line.StartsWith("use warnings"u8) || line.StartsWith("my $"u8) || line.StartsWith("my ("u8) || line.StartsWith("our "u8) || line.StartsWith("=head"u8) || line.StartsWith("=cut"u8) || line.StartsWith("=pod"u8))
            {
                Add(s, Lang.Perl, 2.5);
            }
            else if ((line.StartsWith("use "u8) && line.EndsWith(";"u8) && line.IndexOf("::"u8) > 0) || (line.StartsWith("sub "u8) && line.EndsWith("{"u8)))
            {
                Add(s, line.StartsWith("use std::"u8) ? Lang.Rust : Lang.Perl, 2);
            }
        }

        if (c0 is (byte)'a' or (byte)'m' or (byte)'p' or (byte)'r')
        {
            if (line.StartsWith("require '"u8) || line.StartsWith("require_relative"u8) || line.StartsWith("module "u8) || line.StartsWith("attr_accessor"u8) || line.StartsWith("puts "u8))
            {
                Add(s, Lang.Ruby, 2);
            }
        }

        if (c0 is (byte)'c' or (byte)'e' or (byte)'f' or (byte)'l' or (byte)'m' or (byte)'v' or (byte)'}')
        {
            if (line.StartsWith("function "u8) || line.StartsWith("var "u8) || line.StartsWith("let "u8) || line.StartsWith("const "u8) || line.StartsWith("export "u8) || line.StartsWith("module.exports"u8) || line.StartsWith("});"u8))
            {
                Add(s, Lang.JavaScript, 1.5);
            }
        }

        if (c0 is (byte)'d' or (byte)'e' or (byte)'f' or (byte)'i' or (byte)'t')
        {
            if ((line.StartsWith("fi"u8) && line.Length == 2) || line.StartsWith("esac"u8) || line.StartsWith("then"u8) || (line.StartsWith("done"u8) && line.Length == 4) || line.StartsWith("echo "u8) || (line.StartsWith("if ["u8)) || (line.StartsWith("export "u8) && line.IndexOf((byte)'=') > 0))
            {
                Add(s, Lang.Shell, 1.5);
            }
        }

        if (c0 is (byte)'@' or (byte)'R' or (byte)'g' or (byte)'r' or (byte)'s')
        {
            if (line.StartsWith("@echo off"u8) || line.StartsWith("@ECHO OFF"u8) || line.StartsWith("REM "u8) || line.StartsWith("rem "u8) || line.StartsWith("goto "u8) || line.StartsWith("setlocal"u8))
            {
                Add(s, Lang.Batch, 3);
            }
        }

        if (c0 is (byte)'\\')
        {
            if (line.StartsWith("\\documentclass"u8) || line.StartsWith("\\usepackage"u8) || line.StartsWith("\\begin{"u8) || line.StartsWith("\\section"u8) || line.StartsWith("\\end{"u8))
            {
                Add(s, Lang.Latex, 2.5);
            }
        }

        if (c0 is (byte)'e' or (byte)'s' or (byte)'t' or (byte)'u')
        {
            if (line.StartsWith("typedef "u8) || line.StartsWith("struct "u8) || line.StartsWith("extern "u8) || line.StartsWith("static inline"u8) || line.StartsWith("unsigned "u8))
            {
                Add(s, Lang.C, 1.5);
            }
        }

        if (c0 is (byte)'c' or (byte)'n' or (byte)'p' or (byte)'t')
        {
            if (line.StartsWith("namespace "u8) || line.StartsWith("template <"u8) || line.StartsWith("template<"u8) || line.StartsWith("class "u8) && line.EndsWith("{"u8) || line.StartsWith("public:"u8) || line.StartsWith("private:"u8))
            {
                Add(s, Lang.Cpp, 1.5);
            }
        }

        if (c0 is (byte)'u')
        {
            if (line.StartsWith("using System"u8))
            {
                Add(s, Lang.CSharp, 3);
            }
        }

        if (c0 is (byte)'f' or (byte)'p')
        {
            if (line.StartsWith("func "u8) || line.StartsWith("package main"u8))
            {
                Add(s, Lang.Go, 2);
            }
        }

        if (c0 is (byte)'f' or (byte)'i' or (byte)'l' or (byte)'p')
        {
            if (line.StartsWith("fn "u8) || line.StartsWith("pub fn "u8) || line.StartsWith("impl "u8) || line.StartsWith("let mut "u8))
            {
                Add(s, Lang.Rust, 2);
            }
        }

        if (c0 is (byte)'p')
        {
            if (line.StartsWith("public class "u8) || line.StartsWith("public interface "u8))
            {
                Add(s, Lang.Java, 1.5);
                Add(s, Lang.CSharp, 1.5);
            }
        }

        if (c0 is (byte)'C' or (byte)'D' or (byte)'I' or (byte)'S')
        {
            if (line.StartsWith("CREATE TABLE"u8) || line.StartsWith("INSERT INTO"u8) || line.StartsWith("SELECT "u8) || line.StartsWith("DROP TABLE"u8))
            {
                Add(s, Lang.Sql, 2);
            }
        }

        if (c0 is (byte)'+' or (byte)'-' or (byte)'@' or (byte)'d')
        {
            if (line.StartsWith("--- "u8) || line.StartsWith("+++ "u8) || line.StartsWith("@@ "u8) || line.StartsWith("diff --git"u8))
            {
                Add(s, Lang.Diff, 2);
            }
        }

        if (c0 is (byte)'$' or (byte)'.' or (byte)'i')
        {
            if (line.StartsWith(".PHONY"u8) || (raw[0] == '\t' && line.StartsWith("$("u8)) || line.StartsWith("include $("u8))
            {
                Add(s, Lang.Makefile, 3);
            }
        }

        if (c0 == '[' && line.EndsWith("]"u8) && line.IndexOf((byte)' ') < 0)
        {
            bool dotted = line.IndexOf((byte)'.') > 0 || line.StartsWith("[["u8);
            Add(s, dotted ? Lang.Toml : Lang.Ini, 1.5);
            Add(s, dotted ? Lang.Ini : Lang.Toml, 0.5);
        }
        else if (first && c0 == '[' && line.IndexOf((byte)']') < 0 && line.IndexOf((byte)'.') > 0)
        {
            Add(s, Lang.Toml, 2.5);
        }
    }

    private static void VimKeywords(ReadOnlySpan<byte> line, Span<double> s)
    {
        if (line.StartsWith("endif"u8) || line.StartsWith("endfunction"u8) || line.StartsWith("endfunc"u8) || line.StartsWith("endfor"u8) || line.StartsWith("endwhile"u8) || line.StartsWith("endtry"u8))
        {
            Add(s, Lang.Vim, 2);
        }
        else if (line.StartsWith("syn "u8) || line.StartsWith("sy "u8) || line.StartsWith("syntax "u8) || line.StartsWith("hi def"u8) || line.StartsWith("hi link"u8) || line.StartsWith("highlight "u8))
        {
            Add(s, Lang.Vim, 1.5);
        }
        else if (line.StartsWith("let g:"u8) || line.StartsWith("let b:"u8) || line.StartsWith("let s:"u8) || line.StartsWith("let l:"u8) || line.StartsWith("setlocal "u8) || line.StartsWith("finish"u8) || line.StartsWith("function!"u8))
        {
            Add(s, Lang.Vim, 2);
        }
    }

    private static void ScoreWhole(ReadOnlySpan<byte> t, Span<double> s)
    {
        if (t.IndexOf("\"use strict\""u8) >= 0 || t.IndexOf("'use strict'"u8) >= 0)
        {
            Add(s, Lang.JavaScript, 4);
        }

        int fn = Count(t, "function("u8) + Count(t, "function ("u8);
        Add(s, Lang.JavaScript, Math.Min(fn, 8) * 1.0);
        if (t.IndexOf("typeof "u8) >= 0 || t.IndexOf("==="u8) >= 0 || t.IndexOf("define.amd"u8) >= 0 || t.IndexOf("jQuery"u8) >= 0 || t.IndexOf("document."u8) >= 0 || t.IndexOf("window."u8) >= 0)
        {
            Add(s, Lang.JavaScript, 2);
        }

        if (t.IndexOf("-*- C++ -*-"u8) >= 0 || t.IndexOf("Mode: C++"u8) >= 0)
        {
            Add(s, Lang.Cpp, 4);
        }

        if (t.IndexOf("$("u8) >= 0 && t.IndexOf("\nfi\n"u8) >= 0)
        {
            Add(s, Lang.Shell, 2);
        }

        // CSS: declarations "name: value;" inside braces, little JavaScript punctuation.
        int decl = 0;
        int depth = 0;
        int js = 0;
        int n = Math.Min(t.Length, 8192);
        for (int i = 0; i < n; i++)
        {
            byte b = t[i];
            if (b == '{')
            {
                depth++;
            }
            else if (b == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (b == ':' && depth > 0 && i > 0 && i + 1 < n)
            {
                byte p = t[i - 1];
                byte q = t[i + 1];
                if ((char.IsAsciiLetterLower((char)p) || p == '-') && q != '"' && q != '\'' && q != ':')
                {
                    int end = t[i..Math.Min(n, i + 200)].IndexOfAny(";}"u8);
                    int comma = t[i..Math.Min(n, i + 200)].IndexOfAny(",\"'("u8);
                    if (end > 0 && (comma < 0 || comma > end || t[i..(i + end)].IndexOf("url("u8) >= 0 || t[i..(i + end)].IndexOf("rgb"u8) >= 0))
                    {
                        decl++;
                    }
                }
            }
            else if (b == '(' || b == '=')
            {
                js++;
            }
        }

        if (decl >= 2)
        {
            Add(s, Lang.Css, Math.Min(decl, 20) * (js > decl ? 0.2 : 1.0));
        }

        if (t.IndexOf("@media"u8) >= 0 || t.IndexOf("@import url"u8) >= 0 || t.IndexOf("@font-face"u8) >= 0)
        {
            Add(s, Lang.Css, 2);
        }
    }

    private static int Count(ReadOnlySpan<byte> t, ReadOnlySpan<byte> p)
    {
        int c = 0;
        int i;
        while ((i = t.IndexOf(p)) >= 0 && c < 100)
        {
            c++;
            t = t[(i + p.Length)..];
        }

        return c;
    }

    private static bool IsIdent(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || s.Length > 64)
        {
            return false;
        }

        foreach (byte b in s)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-' or (byte)'.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>CSV/TSV: at least three lines whose count of one delimiter agrees on most lines.</summary>
    private static string? Delimited(ReadOnlySpan<byte> t, bool strong)
    {
        Span<int> counts = stackalloc int[64];
        foreach (byte d in ",\t;|"u8)
        {
            int n = 0;
            var rest = t;
            while (!rest.IsEmpty && n < counts.Length)
            {
                int nl = rest.IndexOf((byte)'\n');
                if (nl < 0 && n >= 3)
                {
                    break; // last line may be cut by the window
                }

                var line = nl < 0 ? rest : rest[..nl];
                rest = nl < 0 ? [] : rest[(nl + 1)..];
                if (line.TrimEnd((byte)'\r').IsEmpty)
                {
                    continue;
                }

                counts[n++] = line.Count(d);
            }

            if (n < 3)
            {
                continue;
            }

            var c = counts[..n];
            int mode = Mode(c, out int freq);
            if (strong ? mode >= 2 && n >= 10 && freq >= n * 0.9 : mode >= 1 && freq >= n * (mode == 1 ? 0.9 : 0.8))
            {
                return d == '\t' ? "tsv" : "csv";
            }
        }

        return null;
    }

    private static int Mode(ReadOnlySpan<int> c, out int freq)
    {
        int best = -1;
        freq = 0;
        for (int i = 0; i < c.Length; i++)
        {
            int f = 0;
            for (int j = 0; j < c.Length; j++)
            {
                if (c[j] == c[i])
                {
                    f++;
                }
            }

            if (f > freq)
            {
                freq = f;
                best = c[i];
            }
        }

        return best;
    }
}
