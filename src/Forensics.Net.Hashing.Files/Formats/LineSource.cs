using System.Text;

namespace Forensics.Net.Hashing.Files;

/// <summary>Splits a byte stream into UTF-8 lines with line numbers and byte offsets, never buffering more than the line limit.</summary>
internal sealed class LineSource
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private readonly Stream _stream;
    private readonly int _maxLine;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _eof;
    private bool _first = true;

    public LineSource(Stream stream, int maxLineLength)
    {
        _stream = stream;
        _maxLine = Math.Max(256, maxLineLength);
        _buffer = new byte[Math.Max(_maxLine + 2, 64 * 1024)];
    }

    public long LineNumber { get; private set; }

    public long LineOffset { get; private set; }

    /// <summary>Reads the next line; <paramref name="line"/> is null when the line was longer than the limit (it is skipped).</summary>
    public bool TryReadLine(out string? line)
    {
        line = null;
        bool skipping = false;
        long lineStart = _bufferOffset + _start;
        while (true)
        {
            int idx = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (idx >= 0)
            {
                LineNumber++;
                LineOffset = lineStart;
                if (!skipping)
                {
                    line = Decode(_buffer.AsSpan(_start, idx));
                }

                _start += idx + 1;
                return true;
            }

            if (_eof)
            {
                if (_end > _start || skipping)
                {
                    LineNumber++;
                    LineOffset = lineStart;
                    if (!skipping)
                    {
                        line = Decode(_buffer.AsSpan(_start, _end - _start));
                    }

                    _start = _end;
                    return true;
                }

                return false;
            }

            if (_end - _start > _maxLine)
            {
                skipping = true;
                _bufferOffset += _end;
                _start = _end = 0;
            }
            else if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _bufferOffset += _start;
                _end -= _start;
                _start = 0;
            }

            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
            }

            _end += n;
        }
    }

    private string Decode(ReadOnlySpan<byte> bytes)
    {
        if (_first)
        {
            _first = false;
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                bytes = bytes[3..];
            }
        }

        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        return Utf8.GetString(bytes);
    }
}
