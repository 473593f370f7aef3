using Microsoft.Win32.SafeHandles;

namespace Forensics.Net.FileSignatures.Internal;

/// <summary>Random-access reads for the detection driver: a file handle, a seekable stream or a forward-only stream.</summary>
internal abstract class ByteSource
{
    /// <summary>Gets the length, or -1 when unknown.</summary>
    public abstract long Length { get; }

    public abstract bool CanSeek { get; }

    public abstract ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, bool async, CancellationToken cancellationToken);

    /// <summary>Reads until the buffer is full or the input ends.</summary>
    public async ValueTask<int> ReadFullyAsync(long offset, Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await ReadAsync(offset + total, buffer[total..], async, cancellationToken).ConfigureAwait(false);
            if (n <= 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}

internal sealed class FileHandleSource(SafeFileHandle handle) : ByteSource
{
    private readonly long _length = RandomAccess.GetLength(handle);

    public override long Length => _length;

    public override bool CanSeek => true;

    public override ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, bool async, CancellationToken cancellationToken) =>
        async ? RandomAccess.ReadAsync(handle, buffer, offset, cancellationToken) : new(RandomAccess.Read(handle, buffer.Span, offset));
}

internal sealed class StreamSource : ByteSource
{
    private readonly Stream _stream;
    private readonly long _origin;
    private readonly long _length;
    private long _position;

    public StreamSource(Stream stream)
    {
        _stream = stream;
        if (stream.CanSeek)
        {
            _origin = stream.Position;
            _length = Math.Max(0, stream.Length - _origin);
        }
        else
        {
            _length = -1;
        }
    }

    public override long Length => _length;

    public override bool CanSeek => _stream.CanSeek;

    public override async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        if (_stream.CanSeek)
        {
            _stream.Position = _origin + offset;
        }
        else if (offset != _position)
        {
            return 0; // forward-only: only the prefix is readable
        }

        int n = async ? await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) : _stream.Read(buffer.Span);
        _position = offset + n;
        return n;
    }
}
