using System.Buffers.Binary;

namespace Forensics.Net.Pcap.Analysis;

public ref partial struct PacketView
{
    private void DecodeEthernet()
    {
        ReadOnlySpan<byte> frame = _frame;
        if (frame.Length < 14)
        {
            Fail(PacketLayer.Link, DecodeError.Truncated);
            return;
        }

        _linkHeaderLength = 14;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        if (type <= 1500)
        {
            // IEEE 802.3 length field: only LLC/SNAP carries an EtherType.
            if (frame.Length >= 22 && frame[14] == 0xAA && frame[15] == 0xAA && frame[16] == 0x03)
            {
                _linkHeaderLength = 22;
                DecodeEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[20..]), 22);
                return;
            }

            Network = NetworkLayerType.Other;
            return;
        }

        DecodeEtherType(type, 14);
    }

    private void DecodeEtherType(ushort type, int offset)
    {
        ReadOnlySpan<byte> frame = _frame;
        while (true)
        {
            EtherType = type;
            switch (type)
            {
                case 0x0800:
                    DecodeIPv4(offset);
                    return;
                case 0x86DD:
                    DecodeIPv6(offset);
                    return;
                case 0x0806:
                    Network = NetworkLayerType.Arp;
                    return;
                case 0x8100:
                case 0x88A8:
                case 0x9100:
                    if (VlanCount >= MaxVlanTags)
                    {
                        Fail(PacketLayer.Link, DecodeError.TooManyHeaders);
                        return;
                    }

                    if (frame.Length < offset + 4)
                    {
                        Fail(PacketLayer.Link, DecodeError.Truncated);
                        return;
                    }

                    ushort id = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]) & 0x0FFF);
                    if (VlanCount == 0)
                    {
                        VlanId = id;
                    }
                    else if (VlanCount == 1)
                    {
                        InnerVlanId = id;
                    }

                    VlanCount++;
                    type = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
                    offset += 4;
                    _linkHeaderLength = offset;
                    continue;
                case 0x8864:
                    // PPPoE session (RFC 2516): 6-byte header, then a 2-byte PPP protocol.
                    if (frame.Length < offset + 8)
                    {
                        Fail(PacketLayer.Link, DecodeError.Truncated);
                        return;
                    }

                    ushort ppp = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 6)..]);
                    offset += 8;
                    _linkHeaderLength = offset;
                    if (ppp == 0x0021)
                    {
                        DecodeIPv4(offset);
                    }
                    else if (ppp == 0x0057)
                    {
                        DecodeIPv6(offset);
                    }
                    else
                    {
                        Network = NetworkLayerType.Other;
                    }

                    return;
                case 0x8847:
                case 0x8848:
                    // MPLS (RFC 3032): labels until bottom-of-stack, then IP by version nibble.
                    for (int i = 0; ; i++)
                    {
                        if (i >= MaxMplsLabels)
                        {
                            Fail(PacketLayer.Link, DecodeError.TooManyHeaders);
                            return;
                        }

                        if (frame.Length < offset + 4)
                        {
                            Fail(PacketLayer.Link, DecodeError.Truncated);
                            return;
                        }

                        bool bottom = (frame[offset + 2] & 1) != 0;
                        offset += 4;
                        if (bottom)
                        {
                            break;
                        }
                    }

                    _linkHeaderLength = offset;
                    DecodeIPByVersion(offset);
                    return;
                default:
                    Network = NetworkLayerType.Other;
                    return;
            }
        }
    }

    private void DecodeLoopback()
    {
        ReadOnlySpan<byte> frame = _frame;
        if (frame.Length < 4)
        {
            Fail(PacketLayer.Link, DecodeError.Truncated);
            return;
        }

        _linkHeaderLength = 4;
        uint family;
        if (LinkType == LinkType.Loop)
        {
            family = BinaryPrimitives.ReadUInt32BigEndian(frame);
        }
        else
        {
            // LINKTYPE_NULL stores the family in the capturing host's byte order; small values tell which.
            family = BinaryPrimitives.ReadUInt32LittleEndian(frame);
            if (family > 0xFFFF)
            {
                family = BinaryPrimitives.ReadUInt32BigEndian(frame);
            }
        }

        switch (family)
        {
            case 2:
                EtherType = 0x0800;
                DecodeIPv4(4);
                break;
            case 10:
            case 24:
            case 28:
            case 30:
                EtherType = 0x86DD;
                DecodeIPv6(4);
                break;
            default:
                Network = NetworkLayerType.Other;
                break;
        }
    }
}
