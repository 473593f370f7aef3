using System.Buffers.Binary;
using System.Net;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A zero-allocation decoded view of one captured frame: link layer (Ethernet II with 802.3/SNAP, stacked
/// 802.1Q/802.1ad VLAN tags, PPPoE session, MPLS, Linux SLL and SLL2, BSD NULL/LOOP, raw IP), IPv4 (options,
/// fragments), IPv6 (extension headers including fragment), TCP, UDP, ICMP and ICMPv6.
/// Decoding happens once in the constructor and never throws: a malformed or truncated layer stops decoding
/// and is reported through <see cref="Error"/> and <see cref="ErrorLayer"/>; what was decoded before stays available.
/// </summary>
/// <remarks>
/// <para>Specs: IEEE 802.3 / 802.1Q, RFC 2516 (PPPoE), RFC 3032 (MPLS), RFC 791 (IPv4), RFC 8200 (IPv6),
/// RFC 9293 (TCP), RFC 768 (UDP), RFC 792 / RFC 4443 (ICMP / ICMPv6); Linux SLL/SLL2 and BSD loopback as in
/// the tcpdump.org link-type registry.</para>
/// <para>Lengths: the IP packet is bounded by the IPv4 total length / IPv6 payload length (so Ethernet padding is not
/// payload) and by the captured bytes (<see cref="IsTruncated"/> tells when the capture cut it). A total length of 0
/// (TSO captures) means "the rest of the frame". Non-first fragments have no transport header.
/// Tunnels (IP-in-IP, GRE, VXLAN) are not followed.</para>
/// <para>The view borrows the frame span: it lives no longer than the bytes it reads (for a
/// <see cref="CaptureRecord"/>, until the next read).</para>
/// </remarks>
/// <example>
/// <code>
/// var packet = new PacketView(record.Span, record.LinkType);
/// if (packet.HasPorts)
///     Console.WriteLine($"{packet.GetSourceAddress()}:{packet.SourcePort} -> {packet.GetDestinationAddress()}:{packet.DestinationPort}");
/// else if (packet.HasError)
///     Console.WriteLine($"{packet.ErrorLayer}: {packet.Error}");
/// </code>
/// </example>
public ref partial struct PacketView
{
    private const int MaxVlanTags = 8;
    private const int MaxMplsLabels = 8;
    private const int MaxExtensionHeaders = 16;

    private readonly ReadOnlySpan<byte> _frame;
    private int _linkHeaderLength;
    private int _networkOffset;
    private int _networkHeaderLength;
    private int _networkEnd;
    private int _transportOffset;
    private int _transportHeaderLength;
    private int _payloadOffset;
    private int _payloadEnd;
    private byte _transportKind;
    private bool _hasAddresses;
    private bool _hasPorts;

    /// <summary>Decodes <paramref name="frame"/> as a frame of link type <paramref name="linkType"/>.</summary>
    /// <param name="frame">The captured bytes, starting with the link-layer header.</param>
    /// <param name="linkType">The link-layer header type of the capture interface.</param>
    public PacketView(ReadOnlySpan<byte> frame, LinkType linkType)
    {
        _frame = frame;
        LinkType = linkType;
        _networkOffset = -1;
        _transportOffset = -1;
        switch (linkType)
        {
            case LinkType.Ethernet:
                DecodeEthernet();
                break;
            case LinkType.LinuxSll:
                if (frame.Length < 16)
                {
                    Fail(PacketLayer.Link, DecodeError.Truncated);
                    return;
                }

                _linkHeaderLength = 16;
                DecodeEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), 16);
                break;
            case LinkType.LinuxSll2:
                if (frame.Length < 20)
                {
                    Fail(PacketLayer.Link, DecodeError.Truncated);
                    return;
                }

                _linkHeaderLength = 20;
                DecodeEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame), 20);
                break;
            case LinkType.Null:
            case LinkType.Loop:
                DecodeLoopback();
                break;
            case LinkType.Raw:
            case LinkType.RawLegacy:
            case LinkType.RawOpenBsd:
                DecodeIPByVersion(0);
                break;
            case LinkType.IPv4:
                EtherType = 0x0800;
                DecodeIPv4(0);
                break;
            case LinkType.IPv6:
                EtherType = 0x86DD;
                DecodeIPv6(0);
                break;
            default:
                Fail(PacketLayer.Link, DecodeError.UnsupportedLinkType);
                break;
        }
    }

    /// <summary>Decodes the bytes of a capture record with the record's link type.</summary>
    /// <param name="record">A record from a <see cref="CaptureReader"/>; the view is valid until the reader's next read.</param>
    public PacketView(CaptureRecord record)
        : this(record.Span, record.LinkType)
    {
    }

    /// <summary>Gets the link-layer header type the frame was decoded with.</summary>
    public LinkType LinkType { get; }

    /// <summary>Gets the whole frame.</summary>
    public readonly ReadOnlySpan<byte> Frame => _frame;

    /// <summary>Gets the length of the link-layer headers (including VLAN tags, PPPoE, MPLS) before the network layer.</summary>
    public readonly int LinkHeaderLength => _networkOffset >= 0 ? _networkOffset : _linkHeaderLength;

    /// <summary>Gets the Ethernet destination MAC address (empty when the link type is not Ethernet or the frame is truncated).</summary>
    public readonly ReadOnlySpan<byte> EthernetDestination => LinkType == LinkType.Ethernet && _frame.Length >= 14 ? _frame[..6] : default;

    /// <summary>Gets the Ethernet source MAC address (empty when the link type is not Ethernet or the frame is truncated).</summary>
    public readonly ReadOnlySpan<byte> EthernetSource => LinkType == LinkType.Ethernet && _frame.Length >= 14 ? _frame.Slice(6, 6) : default;

    /// <summary>Gets the EtherType (or equivalent protocol field) of the network layer after VLAN tags; 0x0800/0x86DD for raw IP and loopback.</summary>
    public ushort EtherType { get; private set; }

    /// <summary>Gets the number of 802.1Q/802.1ad VLAN tags.</summary>
    public int VlanCount { get; private set; }

    /// <summary>Gets the VLAN id (12 bits) of the outermost tag, or 0 without tags.</summary>
    public ushort VlanId { get; private set; }

    /// <summary>Gets the VLAN id of the second (inner, QinQ) tag, or 0 with fewer than two tags.</summary>
    public ushort InnerVlanId { get; private set; }

    /// <summary>Gets the network-layer protocol.</summary>
    public NetworkLayerType Network { get; private set; }

    /// <summary>Gets a value indicating whether <see cref="SourceAddressBytes"/> and <see cref="DestinationAddressBytes"/> are available (a complete IPv4 or IPv6 base header).</summary>
    public readonly bool HasAddresses => _hasAddresses;

    /// <summary>Gets the source IP address as 4 (IPv4) or 16 (IPv6) raw bytes, or empty.</summary>
    public readonly ReadOnlySpan<byte> SourceAddressBytes => !_hasAddresses ? default
        : Network == NetworkLayerType.IPv4 ? _frame.Slice(_networkOffset + 12, 4) : _frame.Slice(_networkOffset + 8, 16);

    /// <summary>Gets the destination IP address as 4 (IPv4) or 16 (IPv6) raw bytes, or empty.</summary>
    public readonly ReadOnlySpan<byte> DestinationAddressBytes => !_hasAddresses ? default
        : Network == NetworkLayerType.IPv4 ? _frame.Slice(_networkOffset + 16, 4) : _frame.Slice(_networkOffset + 24, 16);

    /// <summary>Gets the IP header: IPv4 with options, or the 40-byte IPv6 base header (empty when not decoded).</summary>
    public readonly ReadOnlySpan<byte> NetworkHeader => _networkHeaderLength > 0 ? _frame.Slice(_networkOffset, _networkHeaderLength) : default;

    /// <summary>Gets the IPv4 options (empty for IPv6 or without options).</summary>
    public readonly ReadOnlySpan<byte> IPv4Options => Network == NetworkLayerType.IPv4 && _networkHeaderLength > 20 ? _frame.Slice(_networkOffset + 20, _networkHeaderLength - 20) : default;

    /// <summary>Gets the whole IP packet as captured, bounded by its total length (no link-layer padding).</summary>
    public readonly ReadOnlySpan<byte> NetworkPacket => _networkHeaderLength > 0 ? _frame[_networkOffset.._networkEnd] : default;

    /// <summary>Gets the IP protocol number of the transport layer (after IPv6 extension headers), e.g. 6 for TCP; 0 when unknown.</summary>
    public byte Protocol { get; private set; }

    /// <summary>Gets the IPv4 TTL or IPv6 hop limit.</summary>
    public byte HopLimit { get; private set; }

    /// <summary>Gets a value indicating whether the packet is an IP fragment (IPv4 MF set or fragment offset non-zero; or an IPv6 fragment header).</summary>
    public bool IsFragment { get; private set; }

    /// <summary>Gets a value indicating whether the "more fragments" flag is set.</summary>
    public bool MoreFragments { get; private set; }

    /// <summary>Gets a value indicating whether the IPv4 "don't fragment" flag is set.</summary>
    public bool DontFragment { get; private set; }

    /// <summary>Gets the fragment offset in bytes.</summary>
    public int FragmentOffset { get; private set; }

    /// <summary>Gets the IPv4 identification or the IPv6 fragment header identification.</summary>
    public uint Identification { get; private set; }

    /// <summary>Gets a value indicating whether the capture cut the IP packet short of its stated length.</summary>
    public bool IsTruncated { get; private set; }

    /// <summary>Gets a value indicating whether a complete TCP header was decoded.</summary>
    public readonly bool IsTcp => _transportKind == IPProtocolNumbers.Tcp;

    /// <summary>Gets a value indicating whether a complete UDP header was decoded.</summary>
    public readonly bool IsUdp => _transportKind == IPProtocolNumbers.Udp;

    /// <summary>Gets a value indicating whether an ICMP or ICMPv6 header was decoded (see <see cref="Protocol"/> for which).</summary>
    public readonly bool IsIcmp => _transportKind is IPProtocolNumbers.Icmp or IPProtocolNumbers.IcmpV6;

    /// <summary>Gets a value indicating whether <see cref="SourcePort"/> and <see cref="DestinationPort"/> are available (TCP or UDP with at least the port fields captured).</summary>
    public readonly bool HasPorts => _hasPorts;

    /// <summary>Gets the TCP or UDP source port, or 0.</summary>
    public readonly ushort SourcePort => _hasPorts ? BinaryPrimitives.ReadUInt16BigEndian(_frame[_transportOffset..]) : (ushort)0;

    /// <summary>Gets the TCP or UDP destination port, or 0.</summary>
    public readonly ushort DestinationPort => _hasPorts ? BinaryPrimitives.ReadUInt16BigEndian(_frame[(_transportOffset + 2)..]) : (ushort)0;

    /// <summary>Gets the TCP sequence number, or 0.</summary>
    public readonly uint SequenceNumber => IsTcp ? BinaryPrimitives.ReadUInt32BigEndian(_frame[(_transportOffset + 4)..]) : 0;

    /// <summary>Gets the TCP acknowledgment number, or 0.</summary>
    public readonly uint AcknowledgmentNumber => IsTcp ? BinaryPrimitives.ReadUInt32BigEndian(_frame[(_transportOffset + 8)..]) : 0;

    /// <summary>Gets the TCP flags, or <see cref="TcpFlags.None"/>.</summary>
    public readonly TcpFlags TcpFlags => IsTcp ? (TcpFlags)(BinaryPrimitives.ReadUInt16BigEndian(_frame[(_transportOffset + 12)..]) & 0x01FF) : TcpFlags.None;

    /// <summary>Gets the TCP window (unscaled), or 0.</summary>
    public readonly ushort Window => IsTcp ? BinaryPrimitives.ReadUInt16BigEndian(_frame[(_transportOffset + 14)..]) : (ushort)0;

    /// <summary>Gets the TCP urgent pointer, or 0.</summary>
    public readonly ushort UrgentPointer => IsTcp ? BinaryPrimitives.ReadUInt16BigEndian(_frame[(_transportOffset + 18)..]) : (ushort)0;

    /// <summary>Gets the TCP options bytes (empty without options). Parse them with <see cref="TryGetTcpOption"/> or <see cref="TcpOptionReader"/>.</summary>
    public readonly ReadOnlySpan<byte> TcpOptions => IsTcp && _transportHeaderLength > 20 ? _frame.Slice(_transportOffset + 20, _transportHeaderLength - 20) : default;

    /// <summary>Gets the UDP length field, or 0.</summary>
    public readonly ushort UdpLength => IsUdp ? BinaryPrimitives.ReadUInt16BigEndian(_frame[(_transportOffset + 4)..]) : (ushort)0;

    /// <summary>Gets the ICMP/ICMPv6 type, or 0.</summary>
    public readonly byte IcmpType => IsIcmp ? _frame[_transportOffset] : (byte)0;

    /// <summary>Gets the ICMP/ICMPv6 code, or 0.</summary>
    public readonly byte IcmpCode => IsIcmp ? _frame[_transportOffset + 1] : (byte)0;

    /// <summary>Gets the transport header (TCP with options, 8-byte UDP, ICMP up to 8 bytes), or empty.</summary>
    public readonly ReadOnlySpan<byte> TransportHeader => _transportKind != 0 ? _frame.Slice(_transportOffset, _transportHeaderLength) : default;

    /// <summary>
    /// Gets the payload: the TCP segment data, UDP datagram data or ICMP body when that layer was decoded,
    /// otherwise the IP payload (after IPv6 extension headers). Bounded by the IP/UDP lengths and the captured bytes.
    /// </summary>
    public readonly ReadOnlySpan<byte> Payload => _payloadEnd > _payloadOffset ? _frame[_payloadOffset.._payloadEnd] : default;

    /// <summary>Gets the decoding problem, or <see cref="DecodeError.None"/>.</summary>
    public DecodeError Error { get; private set; }

    /// <summary>Gets the layer where decoding stopped because of <see cref="Error"/>, or <see cref="PacketLayer.None"/>.</summary>
    public PacketLayer ErrorLayer { get; private set; }

    /// <summary>Gets a value indicating whether a layer was malformed or truncated.</summary>
    public readonly bool HasError => Error != DecodeError.None;

    /// <summary>Gets the source IP address as an <see cref="IPAddress"/> (allocates), or <see langword="null"/> without an IP layer.</summary>
    /// <returns>The address, or <see langword="null"/>.</returns>
    public readonly IPAddress? GetSourceAddress() => _hasAddresses ? new IPAddress(SourceAddressBytes) : null;

    /// <summary>Gets the destination IP address as an <see cref="IPAddress"/> (allocates), or <see langword="null"/> without an IP layer.</summary>
    /// <returns>The address, or <see langword="null"/>.</returns>
    public readonly IPAddress? GetDestinationAddress() => _hasAddresses ? new IPAddress(DestinationAddressBytes) : null;

    /// <summary>Finds a TCP option by kind (RFC 9293 section 3.2).</summary>
    /// <param name="kind">The option kind, e.g. 2 (MSS), 3 (window scale), 4 (SACK permitted), 8 (timestamps).</param>
    /// <param name="data">The option data after the kind and length bytes.</param>
    /// <returns><see langword="true"/> when the option is present and well-formed.</returns>
    /// <remarks>No throwing counterpart: an absent option is normal TCP, not an error.</remarks>
    public readonly bool TryGetTcpOption(byte kind, out ReadOnlySpan<byte> data)
    {
        var reader = new TcpOptionReader(TcpOptions);
        while (reader.TryReadNext(out byte k, out ReadOnlySpan<byte> d))
        {
            if (k == kind)
            {
                data = d;
                return true;
            }
        }

        data = default;
        return false;
    }

    /// <summary>Gets the TCP maximum segment size option.</summary>
    /// <param name="mss">The MSS.</param>
    /// <returns><see langword="true"/> when present.</returns>
    /// <remarks>No throwing counterpart: an absent option is normal TCP, not an error.</remarks>
    public readonly bool TryGetMaximumSegmentSize(out ushort mss)
    {
        if (TryGetTcpOption(2, out ReadOnlySpan<byte> data) && data.Length == 2)
        {
            mss = BinaryPrimitives.ReadUInt16BigEndian(data);
            return true;
        }

        mss = 0;
        return false;
    }

    /// <summary>Gets the TCP window scale option (RFC 7323).</summary>
    /// <param name="shift">The shift count.</param>
    /// <returns><see langword="true"/> when present.</returns>
    /// <remarks>No throwing counterpart: an absent option is normal TCP, not an error.</remarks>
    public readonly bool TryGetWindowScale(out byte shift)
    {
        if (TryGetTcpOption(3, out ReadOnlySpan<byte> data) && data.Length == 1)
        {
            shift = data[0];
            return true;
        }

        shift = 0;
        return false;
    }

    /// <summary>Gets the TCP timestamps option (RFC 7323).</summary>
    /// <param name="value">TSval.</param>
    /// <param name="echoReply">TSecr.</param>
    /// <returns><see langword="true"/> when present.</returns>
    /// <remarks>No throwing counterpart: an absent option is normal TCP, not an error.</remarks>
    public readonly bool TryGetTimestamps(out uint value, out uint echoReply)
    {
        if (TryGetTcpOption(8, out ReadOnlySpan<byte> data) && data.Length == 8)
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(data);
            echoReply = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
            return true;
        }

        value = 0;
        echoReply = 0;
        return false;
    }

    private void Fail(PacketLayer layer, DecodeError error)
    {
        ErrorLayer = layer;
        Error = error;
    }
}
