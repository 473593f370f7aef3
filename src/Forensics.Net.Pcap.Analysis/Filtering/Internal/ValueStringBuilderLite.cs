
namespace Forensics.Net.Pcap.Analysis.Internal;

internal ref struct ValueStringBuilderLite
{
    private readonly Span<char> _buffer;
    private int _length;

    public ValueStringBuilderLite(Span<char> buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    public void Append(string s)
    {
        int n = Math.Min(s.Length, _buffer.Length - _length);
        s.AsSpan(0, n).CopyTo(_buffer[_length..]);
        _length += n;
    }

    public readonly ReadOnlySpan<char> AsSpan() => _buffer[.._length];
}
