using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Forensics.Net.Pcap.Analysis;

public sealed partial class CaptureReader
{
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
}
