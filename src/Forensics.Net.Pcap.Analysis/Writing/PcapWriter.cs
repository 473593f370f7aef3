namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Writes a classic pcap file (draft-ietf-opsawg-pcap): a 24-byte file header then one record per packet.
/// Output is buffered; call <see cref="Flush"/> or dispose to write everything.
/// </summary>
/// <example>
/// <code>
/// using var reader = CaptureReader.Open("in.pcapng");
/// using var writer = PcapWriter.Create("port80.pcap", LinkType.Ethernet);
/// foreach (CaptureRecord record in reader.ReadAll())
///     if (new PacketView(record).DestinationPort == 80) writer.Write(record);
/// </code>
/// </example>
public sealed class PcapWriter : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly WriteBuffer _output;
    private readonly int _snapLength;
    private readonly bool _nanoseconds;
    private bool _disposed;

    /// <summary>Creates a writer and writes the file header to the buffer.</summary>
    /// <param name="stream">The destination stream.</param>
    /// <param name="linkType">The link-layer header type of every packet.</param>
    /// <param name="options">Writer options, or <see langword="null"/> for <see cref="CaptureWriterOptions.Default"/>.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="stream"/> open on disposal.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable, or the options are invalid.</exception>
    public PcapWriter(Stream stream, LinkType linkType, CaptureWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        options ??= CaptureWriterOptions.Default;
        options.Validate();
        _stream = stream;
        _leaveOpen = leaveOpen;
        _snapLength = options.SnapLength;
        _nanoseconds = options.Nanoseconds;
        LinkType = linkType;
        _output = new WriteBuffer(stream, options.BigEndian, options.BufferSize);
        Span<byte> header = _output.Reserve(24);
        _output.U32(header, _nanoseconds ? 0xA1B23C4Du : 0xA1B2C3D4u);
        _output.U16(header[4..], 2);
        _output.U16(header[6..], 4);
        _output.U32(header[8..], 0);
        _output.U32(header[12..], 0);
        _output.U32(header[16..], (uint)_snapLength);
        _output.U32(header[20..], (uint)linkType);
    }

    /// <summary>Gets the link type written in the file header.</summary>
    public LinkType LinkType { get; }

    /// <summary>Gets the number of packets written.</summary>
    public long PacketCount { get; private set; }

    /// <summary>Gets the number of bytes written (including buffered bytes).</summary>
    public long BytesWritten => _output.BytesWritten;

    /// <summary>Creates a pcap file (overwriting it) and a writer for it.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="linkType">The link-layer header type of every packet.</param>
    /// <param name="options">Writer options.</param>
    /// <returns>The writer, which owns the file.</returns>
    /// <exception cref="IOException">The file cannot be created.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public static PcapWriter Create(string path, LinkType linkType, CaptureWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new PcapWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0), linkType, options, leaveOpen: false);
    }

    /// <summary>Writes one packet record.</summary>
    /// <param name="timestampNanoseconds">Nanoseconds since the Unix epoch (rounded down to microseconds unless <see cref="CaptureWriterOptions.Nanoseconds"/>).</param>
    /// <param name="data">The captured bytes (cut to the snapshot length).</param>
    /// <param name="originalLength">The length on the wire, or -1 for <paramref name="data"/>'s length.</param>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public void WritePacket(long timestampNanoseconds, ReadOnlySpan<byte> data, long originalLength = -1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (originalLength < 0)
        {
            originalLength = data.Length;
        }

        if (data.Length > _snapLength)
        {
            data = data[.._snapLength];
        }

        long seconds = Math.DivRem(timestampNanoseconds, 1_000_000_000, out long fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += 1_000_000_000;
        }

        Span<byte> span = _output.Reserve(16 + data.Length);
        _output.U32(span, (uint)seconds);
        _output.U32(span[4..], (uint)(_nanoseconds ? fraction : fraction / 1000));
        _output.U32(span[8..], (uint)data.Length);
        _output.U32(span[12..], (uint)Math.Min(originalLength, uint.MaxValue));
        data.CopyTo(span[16..]);
        PacketCount++;
    }

    /// <summary>Writes a record read from another capture (its timestamp, bytes and original length).</summary>
    /// <param name="record">The record.</param>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public void Write(CaptureRecord record) => WritePacket(record.TimestampNanoseconds, record.Span, record.OriginalLength);

    /// <summary>Writes one packet record, flushing asynchronously when the buffer fills.</summary>
    /// <param name="timestampNanoseconds">Nanoseconds since the Unix epoch.</param>
    /// <param name="data">The captured bytes.</param>
    /// <param name="originalLength">The length on the wire, or -1 for <paramref name="data"/>'s length.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the record is buffered or written.</returns>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public ValueTask WritePacketAsync(long timestampNanoseconds, ReadOnlyMemory<byte> data, long originalLength = -1, CancellationToken cancellationToken = default)
    {
        WritePacket(timestampNanoseconds, data.Span, originalLength);
        return _output.NeedsFlush ? _output.FlushAsync(false, cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Writes buffered bytes to the stream and flushes it.</summary>
    /// <exception cref="IOException">The stream failed.</exception>
    public void Flush() => _output.Flush(true);

    /// <summary>Writes buffered bytes to the stream and flushes it asynchronously.</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the data is written.</returns>
    /// <exception cref="IOException">The stream failed.</exception>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _output.FlushAsync(true, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _output.Flush(true);
        }
        finally
        {
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await _output.FlushAsync(true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (!_leaveOpen)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
