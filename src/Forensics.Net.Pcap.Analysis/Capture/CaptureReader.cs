using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
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
public sealed class CaptureReader : ICaptureSource, IAsyncDisposable
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

    private async ValueTask ReadPcapHeaderAsync(uint magic, bool async, CancellationToken cancellationToken)
    {
        uint swapped = BinaryPrimitives.ReverseEndianness(magic);
        uint canonical;
        if (magic is PcapMagicMicroseconds or PcapMagicNanoseconds or PcapMagicModified)
        {
            _bigEndian = false;
            canonical = magic;
        }
        else if (swapped is PcapMagicMicroseconds or PcapMagicNanoseconds or PcapMagicModified)
        {
            _bigEndian = true;
            canonical = swapped;
        }
        else
        {
            throw new PcapFormatException($"Unknown capture file magic 0x{magic:X8}: not a pcap or pcapng file.", 0);
        }

        if (!await FillAsync(24, async, cancellationToken).ConfigureAwait(false))
        {
            throw new PcapFormatException("The pcap file header is truncated.", _end - _position);
        }

        ReadOnlySpan<byte> header = _buffer.AsSpan(_position, 24);
        ushort major = U16(header[4..]);
        ushort minor = U16(header[6..]);
        if (major != 2)
        {
            throw new PcapFormatException($"Unsupported pcap version {major}.{minor}.", 4);
        }

        uint snapLength = U32(header[16..]);
        uint network = U32(header[20..]);
        if ((network & 0x03FF_0000) != 0)
        {
            // Bits 16-25 of the link-type field are reserved (draft-ietf-opsawg-pcap section 4).
            Problem(20, $"Reserved bits are set in the link-type field 0x{network:X8}; using the low 16 bits.");
            network &= 0xFC00_FFFF;
        }

        var linkType = (LinkType)(int)(network & 0x03FF_FFFF);
        var captureInterface = new CaptureInterface(0, 0, linkType, (int)Math.Min(snapLength, int.MaxValue));
        if ((network & 0x0400_0000) != 0)
        {
            captureInterface.FcsLength = (int)(network >> 28) * 2;
        }

        _pcapFractionMultiplier = canonical == PcapMagicNanoseconds ? 1 : 1000;
        _pcapRecordHeaderLength = canonical == PcapMagicModified ? 24 : 16;
        captureInterface.SetTimestampResolution(canonical == PcapMagicNanoseconds ? (byte)9 : (byte)6);
        _interfaces.Add(captureInterface);
        _sectionInterfaces.Add(captureInterface);
        _pcapInterface = captureInterface;
        _position += 24;
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

    private bool TryReadPcapFromBuffer()
    {
        int available = _end - _position;
        int headerLength = _pcapRecordHeaderLength;
        if (available < headerLength)
        {
            return false;
        }

        ReadOnlySpan<byte> header = _buffer.AsSpan(_position, headerLength);
        uint captured = U32(header[8..]);
        if (captured > _maxPacketLength || (uint)(available - headerLength) < captured)
        {
            return false;
        }

        EmitPcapRecord(header, (int)captured);
        return true;
    }

    private void EmitPcapRecord(ReadOnlySpan<byte> header, int captured)
    {
        uint seconds = U32(header);
        uint fraction = U32(header[4..]);
        uint original = U32(header[12..]);
        long timestamp = unchecked(((long)seconds * 1_000_000_000) + ((long)fraction * _pcapFractionMultiplier));
        long offset = _bufferStart + _position;
        _current = new CaptureRecord(
            _buffer, _position + _pcapRecordHeaderLength, captured,
            timestamp,
            original,
            _pcapInterface!,
            offset,
            ++_number);
        _position += _pcapRecordHeaderLength + captured;
    }

    private bool TryReadEnhancedPacketFromBuffer()
    {
        int available = _end - _position;
        if (available < 32)
        {
            return false;
        }

        ReadOnlySpan<byte> head = _buffer.AsSpan(_position, 32);
        uint type = U32(head);
        uint length = U32(head[4..]);
        if (type != BlockEnhancedPacket || length > (uint)available || length < 32 || (length & 3) != 0 || length > _maxBlockLength)
        {
            return false;
        }

        ReadOnlySpan<byte> block = _buffer.AsSpan(_position, (int)length);
        uint interfaceId = U32(block[8..]);
        uint captured = U32(block[20..]);
        if (interfaceId >= (uint)_sectionInterfaces.Count || captured > length - 32 || captured > _maxPacketLength || U32(block[((int)length - 4)..]) != length)
        {
            return false;
        }

        EmitEnhancedPacket(block, (int)interfaceId, (int)captured);
        return true;
    }

    private void EmitEnhancedPacket(ReadOnlySpan<byte> block, int interfaceId, int captured)
    {
        CaptureInterface captureInterface = _sectionInterfaces[interfaceId];
        ulong raw = ((ulong)U32(block[12..]) << 32) | U32(block[16..]);
        uint original = U32(block[24..]);
        long offset = _bufferStart + _position;
        _current = new CaptureRecord(
            _buffer, _position + 28, captured,
            captureInterface.ToNanoseconds(raw),
            original,
            captureInterface,
            offset,
            ++_number);
        _position += block.Length;
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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadPcapSlowAsync(bool async, CancellationToken cancellationToken)
    {
        int headerLength = _pcapRecordHeaderLength;
        long offset = Position;
        if (!await FillAsync(headerLength, async, cancellationToken).ConfigureAwait(false))
        {
            int left = _end - _position;
            if (left == 0)
            {
                return false;
            }

            Problem(offset, $"Truncated pcap record header: {left} of {headerLength} bytes.");
            return false;
        }

        uint captured = U32(_buffer.AsSpan(_position + 8));
        if (captured > (uint)_options.MaxPacketLength)
        {
            Problem(offset, $"The pcap record's captured length {captured} exceeds the limit of {_options.MaxPacketLength} bytes.");
            return false;
        }

        if (!await FillAsync(headerLength + (int)captured, async, cancellationToken).ConfigureAwait(false))
        {
            Problem(offset, $"Truncated pcap record: {_end - _position - headerLength} of {captured} captured bytes present.");
            return false;
        }

        EmitPcapRecord(_buffer.AsSpan(_position, headerLength), (int)captured);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadPcapNgSlowAsync(bool async, CancellationToken cancellationToken)
    {
        while (true)
        {
            long offset = Position;
            if (!await FillAsync(8, async, cancellationToken).ConfigureAwait(false))
            {
                int left = _end - _position;
                if (left == 0)
                {
                    return false;
                }

                Problem(offset, $"Truncated pcapng block header: {left} bytes.");
                return false;
            }

            uint type = U32(_buffer.AsSpan(_position));
            if (type == BlockSectionHeader)
            {
                if (!await ReadPcapNgBlockHeaderSectionAsync(async, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                continue;
            }

            uint length = U32(_buffer.AsSpan(_position + 4));
            if (length < 12 || (length & 3) != 0)
            {
                Problem(offset, $"Invalid pcapng block length {length} (block type 0x{type:X8}).");
                return false;
            }

            bool needed = type is BlockInterfaceDescription or BlockEnhancedPacket or BlockSimplePacket or BlockObsoletePacket
                || (type == BlockNameResolution && _names.Count < MaxNameRecords && length <= (uint)_buffer.Length)
                || (type == BlockInterfaceStatistics && length <= (uint)_buffer.Length);
            if (!needed || length > (uint)_options.MaxBlockLength)
            {
                if (needed)
                {
                    Problem(offset, $"The pcapng block length {length} exceeds the limit of {_options.MaxBlockLength} bytes (block type 0x{type:X8}); skipped.");
                }

                if (length <= (uint)_buffer.Length)
                {
                    if (!await FillAsync((int)length, async, cancellationToken).ConfigureAwait(false))
                    {
                        Problem(offset, $"Truncated pcapng block (type 0x{type:X8}): {_end - _position} of {length} bytes.");
                        return false;
                    }

                    if (U32(_buffer.AsSpan(_position + (int)length - 4)) != length)
                    {
                        Problem(offset, $"The pcapng block's trailing length differs from its leading length {length} (block type 0x{type:X8}).");
                        return false;
                    }

                    _position += (int)length;
                }
                else if (!await SkipAsync(length, async, cancellationToken).ConfigureAwait(false))
                {
                    Problem(offset, $"Truncated pcapng block (type 0x{type:X8}) of {length} bytes.");
                    return false;
                }

                continue;
            }

            if (!await FillAsync((int)length, async, cancellationToken).ConfigureAwait(false))
            {
                Problem(offset, $"Truncated pcapng block (type 0x{type:X8}): {_end - _position} of {length} bytes.");
                return false;
            }

            ReadOnlySpan<byte> block = _buffer.AsSpan(_position, (int)length);
            if (U32(block[((int)length - 4)..]) != length)
            {
                Problem(offset, $"The pcapng block's trailing length differs from its leading length {length} (block type 0x{type:X8}).");
                return false;
            }

            if (_sectionIndex < 0)
            {
                Problem(offset, "A pcapng block appears before any section header block.");
                return false;
            }

            switch (type)
            {
                case BlockInterfaceDescription:
                    ReadInterfaceDescription(block, offset);
                    _position += block.Length;
                    continue;
                case BlockNameResolution:
                    ReadNameResolution(block, offset);
                    _position += block.Length;
                    continue;
                case BlockInterfaceStatistics:
                    ReadInterfaceStatistics(block, offset);
                    _position += block.Length;
                    continue;
                case BlockEnhancedPacket:
                    if (TryEmitEnhancedPacket(block, offset))
                    {
                        return true;
                    }

                    break;
                case BlockSimplePacket:
                    if (TryEmitSimplePacket(block, offset))
                    {
                        return true;
                    }

                    break;
                default:
                    if (TryEmitObsoletePacket(block, offset))
                    {
                        return true;
                    }

                    break;
            }

            // A malformed packet block with consistent lengths: reported (lenient) and skipped.
            _position += block.Length;
        }
    }

    private bool TryEmitEnhancedPacket(ReadOnlySpan<byte> block, long offset)
    {
        if (block.Length < 32)
        {
            Problem(offset, $"Enhanced packet block too short ({block.Length} bytes).");
            return false;
        }

        uint interfaceId = U32(block[8..]);
        uint captured = U32(block[20..]);
        if (interfaceId >= (uint)_sectionInterfaces.Count)
        {
            Problem(offset, $"Enhanced packet block references interface {interfaceId}, but the section declares {_sectionInterfaces.Count}.");
            return false;
        }

        if (captured > (uint)block.Length - 32 || captured > (uint)_options.MaxPacketLength)
        {
            Problem(offset, $"Enhanced packet block captured length {captured} does not fit in its {block.Length}-byte block.");
            return false;
        }

        EmitEnhancedPacket(block, (int)interfaceId, (int)captured);
        return true;
    }

    private bool TryEmitSimplePacket(ReadOnlySpan<byte> block, long offset)
    {
        if (block.Length < 16)
        {
            Problem(offset, $"Simple packet block too short ({block.Length} bytes).");
            return false;
        }

        if (_sectionInterfaces.Count == 0)
        {
            Problem(offset, "Simple packet block in a section without an interface description.");
            return false;
        }

        CaptureInterface captureInterface = _sectionInterfaces[0];
        uint original = U32(block[8..]);
        long captured = Math.Min(original, block.Length - 16);
        if (captureInterface.SnapLength > 0)
        {
            captured = Math.Min(captured, captureInterface.SnapLength);
        }

        _current = new CaptureRecord(
            _buffer, _position + 12, (int)captured,
            0,
            original,
            captureInterface,
            offset,
            ++_number);
        _position += block.Length;
        return true;
    }

    private bool TryEmitObsoletePacket(ReadOnlySpan<byte> block, long offset)
    {
        if (block.Length < 32)
        {
            Problem(offset, $"Packet block too short ({block.Length} bytes).");
            return false;
        }

        int interfaceId = U16(block[8..]);
        uint captured = U32(block[20..]);
        if (interfaceId >= _sectionInterfaces.Count)
        {
            Problem(offset, $"Packet block references interface {interfaceId}, but the section declares {_sectionInterfaces.Count}.");
            return false;
        }

        if (captured > (uint)block.Length - 32)
        {
            Problem(offset, $"Packet block captured length {captured} does not fit in its {block.Length}-byte block.");
            return false;
        }

        // Same layout as an Enhanced Packet Block from the timestamp on.
        EmitEnhancedPacket(block, interfaceId, (int)captured);
        return true;
    }

    private void ReadInterfaceDescription(ReadOnlySpan<byte> block, long offset)
    {
        if (block.Length < 20)
        {
            Problem(offset, $"Interface description block too short ({block.Length} bytes); the interface is declared with unknown link type.");
            var placeholder = new CaptureInterface(_sectionIndex, _sectionInterfaces.Count, (LinkType)0xFFFF, 0);
            _sectionInterfaces.Add(placeholder);
            _interfaces.Add(placeholder);
            return;
        }

        var linkType = (LinkType)U16(block[8..]);
        uint snapLength = U32(block[12..]);
        var captureInterface = new CaptureInterface(_sectionIndex, _sectionInterfaces.Count, linkType, (int)Math.Min(snapLength, int.MaxValue));
        var options = new PcapNgOptionWalker(block[16..^4], _bigEndian);
        while (options.TryReadNext(out ushort code, out ReadOnlySpan<byte> value))
        {
            int length = value.Length;
            switch (code)
            {
                case 2:
                    captureInterface.Name = Utf8(value);
                    break;
                case 3:
                    captureInterface.Description = Utf8(value);
                    break;
                case 9 when length >= 1:
                    captureInterface.SetTimestampResolution(value[0]);
                    break;
                case 11 when length >= 1 && value[0] == 0:
                    captureInterface.Filter = Utf8(value[1..]);
                    break;
                case 13 when length >= 1:
                    captureInterface.FcsLength = value[0];
                    break;
                case 14 when length >= 8:
                    captureInterface.SetTimestampOffset(_bigEndian ? BinaryPrimitives.ReadInt64BigEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value));
                    break;
                default:
                    break;
            }
        }

        if (options.Overran)
        {
            Problem(offset, $"Interface description option {options.OverrunCode} of {options.OverrunLength} bytes overruns its block; remaining options ignored.");
        }

        _sectionInterfaces.Add(captureInterface);
        _interfaces.Add(captureInterface);
    }

    private void ReadInterfaceStatistics(ReadOnlySpan<byte> block, long offset)
    {
        if (block.Length < 24)
        {
            Problem(offset, $"Interface statistics block too short ({block.Length} bytes).");
            return;
        }

        uint interfaceId = U32(block[8..]);
        if (interfaceId >= (uint)_sectionInterfaces.Count)
        {
            Problem(offset, $"Interface statistics block references interface {interfaceId}, but the section declares {_sectionInterfaces.Count}.");
            return;
        }

        CaptureInterface captureInterface = _sectionInterfaces[(int)interfaceId];
        var options = new PcapNgOptionWalker(block[20..^4], _bigEndian);
        while (options.TryReadNext(out ushort code, out ReadOnlySpan<byte> option))
        {
            if (option.Length == 8 && code is 4 or 5)
            {
                // 64-bit counters (isb_ifrecv = 4, isb_ifdrop = 5), clamped to long.
                ulong value = _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(option) : BinaryPrimitives.ReadUInt64LittleEndian(option);
                long clamped = (long)Math.Min(value, long.MaxValue);
                if (code == 4)
                {
                    captureInterface.ReceivedPackets = clamped;
                }
                else
                {
                    captureInterface.DroppedPackets = clamped;
                }
            }
        }
    }

    private void ReadNameResolution(ReadOnlySpan<byte> block, long offset)
    {
        var records = new PcapNgOptionWalker(block[8..^4], _bigEndian);
        while (_names.Count < MaxNameRecords && records.TryReadNext(out ushort type, out ReadOnlySpan<byte> value))
        {
            int addressLength = type switch { 1 => 4, 2 => 16, _ => 0 };
            if (addressLength > 0 && value.Length > addressLength)
            {
                var address = new IPAddress(value[..addressLength]);
                foreach (Range range in value[addressLength..].Split((byte)0))
                {
                    ReadOnlySpan<byte> name = value[addressLength..][range];
                    if (!name.IsEmpty && _names.Count < MaxNameRecords)
                    {
                        _names.Add(new CaptureNameRecord(address, Encoding.UTF8.GetString(name), offset));
                    }
                }
            }
        }

        if (records.Overran)
        {
            Problem(offset, $"Name resolution record of {records.OverrunLength} bytes overruns its block; remaining records ignored.");
        }
    }

    private static string Utf8(ReadOnlySpan<byte> value)
    {
        int nul = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? value[..nul] : value);
    }

    /// <summary>Reads a Section Header Block at the current position: sets the byte order and starts a new section.</summary>
    private async ValueTask<bool> ReadPcapNgBlockHeaderSectionAsync(bool async, CancellationToken cancellationToken)
    {
        long offset = Position;
        if (!await FillAsync(12, async, cancellationToken).ConfigureAwait(false))
        {
            Problem(offset, "Truncated pcapng section header block.");
            return false;
        }

        uint bom = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_position + 8));
        if (bom == ByteOrderMagic)
        {
            _bigEndian = false;
        }
        else if (bom == BinaryPrimitives.ReverseEndianness(ByteOrderMagic))
        {
            _bigEndian = true;
        }
        else
        {
            Problem(offset + 8, $"Invalid pcapng byte-order magic 0x{bom:X8}.");
            return false;
        }

        uint length = U32(_buffer.AsSpan(_position + 4));
        if (length < 28 || (length & 3) != 0 || length > (uint)_options.MaxBlockLength)
        {
            Problem(offset, $"Invalid pcapng section header block length {length}.");
            return false;
        }

        if (!await FillAsync((int)length, async, cancellationToken).ConfigureAwait(false))
        {
            Problem(offset, $"Truncated pcapng section header block: {_end - _position} of {length} bytes.");
            return false;
        }

        ReadOnlySpan<byte> block = _buffer.AsSpan(_position, (int)length);
        if (U32(block[((int)length - 4)..]) != length)
        {
            Problem(offset, $"The section header block's trailing length differs from its leading length {length}.");
            return false;
        }

        ushort major = U16(block[12..]);
        if (major != 1)
        {
            Problem(offset + 12, $"Unsupported pcapng version {major}.{U16(block[14..])}.");
            return false;
        }

        // Options are not used, but an option that overruns the block marks a damaged header (libpcap rejects it).
        // The byte order was just set from this block, so the walker reads its options correctly.
        var options = new PcapNgOptionWalker(block[24..^4], _bigEndian);
        while (options.TryReadNext(out _, out _))
        {
        }

        if (options.Overran)
        {
            Problem(offset, $"Section header option {options.OverrunCode} of {options.OverrunLength} bytes overruns its block; options ignored.");
        }

        _sectionIndex++;
        _sectionInterfaces.Clear();
        _position += (int)length;
        return true;
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
