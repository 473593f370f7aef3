using System.Buffers;
using System.Runtime.CompilerServices;

namespace Forensics.Net.Pcap.Analysis;

public sealed partial class CaptureReader
{
    /// <summary>Ensures at least <paramref name="count"/> bytes are buffered from the current position.</summary>
    /// <returns><see langword="false"/> when the stream ends first.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAsync(int count, bool async, CancellationToken cancellationToken)
    {
        if (_end - _position >= count)
        {
            return true;
        }

        if (count > _buffer.Length)
        {
            // Only ever called with a count already checked against the configured caps.
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(count, Math.Min(_buffer.Length * 2, Math.Max(_options.MaxBlockLength, _options.MaxPacketLength + 32))));
            Buffer.BlockCopy(_buffer, _position, larger, 0, _end - _position);
            _bufferStart += _position;
            _end -= _position;
            _position = 0;
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_position + count > _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, _end - _position);
            _bufferStart += _position;
            _end -= _position;
            _position = 0;
        }

        while (_end - _position < count && !_endOfStream)
        {
            int read = await ReadStreamAsync(_buffer.AsMemory(_end), async, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }
            else
            {
                _end += read;
            }
        }

        return _end - _position >= count;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadStreamAsync(Memory<byte> destination, bool async, CancellationToken cancellationToken)
    {
        try
        {
            return async
                ? await _stream.ReadAsync(destination, cancellationToken).ConfigureAwait(false)
                : _stream.Read(destination.Span);
        }
        catch (InvalidDataException ex) when (IsCompressed)
        {
            // Corrupt gzip data: treat like a truncated capture.
            Problem(_bufferStart + _end, "The gzip-compressed data is corrupt: " + ex.Message);
            return 0;
        }
    }

    /// <summary>Skips <paramref name="count"/> bytes from the current position without buffering them.</summary>
    private async ValueTask<bool> SkipAsync(long count, bool async, CancellationToken cancellationToken)
    {
        int available = _end - _position;
        if (available >= count)
        {
            _position += (int)count;
            return true;
        }

        count -= available;
        _bufferStart += _end;
        _position = 0;
        _end = 0;
        if (_stream.CanSeek && !IsCompressed)
        {
            long remaining = _stream.Length - _stream.Position;
            if (remaining < count)
            {
                _stream.Seek(0, SeekOrigin.End);
                _bufferStart += remaining;
                _endOfStream = true;
                return false;
            }

            _stream.Seek(count, SeekOrigin.Current);
            _bufferStart += count;
            return true;
        }

        while (count > 0)
        {
            int read = await ReadStreamAsync(_buffer.AsMemory(0, (int)Math.Min(count, _buffer.Length)), async, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
                return false;
            }

            count -= read;
            _bufferStart += read;
        }

        return true;
    }
}
