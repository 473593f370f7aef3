
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
