using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using Forensics.Net.Shared;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A streaming reader of classic pcap and pcapng captures (either byte order, micro- or nanosecond pcap,
/// several pcapng sections and interfaces with different link types), written in managed code with no native
/// dependency. Memory use is constant: one reused buffer that only grows to the largest record (capped by
/// <see cref="CaptureReaderOptions"/>). Works on non-seekable streams (pipes, stdin) and decompresses gzip transparently.
/// </summary>
/// <remarks>
/// <para>Formats: libpcap file format (draft-ietf-opsawg-pcap) and pcapng (draft-ietf-opsawg-pcapng, sections 4.1
/// SHB, 4.2 IDB, 4.3 EPB, 4.4 SPB, 4.5 NRB, 4.6 ISB, 4.8 custom blocks, appendix A obsolete Packet Block).
/// Blocks the reader does not use (NRB, ISB, custom, decryption secrets, unknown types) are skipped.</para>
/// <para>Record lifetime: the <see cref="CaptureRecord.Data"/> of <see cref="Current"/> points into the reader's
/// buffer and is overwritten by the next read. Sync and async reads share one implementation.</para>
/// <para>The reader is not thread-safe.</para>
/// </remarks>
/// <example>
/// <code>
/// using var reader = CaptureReader.Open("capture.pcapng");
/// while (reader.ReadNext())
/// {
///     CaptureRecord record = reader.Current;
///     var packet = new PacketView(record.Span, record.LinkType);
///     if (packet.IsTcp) Console.WriteLine($"{packet.SourcePort} -> {packet.DestinationPort}");
/// }
/// </code>
/// </example>
public sealed partial class CaptureReader : ICaptureSource, IAsyncDisposable
{
    private const uint PcapMagicMicroseconds = 0xA1B2C3D4;
    private const uint PcapMagicNanoseconds = 0xA1B23C4D;
    private const uint PcapMagicModified = 0xA1B2CD34;
    private const uint BlockSectionHeader = 0x0A0D0D0A;
    private const uint BlockInterfaceDescription = 1;
    private const uint BlockObsoletePacket = 2;
    private const uint BlockSimplePacket = 3;
    private const uint BlockNameResolution = 4;
    private const uint BlockInterfaceStatistics = 5;
    private const uint BlockEnhancedPacket = 6;
    private const int MaxNameRecords = 100_000;
    private const uint ByteOrderMagic = 0x1A2B3C4D;

    private readonly CaptureReaderOptions _options;
    private readonly uint _maxPacketLength;
    private readonly uint _maxBlockLength;
    private readonly bool _leaveOpen;
    private readonly List<CaptureInterface> _interfaces = [];
    private readonly List<CaptureIssue> _issues = [];
    private readonly List<CaptureNameRecord> _names = [];
    private readonly List<CaptureInterface> _sectionInterfaces = [];
    private Stream _stream;
    private bool _ownsStream;
    private byte[] _buffer;
    private int _position;
    private int _end;
    private long _bufferStart;
    private bool _endOfStream;
    private bool _finished;
    private bool _disposed;
    private bool _bigEndian;
    private int _pcapRecordHeaderLength = 16;
    private int _pcapFractionMultiplier = 1000;
    private int _sectionIndex = -1;
    private CaptureInterface? _pcapInterface;
    private long _number;
    private CaptureRecord _current;

    private CaptureReader(Stream stream, CaptureReaderOptions options, bool leaveOpen)
    {
        _stream = stream;
        _options = options;
        _leaveOpen = leaveOpen;
        _ownsStream = !leaveOpen;
        _maxPacketLength = (uint)options.MaxPacketLength;
        _maxBlockLength = (uint)options.MaxBlockLength;

        // Pooled so that opening many captures (or one per benchmark pass) does not allocate; returned on disposal.
        _buffer = ArrayPool<byte>.Shared.Rent(options.BufferSize);
    }

    /// <summary>Gets the container format of the capture.</summary>
    public CaptureFormat Format { get; private set; }

    /// <summary>Gets a value indicating whether the capture was gzip-compressed and is decompressed on the fly.</summary>
    public bool IsCompressed { get; private set; }

    /// <summary>
    /// Gets the interfaces seen so far: the single implicit interface of a classic pcap file, or every pcapng
    /// Interface Description Block read so far (over all sections, in file order).
    /// </summary>
    public IReadOnlyList<CaptureInterface> Interfaces => _interfaces;

    /// <summary>
    /// Gets the address-to-name records of the pcapng Name Resolution Blocks read so far (at most 100,000 are kept;
    /// empty for classic pcap).
    /// </summary>
    public IReadOnlyList<CaptureNameRecord> NameRecords => _names;

    /// <summary>Gets the problems tolerated so far in <see cref="CaptureStrictness.Lenient"/> mode (at most <see cref="CaptureReaderOptions.MaxIssues"/>).</summary>
    public IReadOnlyList<CaptureIssue> Issues => _issues;

    /// <summary>Gets the number of problems tolerated so far, including those beyond <see cref="CaptureReaderOptions.MaxIssues"/>.</summary>
    public int IssueCount { get; private set; }

    /// <summary>Gets the byte offset in the (decompressed) capture of the next unread byte.</summary>
    public long Position => _bufferStart + _position;

    /// <summary>Gets the number of packet records returned so far.</summary>
    public long PacketCount => _number;

    /// <summary>
    /// Gets the record returned by the last successful <see cref="ReadNext"/> or <see cref="ReadNextAsync"/>.
    /// Its bytes are valid until the next read.
    /// </summary>
    public CaptureRecord Current => _current;

    /// <summary>Opens a capture file (pcap, pcapng, optionally gzip-compressed) and reads its file header.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">Reader options, or <see langword="null"/> for <see cref="CaptureReaderOptions.Default"/>.</param>
    /// <returns>A reader positioned before the first packet.</returns>
    /// <exception cref="PcapFormatException">The file is not a pcap or pcapng capture.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or <paramref name="options"/> holds invalid values.</exception>
    /// <example><code>using var reader = CaptureReader.Open("dump.pcap.gz");</code></example>
    public static CaptureReader Open(string path, CaptureReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return Create(stream, options, leaveOpen: false);
    }

    /// <summary>Opens a capture file asynchronously (pcap, pcapng, optionally gzip-compressed) and reads its file header.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">Reader options, or <see langword="null"/> for <see cref="CaptureReaderOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the header read.</param>
    /// <returns>A reader positioned before the first packet.</returns>
    /// <exception cref="PcapFormatException">The file is not a pcap or pcapng capture.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or <paramref name="options"/> holds invalid values.</exception>
    public static ValueTask<CaptureReader> OpenAsync(string path, CaptureReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return CreateAsync(stream, options, leaveOpen: false, cancellationToken);
    }

    /// <summary>Creates a reader over a stream (seekable or not) and reads the capture's file header.</summary>
    /// <param name="stream">The capture bytes: pcap, pcapng, or either compressed with gzip.</param>
    /// <param name="options">Reader options, or <see langword="null"/> for <see cref="CaptureReaderOptions.Default"/>.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="stream"/> open when the reader is disposed.</param>
    /// <returns>A reader positioned before the first packet.</returns>
    /// <exception cref="PcapFormatException">The stream does not hold a pcap or pcapng capture.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable, or <paramref name="options"/> holds invalid values.</exception>
    /// <example><code>using var reader = CaptureReader.Create(Console.OpenStandardInput());</code></example>
    public static CaptureReader Create(Stream stream, CaptureReaderOptions? options = null, bool leaveOpen = false)
    {
        CaptureReader reader = Prepare(stream, options, leaveOpen);
        try
        {
            reader.InitializeAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Creates a reader over a stream and reads the capture's file header asynchronously.</summary>
    /// <param name="stream">The capture bytes: pcap, pcapng, or either compressed with gzip.</param>
    /// <param name="options">Reader options, or <see langword="null"/> for <see cref="CaptureReaderOptions.Default"/>.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="stream"/> open when the reader is disposed.</param>
    /// <param name="cancellationToken">Cancels the header read.</param>
    /// <returns>A reader positioned before the first packet.</returns>
    /// <exception cref="PcapFormatException">The stream does not hold a pcap or pcapng capture.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable, or <paramref name="options"/> holds invalid values.</exception>
    public static async ValueTask<CaptureReader> CreateAsync(Stream stream, CaptureReaderOptions? options = null, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        CaptureReader reader = Prepare(stream, options, leaveOpen);
        try
        {
            await reader.InitializeAsync(async: true, cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the next packet record into <see cref="Current"/>.</summary>
    /// <returns><see langword="true"/> when a record was read; <see langword="false"/> at the end of the capture.</returns>
    /// <exception cref="PcapFormatException">The capture is damaged (strict mode), naming the byte offset.</exception>
    /// <exception cref="IOException">The underlying stream failed.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public bool ReadNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (TryReadFromBuffer())
        {
            return true;
        }

        return ReadSlowAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Reads the next packet record into <paramref name="record"/>.</summary>
    /// <param name="record">The record; its bytes are valid until the next read.</param>
    /// <returns><see langword="true"/> when a record was read; <see langword="false"/> at the end of the capture.</returns>
    /// <exception cref="PcapFormatException">The capture is damaged (strict mode), naming the byte offset.</exception>
    /// <exception cref="IOException">The underlying stream failed.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    /// <remarks>The other form is <see cref="ReadNext"/> + <see cref="Current"/>; both return <see langword="false"/> at the end of the capture and both throw <see cref="PcapFormatException"/> on damage in strict mode.</remarks>
    public bool TryReadNext(out CaptureRecord record)
    {
        bool ok = ReadNext();
        record = ok ? _current : default;
        return ok;
    }

    /// <summary>Reads the next packet record into <see cref="Current"/> asynchronously.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="true"/> when a record was read; <see langword="false"/> at the end of the capture.</returns>
    /// <exception cref="PcapFormatException">The capture is damaged (strict mode), naming the byte offset.</exception>
    /// <exception cref="IOException">The underlying stream failed.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<bool> ReadNextAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        if (TryReadFromBuffer())
        {
            return new ValueTask<bool>(true);
        }

        return ReadSlowAsync(async: true, cancellationToken);
    }

    /// <summary>Enumerates the remaining records. Each record's bytes are valid only until the enumerator moves on.</summary>
    /// <returns>The records, in file order.</returns>
    /// <exception cref="PcapFormatException">The capture is damaged (strict mode).</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public IEnumerable<CaptureRecord> ReadAll()
    {
        while (ReadNext())
        {
            yield return _current;
        }
    }

    /// <summary>Enumerates the remaining records asynchronously. Each record's bytes are valid only until the enumerator moves on.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The records, in file order.</returns>
    /// <exception cref="PcapFormatException">The capture is damaged (strict mode).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <example>
    /// <code>
    /// await using var reader = await CaptureReader.OpenAsync(path);
    /// await foreach (CaptureRecord record in reader.ReadAllAsync(ct)) { /* ... */ }
    /// </code>
    /// </example>
    public async IAsyncEnumerable<CaptureRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadNextAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return _current;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _current = default;
        ReturnBuffer();
        if (_ownsStream)
        {
            _stream.Dispose();
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
        _current = default;
        ReturnBuffer();
        if (_ownsStream)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void ReturnBuffer()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _position = 0;
        _end = 0;
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private static CaptureReader Prepare(Stream stream, CaptureReaderOptions? options, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        options ??= CaptureReaderOptions.Default;
        options.Validate();
        return new CaptureReader(stream, options, leaveOpen);
    }

    private uint U32(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);

    private ushort U16(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);

    private async ValueTask InitializeAsync(bool async, CancellationToken cancellationToken)
    {
        await FillAsync(4, async, cancellationToken).ConfigureAwait(false);
        if (_options.DetectGzip && _end - _position >= 2 && _buffer[_position] == 0x1F && _buffer[_position + 1] == 0x8B)
        {
            byte[] prefix = _buffer.AsSpan(_position, _end - _position).ToArray();
            var prefixed = new PrefixedStream(prefix, _stream, _leaveOpen);
            _stream = new GZipStream(prefixed, CompressionMode.Decompress, leaveOpen: false);
            _ownsStream = true;
            IsCompressed = true;
            _position = 0;
            _end = 0;
            _bufferStart = 0;
            _endOfStream = false;
            await FillAsync(4, async, cancellationToken).ConfigureAwait(false);
        }

        if (_end - _position < 4)
        {
            throw new PcapFormatException($"The input is too short ({_end - _position} bytes) to be a pcap or pcapng capture.", 0);
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_position));
        if (magic == BlockSectionHeader)
        {
            Format = CaptureFormat.PcapNg;

            // The first Section Header Block is parsed by the block loop; require it to be valid here.
            if (!await ReadPcapNgBlockHeaderSectionAsync(async, cancellationToken).ConfigureAwait(false))
            {
                throw new PcapFormatException("The pcapng section header block is invalid.", 0);
            }

            return;
        }

        Format = CaptureFormat.Pcap;
        await ReadPcapHeaderAsync(magic, async, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fast path: produces the next record when it lies entirely in the buffer and needs no special handling.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadFromBuffer()
    {
        if (_finished)
        {
            return false;
        }

        return Format == CaptureFormat.Pcap ? TryReadPcapFromBuffer() : TryReadEnhancedPacketFromBuffer();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadSlowAsync(bool async, CancellationToken cancellationToken)
    {
        if (_finished)
        {
            _current = default;
            return false;
        }

        bool ok = Format == CaptureFormat.Pcap
            ? await ReadPcapSlowAsync(async, cancellationToken).ConfigureAwait(false)
            : await ReadPcapNgSlowAsync(async, cancellationToken).ConfigureAwait(false);
        if (!ok)
        {
            _finished = true;
            _current = default;
        }

        return ok;
    }

    private void Problem(long offset, string message)
    {
        if (_options.Strictness == CaptureStrictness.Strict)
        {
            _finished = true;
            throw new PcapFormatException(message, offset);
        }

        IssueCount++;
        if (_issues.Count < _options.MaxIssues)
        {
            _issues.Add(new CaptureIssue(offset, message));
        }
    }
}
