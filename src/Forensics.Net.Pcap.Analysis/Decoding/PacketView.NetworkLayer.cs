using System.Buffers.Binary;

namespace Forensics.Net.Pcap.Analysis;

public ref partial struct PacketView
{
    private void DecodeIPByVersion(int offset)
    {
        if (_frame.Length <= offset)
        {
            Fail(PacketLayer.Network, DecodeError.Truncated);
            return;
        }

        switch (_frame[offset] >> 4)
        {
            case 4:
                EtherType = 0x0800;
                DecodeIPv4(offset);
                break;
            case 6:
                EtherType = 0x86DD;
                DecodeIPv6(offset);
                break;
            default:
                Fail(PacketLayer.Network, DecodeError.InvalidVersion);
                break;
        }
    }

    private void DecodeIPv4(int offset)
    {
        ReadOnlySpan<byte> frame = _frame;
        Network = NetworkLayerType.IPv4;
        _networkOffset = offset;
        int available = frame.Length - offset;
        if (available < 20)
        {
            Fail(PacketLayer.Network, DecodeError.Truncated);
            return;
        }

        ReadOnlySpan<byte> header = frame.Slice(offset, 20);
        if (header[0] >> 4 != 4)
        {
            Fail(PacketLayer.Network, DecodeError.InvalidVersion);
            return;
        }

        int headerLength = (header[0] & 0x0F) * 4;
        if (headerLength < 20)
        {
            Fail(PacketLayer.Network, DecodeError.InvalidHeaderLength);
            return;
        }

        if (headerLength > available)
        {
            Fail(PacketLayer.Network, DecodeError.Truncated);
            return;
        }

        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        if (totalLength == 0)
        {
            totalLength = available;
        }
        else if (totalLength < headerLength)
        {
            Fail(PacketLayer.Network, DecodeError.InvalidTotalLength);
            return;
        }

        if (totalLength > available)
        {
            IsTruncated = true;
            totalLength = available;
        }

        _hasAddresses = true;
        _networkHeaderLength = headerLength;
        _networkEnd = offset + totalLength;
        HopLimit = header[8];
        Protocol = header[9];
        Identification = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
        int fragment = BinaryPrimitives.ReadUInt16BigEndian(header[6..]);
        DontFragment = (fragment & 0x4000) != 0;
        MoreFragments = (fragment & 0x2000) != 0;
        FragmentOffset = (fragment & 0x1FFF) * 8;
        IsFragment = MoreFragments || FragmentOffset != 0;
        _payloadOffset = offset + headerLength;
        _payloadEnd = _networkEnd;
        if (FragmentOffset == 0)
        {
            DecodeTransport(offset + headerLength);
        }
    }

    private void DecodeIPv6(int offset)
    {
        ReadOnlySpan<byte> frame = _frame;
        Network = NetworkLayerType.IPv6;
        _networkOffset = offset;
        int available = frame.Length - offset;
        if (available < 40)
        {
            Fail(PacketLayer.Network, DecodeError.Truncated);
            return;
        }

        if (frame[offset] >> 4 != 6)
        {
            Fail(PacketLayer.Network, DecodeError.InvalidVersion);
            return;
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 4)..]);
        int end = offset + 40 + payloadLength;
        if (payloadLength == 0)
        {
            end = frame.Length; // jumbogram or TSO
        }
        else if (end > frame.Length)
        {
            IsTruncated = true;
            end = frame.Length;
        }

        _hasAddresses = true;
        _networkHeaderLength = 40;
        _networkEnd = end;
        HopLimit = frame[offset + 7];
        byte next = frame[offset + 6];
        int position = offset + 40;
        for (int i = 0; ; i++)
        {
            if (i >= MaxExtensionHeaders)
            {
                Protocol = next;
                Fail(PacketLayer.Network, DecodeError.TooManyHeaders);
                return;
            }

            int length;
            switch (next)
            {
                case 0: // hop-by-hop
                case 43: // routing
                case 60: // destination options
                case 135: // mobility
                case 139: // HIP
                case 140: // shim6
                    if (end - position < 2)
                    {
                        Protocol = next;
                        Fail(PacketLayer.Network, IsTruncated ? DecodeError.Truncated : DecodeError.InvalidTotalLength);
                        return;
                    }

                    length = (frame[position + 1] + 1) * 8;
                    break;
                case 51: // authentication header (RFC 4302): length in 4-octet units minus 2
                    if (end - position < 2)
                    {
                        Protocol = next;
                        Fail(PacketLayer.Network, IsTruncated ? DecodeError.Truncated : DecodeError.InvalidTotalLength);
                        return;
                    }

                    length = (frame[position + 1] + 2) * 4;
                    break;
                case 44: // fragment
                    if (end - position < 8)
                    {
                        Protocol = next;
                        Fail(PacketLayer.Network, IsTruncated ? DecodeError.Truncated : DecodeError.InvalidTotalLength);
                        return;
                    }

                    int field = BinaryPrimitives.ReadUInt16BigEndian(frame[(position + 2)..]);
                    IsFragment = true;
                    FragmentOffset = field & 0xFFF8;
                    MoreFragments = (field & 1) != 0;
                    Identification = BinaryPrimitives.ReadUInt32BigEndian(frame[(position + 4)..]);
                    length = 8;
                    break;
                default:
                    Protocol = next;
                    _payloadOffset = position;
                    _payloadEnd = end;
                    if (FragmentOffset == 0)
                    {
                        DecodeTransport(position);
                    }

                    return;
            }

            if (length > end - position)
            {
                Protocol = next;
                Fail(PacketLayer.Network, IsTruncated ? DecodeError.Truncated : DecodeError.InvalidTotalLength);
                return;
            }

            next = frame[position];
            position += length;
        }
    }

    private void DecodeTransport(int offset)
    {
        ReadOnlySpan<byte> frame = _frame;
        int end = _networkEnd;
        int available = end - offset;
        _transportOffset = offset;
        switch (Protocol)
        {
            case IPProtocolNumbers.Tcp:
            {
                _hasPorts = available >= 4;
                if (available < 20)
                {
                    Fail(PacketLayer.Transport, DecodeError.Truncated);
                    return;
                }

                int headerLength = (frame[offset + 12] >> 4) * 4;
                if (headerLength < 20)
                {
                    Fail(PacketLayer.Transport, DecodeError.InvalidHeaderLength);
                    return;
                }

                if (headerLength > available)
                {
                    Fail(PacketLayer.Transport, DecodeError.Truncated);
                    return;
                }

                _transportKind = IPProtocolNumbers.Tcp;
                _transportHeaderLength = headerLength;
                _payloadOffset = offset + headerLength;
                _payloadEnd = end;
                return;
            }

            case IPProtocolNumbers.Udp:
            {
                _hasPorts = available >= 4;
                if (available < 8)
                {
                    Fail(PacketLayer.Transport, DecodeError.Truncated);
                    return;
                }

                int length = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 4)..]);
                _transportKind = IPProtocolNumbers.Udp;
                _transportHeaderLength = 8;
                _payloadOffset = offset + 8;
                _payloadEnd = end;
                if (length != 0 && length < 8)
                {
                    Fail(PacketLayer.Transport, DecodeError.InvalidHeaderLength);
                }
                else if (length >= 8 && offset + length < end)
                {
                    _payloadEnd = offset + length;
                }

                return;
            }

            case IPProtocolNumbers.Icmp:
            case IPProtocolNumbers.IcmpV6:
                if (available < 4)
                {
                    Fail(PacketLayer.Transport, DecodeError.Truncated);
                    return;
                }

                _transportKind = Protocol;
                _transportHeaderLength = Math.Min(8, available);
                _payloadOffset = offset + _transportHeaderLength;
                _payloadEnd = end;
                return;
            default:
                return;
        }
    }
}
