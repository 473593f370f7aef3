using System.Buffers.Binary;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>The buffered, endian-aware output shared by the capture writers.</summary>
internal sealed class WriteBuffer
{
    private readonly Stream _stream;
    private readonly bool _bigEndian;
    private byte[] _buffer;
    private int _length;

    public WriteBuffer(Stream stream, bool bigEndian, int size)
    {
        _stream = stream;
        _bigEndian = bigEndian;
        _buffer = new byte[size];
    }

    public long BytesWritten { get; private set; }

    /// <summary>Reserves <paramref name="count"/> bytes, flushing first when needed.</summary>
    public Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            Flush(false);
            if (_buffer.Length < count)
            {
                _buffer = new byte[count];
            }
        }

        Span<byte> span = _buffer.AsSpan(_length, count);
        _length += count;
        BytesWritten += count;
        return span;
    }

    public void U16(Span<byte> span, ushort value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, value);
        }
    }

    public void U32(Span<byte> span, uint value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }
    }

    public void I64(Span<byte> span, long value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteInt64BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, value);
        }
    }

    public bool NeedsFlush => _length > _buffer.Length / 2;

    public void Flush(bool flushStream)
    {
        if (_length > 0)
        {
            _stream.Write(_buffer, 0, _length);
            _length = 0;
        }

        if (flushStream)
        {
            _stream.Flush();
        }
    }

    public async ValueTask FlushAsync(bool flushStream, CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            _length = 0;
        }

        if (flushStream)
        {
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
