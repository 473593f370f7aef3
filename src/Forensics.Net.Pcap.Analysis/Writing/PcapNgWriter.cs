using System.Text;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Writes a pcapng file (draft-ietf-opsawg-pcapng): a Section Header Block, Interface Description Blocks
/// (one per <see cref="AddInterface"/>, each with its own link type) and Enhanced Packet Blocks.
/// Output is buffered; call <see cref="Flush"/> or dispose to write everything.
/// </summary>
/// <example>
/// <code>
/// using var writer = PcapNgWriter.Create("out.pcapng");
/// int eth = writer.AddInterface(LinkType.Ethernet, "eth0");
/// writer.WritePacket(eth, timestampNanoseconds, frame);
/// </code>
/// </example>
public sealed class PcapNgWriter : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly WriteBuffer _output;
    private readonly CaptureWriterOptions _options;
    private readonly List<int> _snapLengths = [];
    private readonly Dictionary<CaptureInterface, int> _mapped = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    /// <summary>Creates a writer and writes the first Section Header Block to the buffer.</summary>
    /// <param name="stream">The destination stream.</param>
    /// <param name="options">Writer options, or <see langword="null"/> for <see cref="CaptureWriterOptions.Default"/>.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="stream"/> open on disposal.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable, or the options are invalid.</exception>
    public PcapNgWriter(Stream stream, CaptureWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        _options = options ?? CaptureWriterOptions.Default;
        _options.Validate();
        _stream = stream;
        _leaveOpen = leaveOpen;
        _output = new WriteBuffer(stream, _options.BigEndian, _options.BufferSize);
        WriteSectionHeader();
    }

    /// <summary>Gets the number of packets written.</summary>
    public long PacketCount { get; private set; }

    /// <summary>Gets the number of bytes written (including buffered bytes).</summary>
    public long BytesWritten => _output.BytesWritten;

    /// <summary>Gets the number of interfaces declared in the current section.</summary>
    public int InterfaceCount => _snapLengths.Count;

    /// <summary>Creates a pcapng file (overwriting it) and a writer for it.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">Writer options.</param>
    /// <returns>The writer, which owns the file.</returns>
    /// <exception cref="IOException">The file cannot be created.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public static PcapNgWriter Create(string path, CaptureWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new PcapNgWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0), options, leaveOpen: false);
    }

    /// <summary>Declares an interface (writes an Interface Description Block, section 4.2) and returns its id for <see cref="WritePacket"/>.</summary>
    /// <param name="linkType">The link-layer header type of the interface's packets.</param>
    /// <param name="name">The interface name (<c>if_name</c>), or <see langword="null"/>.</param>
    /// <param name="snapLength">The snapshot length, or 0 for <see cref="CaptureWriterOptions.SnapLength"/>.</param>
    /// <returns>The interface id within the current section.</returns>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="snapLength"/> is negative.</exception>
    public int AddInterface(LinkType linkType, string? name = null, int snapLength = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(snapLength);
        if (snapLength == 0)
        {
            snapLength = _options.SnapLength;
        }

        byte[]? nameBytes = name is null ? null : Encoding.UTF8.GetBytes(name);
        int optionsLength = 8 + (nameBytes is null ? 0 : 4 + Pad(nameBytes.Length)) + 4;
        int length = 16 + optionsLength + 4;
        Span<byte> block = _output.Reserve(length);
        block.Clear();
        _output.U32(block, 1);
        _output.U32(block[4..], (uint)length);
        _output.U16(block[8..], (ushort)linkType);
        _output.U32(block[12..], (uint)snapLength);
        Span<byte> options = block[16..];
        if (nameBytes is not null)
        {
            _output.U16(options, 2);
            _output.U16(options[2..], (ushort)nameBytes.Length);
            nameBytes.CopyTo(options[4..]);
            options = options[(4 + Pad(nameBytes.Length))..];
        }

        _output.U16(options, 9);
        _output.U16(options[2..], 1);
        options[4] = _options.Nanoseconds ? (byte)9 : (byte)6;
        _output.U32(block[(length - 4)..], (uint)length);
        _snapLengths.Add(snapLength);
        return _snapLengths.Count - 1;
    }

    /// <summary>Starts a new section (writes a Section Header Block); interfaces must be declared again.</summary>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void StartSection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        WriteSectionHeader();
    }

    /// <summary>Writes an Enhanced Packet Block (section 4.3).</summary>
    /// <param name="interfaceId">An id returned by <see cref="AddInterface"/> in the current section.</param>
    /// <param name="timestampNanoseconds">Nanoseconds since the Unix epoch (rounded down to microseconds unless <see cref="CaptureWriterOptions.Nanoseconds"/>).</param>
    /// <param name="data">The captured bytes (cut to the interface's snapshot length).</param>
    /// <param name="originalLength">The length on the wire, or -1 for <paramref name="data"/>'s length.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interfaceId"/> was not declared.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public void WritePacket(int interfaceId, long timestampNanoseconds, ReadOnlySpan<byte> data, long originalLength = -1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)interfaceId >= (uint)_snapLengths.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(interfaceId), interfaceId, "Declare the interface with AddInterface first.");
        }

        if (originalLength < 0)
        {
            originalLength = data.Length;
        }

        int snap = _snapLengths[interfaceId];
        if (data.Length > snap)
        {
            data = data[..snap];
        }

        ulong units = (ulong)(_options.Nanoseconds ? timestampNanoseconds : timestampNanoseconds / 1000);
        int length = 32 + Pad(data.Length);
        Span<byte> block = _output.Reserve(length);
        _output.U32(block, 6);
        _output.U32(block[4..], (uint)length);
        _output.U32(block[8..], (uint)interfaceId);
        _output.U32(block[12..], (uint)(units >> 32));
        _output.U32(block[16..], (uint)units);
        _output.U32(block[20..], (uint)data.Length);
        _output.U32(block[24..], (uint)Math.Min(originalLength, uint.MaxValue));
        data.CopyTo(block[28..]);
        block.Slice(28 + data.Length, Pad(data.Length) - data.Length).Clear();
        _output.U32(block[(length - 4)..], (uint)length);
        PacketCount++;
    }

    /// <summary>
    /// Writes a record read from another capture, declaring its interface (link type, name, snapshot length) in this
    /// file the first time it is seen.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public void Write(CaptureRecord record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CaptureInterface source = record.Interface;
        if (source is null || !_mapped.TryGetValue(source, out int id))
        {
            id = AddInterface(record.LinkType, source?.Name, source is { SnapLength: > 0 } ? source.SnapLength : 0);
            if (source is not null)
            {
                _mapped[source] = id;
            }
        }

        WritePacket(id, record.TimestampNanoseconds, record.Span, record.OriginalLength);
    }

    /// <summary>Writes an Enhanced Packet Block, flushing asynchronously when the buffer fills.</summary>
    /// <param name="interfaceId">An id returned by <see cref="AddInterface"/>.</param>
    /// <param name="timestampNanoseconds">Nanoseconds since the Unix epoch.</param>
    /// <param name="data">The captured bytes.</param>
    /// <param name="originalLength">The length on the wire, or -1 for <paramref name="data"/>'s length.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the block is buffered or written.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interfaceId"/> was not declared.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public ValueTask WritePacketAsync(int interfaceId, long timestampNanoseconds, ReadOnlyMemory<byte> data, long originalLength = -1, CancellationToken cancellationToken = default)
    {
        WritePacket(interfaceId, timestampNanoseconds, data.Span, originalLength);
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

    private static int Pad(int length) => (length + 3) & ~3;

    private void WriteSectionHeader()
    {
        byte[]? application = _options.Application is null ? null : Encoding.UTF8.GetBytes(_options.Application);
        int optionsLength = application is null ? 0 : 4 + Pad(application.Length) + 4;
        int length = 28 + optionsLength;
        Span<byte> block = _output.Reserve(length);
        block.Clear();
        _output.U32(block, 0x0A0D0D0A);
        _output.U32(block[4..], (uint)length);
        _output.U32(block[8..], 0x1A2B3C4D);
        _output.U16(block[12..], 1);
        _output.U16(block[14..], 0);
        _output.I64(block[16..], -1);
        if (application is not null)
        {
            _output.U16(block[24..], 4);
            _output.U16(block[26..], (ushort)application.Length);
            application.CopyTo(block[28..]);
        }

        _output.U32(block[(length - 4)..], (uint)length);
        _snapLengths.Clear();
        _mapped.Clear();
    }
}
