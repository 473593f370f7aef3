using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace Forensics.Net.Pcap.Analysis;

public sealed partial class CaptureReader
{
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
}
