using System.Buffers.Binary;
using System.Net;

namespace Forensics.Net.Pcap.Analysis.Tests.Decoding;

public class PacketViewTests
{
    [Fact]
    public void EthernetIPv4TcpSyn_DecodesEveryField()
    {
        byte[] frame = Frames.EthernetTcpSyn();
        var p = new PacketView(frame, LinkType.Ethernet);

        p.HasError.Should().BeFalse();
        p.EtherType.Should().Be(0x0800);
        p.EthernetSource.ToArray().Should().Equal(Frames.MacA);
        p.EthernetDestination.ToArray().Should().Equal(Frames.MacB);
        p.Network.Should().Be(NetworkLayerType.IPv4);
        p.SourceAddressBytes.ToArray().Should().Equal(10, 0, 0, 1);
        p.GetDestinationAddress().Should().Be(IPAddress.Parse("10.0.0.2"));
        p.Protocol.Should().Be(IPProtocolNumbers.Tcp);
        p.HopLimit.Should().Be(64);
        p.Identification.Should().Be(0x1234u);
        p.IsTcp.Should().BeTrue();
        p.HasPorts.Should().BeTrue();
        p.SourcePort.Should().Be(53146);
        p.DestinationPort.Should().Be(8080);
        p.SequenceNumber.Should().Be(1000u);
        p.TcpFlags.Should().Be(TcpFlags.Syn);
        p.Window.Should().Be(65535);
        p.TransportHeader.Length.Should().Be(40);
        p.Payload.IsEmpty.Should().BeTrue();
        p.TryGetMaximumSegmentSize(out ushort mss).Should().BeTrue();
        mss.Should().Be(1460);
        p.TryGetWindowScale(out byte scale).Should().BeTrue();
        scale.Should().Be(7);
        p.TryGetTimestamps(out uint tsval, out uint tsecr).Should().BeTrue();
        (tsval, tsecr).Should().Be((1u, 2u));
        p.TryGetTcpOption(4, out ReadOnlySpan<byte> sackPermitted).Should().BeTrue();
        sackPermitted.Length.Should().Be(0);
        p.TryGetTcpOption(5, out _).Should().BeFalse();
    }

    [Fact]
    public void TcpPayload_IsBoundedByIPTotalLength_NotEthernetPadding()
    {
        byte[] ip = Frames.IPv4(6, Frames.Tcp(1, 2, 0, 0, TcpFlags.Ack | TcpFlags.Psh, payload: [0xAA, 0xBB]));
        byte[] frame = [.. Frames.Ethernet(0x0800, ip), 0, 0, 0, 0, 0, 0];

        var p = new PacketView(frame, LinkType.Ethernet);

        p.Payload.ToArray().Should().Equal(0xAA, 0xBB);
        p.NetworkPacket.Length.Should().Be(ip.Length);
        p.TcpFlags.Should().Be(TcpFlags.Ack | TcpFlags.Psh);
    }

    [Fact]
    public void StackedVlanTags_QinQ_AreWalked()
    {
        byte[] udp = Frames.IPv4(17, Frames.Udp(53, 5353, [1, 2, 3]));
        byte[] frame = Frames.Ethernet(0x88A8, Frames.Vlan(0x2064, 0x8100, Frames.Vlan(0x00C8, 0x0800, udp)));

        var p = new PacketView(frame, LinkType.Ethernet);

        p.VlanCount.Should().Be(2);
        p.VlanId.Should().Be(100);
        p.InnerVlanId.Should().Be(200);
        p.LinkHeaderLength.Should().Be(22);
        p.IsUdp.Should().BeTrue();
        p.UdpLength.Should().Be(11);
        p.Payload.ToArray().Should().Equal(1, 2, 3);
        p.DestinationPort.Should().Be(5353);
    }

    public static TheoryData<string, LinkType, byte[]> LinkLayers()
    {
        byte[] v4 = Frames.IPv4(17, Frames.Udp(1000, 2000, [9]));
        byte[] v6 = Frames.IPv6(17, Frames.Udp(1000, 2000, [9]));
        byte[] sll = [0, 0, 0, 1, 0, 6, .. Frames.MacA, 0, 0, 0x08, 0x00];
        byte[] sll2 = [0x86, 0xDD, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, .. Frames.MacA, 0, 0];
        return new TheoryData<string, LinkType, byte[]>
        {
            { "Ethernet IPv6", LinkType.Ethernet, Frames.Ethernet(0x86DD, v6) },
            { "Linux SLL IPv4", LinkType.LinuxSll, [.. sll, .. v4] },
            { "Linux SLL2 IPv6", LinkType.LinuxSll2, [.. sll2, .. v6] },
            { "NULL little-endian AF_INET", LinkType.Null, [2, 0, 0, 0, .. v4] },
            { "NULL big-endian AF_INET6 (BSD 24)", LinkType.Null, [0, 0, 0, 24, .. v6] },
            { "NULL AF_INET6 (macOS 30)", LinkType.Null, [30, 0, 0, 0, .. v6] },
            { "LOOP AF_INET", LinkType.Loop, [0, 0, 0, 2, .. v4] },
            { "RAW 101 IPv4", LinkType.Raw, v4 },
            { "RAW 101 IPv6", LinkType.Raw, v6 },
            { "RAW 12 IPv4", LinkType.RawLegacy, v4 },
            { "RAW 14 IPv6", LinkType.RawOpenBsd, v6 },
            { "IPV4 228", LinkType.IPv4, v4 },
            { "IPV6 229", LinkType.IPv6, v6 },
            { "802.3 LLC/SNAP IPv4", LinkType.Ethernet, [.. Frames.MacB, .. Frames.MacA, 0, (byte)(8 + v4.Length), 0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00, .. v4] },
            { "PPPoE session IPv4", LinkType.Ethernet, Frames.Ethernet(0x8864, [0x11, 0, 0, 1, 0, (byte)(v4.Length + 2), 0x00, 0x21, .. v4]) },
            { "MPLS two labels IPv6", LinkType.Ethernet, Frames.Ethernet(0x8847, [0, 1, 0, 64, 0, 2, 1, 64, .. v6]) },
        };
    }

    [Theory]
    [MemberData(nameof(LinkLayers))]
    public void EveryLinkLayer_ReachesUdpPorts(string label, LinkType linkType, byte[] frame)
    {
        var p = new PacketView(frame, linkType);

        p.HasError.Should().BeFalse(label);
        p.IsUdp.Should().BeTrue(label);
        (p.SourcePort, p.DestinationPort).Should().Be(((ushort)1000, (ushort)2000), label);
        p.Payload.ToArray().Should().Equal([9], label);
        p.SourceAddressBytes.Length.Should().Be(p.Network == NetworkLayerType.IPv4 ? 4 : 16, label);
    }

    [Fact]
    public void IPv6ExtensionHeaders_AreWalked_AndFragmentHeaderFlagged()
    {
        byte[] udp = Frames.Udp(7, 9, [1, 2, 3, 4]);
        byte[] fragment = [17, 0, 0x00, 0x01, 0xDE, 0xAD, 0xBE, 0xEF]; // offset 0, M=1
        byte[] hopByHop = [44, 0, 1, 4, 0, 0, 0, 0]; // next: fragment, PadN
        byte[] frame = Frames.Ethernet(0x86DD, Frames.IPv6(0, [.. hopByHop, .. fragment, .. udp]));

        var p = new PacketView(frame, LinkType.Ethernet);

        p.HasError.Should().BeFalse();
        p.Protocol.Should().Be(17);
        p.IsFragment.Should().BeTrue();
        p.MoreFragments.Should().BeTrue();
        p.FragmentOffset.Should().Be(0);
        p.Identification.Should().Be(0xDEADBEEF);
        p.IsUdp.Should().BeTrue();
        p.DestinationPort.Should().Be(9);
    }

    [Fact]
    public void IPv6NonFirstFragment_HasNoTransportHeader()
    {
        byte[] fragment = [6, 0, 0x00, 0xA0, 0, 0, 0, 1]; // offset 160 (20 units of 8 bytes)
        var p = new PacketView(Frames.IPv6(44, [.. fragment, 1, 2, 3, 4]), LinkType.IPv6);

        p.FragmentOffset.Should().Be(160);
        p.Protocol.Should().Be(6);
        p.IsTcp.Should().BeFalse();
        p.HasPorts.Should().BeFalse();
        p.Payload.ToArray().Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public void IPv4Fragments_AreFlagged_AndOnlyTheFirstHasPorts()
    {
        var first = new PacketView(Frames.IPv4(17, Frames.Udp(1, 2, new byte[16]), fragment: 0x2000), LinkType.IPv4);
        var later = new PacketView(Frames.IPv4(17, new byte[16], fragment: 0x0003), LinkType.IPv4);

        first.IsFragment.Should().BeTrue();
        first.MoreFragments.Should().BeTrue();
        first.HasPorts.Should().BeTrue();
        later.IsFragment.Should().BeTrue();
        later.FragmentOffset.Should().Be(24);
        later.HasPorts.Should().BeFalse();
        later.Payload.Length.Should().Be(16);
    }

    [Fact]
    public void IPv4Options_AreExposed()
    {
        byte[] options = [0x94, 0x04, 0, 0]; // router alert
        var p = new PacketView(Frames.IPv4(2, [0x11, 0x64, 0, 0, 224, 0, 0, 1], options: options), LinkType.IPv4);

        p.IPv4Options.ToArray().Should().Equal(options);
        p.NetworkHeader.Length.Should().Be(24);
        p.Protocol.Should().Be(2);
        p.Payload.Length.Should().Be(8);
    }

    [Fact]
    public void IcmpEcho_TypeCodeAndBody()
    {
        var p = new PacketView(Frames.IPv4(1, [8, 0, 0, 0, 0, 1, 0, 1, 0xCC]), LinkType.IPv4);
        var p6 = new PacketView(Frames.IPv6(58, [128, 0, 0, 0, 0, 1, 0, 1]), LinkType.IPv6);

        p.IsIcmp.Should().BeTrue();
        (p.IcmpType, p.IcmpCode).Should().Be(((byte)8, (byte)0));
        p.Payload.ToArray().Should().Equal(0xCC);
        p6.IsIcmp.Should().BeTrue();
        p6.IcmpType.Should().Be(128);
    }

    [Fact]
    public void TotalLengthZero_TsoCapture_UsesRestOfFrame()
    {
        byte[] ip = Frames.IPv4(6, Frames.Tcp(1, 2, 0, 0, TcpFlags.Ack, payload: new byte[100]), totalLength: 0);
        var p = new PacketView(ip, LinkType.IPv4);

        p.HasError.Should().BeFalse();
        p.Payload.Length.Should().Be(100);
    }

    [Fact]
    public void SnapLengthCut_FlagsTruncated_ButKeepsPorts()
    {
        byte[] ip = Frames.IPv4(6, Frames.Tcp(1, 2, 0, 0, TcpFlags.Ack, payload: new byte[100]));
        var p = new PacketView(ip.AsSpan(0, 60), LinkType.IPv4);

        p.IsTruncated.Should().BeTrue();
        p.HasError.Should().BeFalse();
        p.DestinationPort.Should().Be(2);
        p.Payload.Length.Should().Be(20);
    }

    // Labelled malformed frames: the layer and reason are reported, nothing throws.
    [Theory]
    [InlineData("unknown link type", 147, "00", PacketLayer.Link, DecodeError.UnsupportedLinkType)]
    [InlineData("ethernet cut at 13", 1, "02000000000B02000000000A08", PacketLayer.Link, DecodeError.Truncated)]
    [InlineData("vlan tag cut", 1, "02000000000B02000000000A810000", PacketLayer.Link, DecodeError.Truncated)]
    [InlineData("raw version 5", 101, "50000000", PacketLayer.Network, DecodeError.InvalidVersion)]
    [InlineData("raw empty", 101, "", PacketLayer.Network, DecodeError.Truncated)]
    [InlineData("ipv4 IHL 4", 228, "44000014000000004006000001020304 05060708", PacketLayer.Network, DecodeError.InvalidHeaderLength)]
    [InlineData("ipv4 total length 10", 228, "4500000A000000004006000001020304 05060708", PacketLayer.Network, DecodeError.InvalidTotalLength)]
    [InlineData("ipv4 IHL 15 beyond frame", 228, "4F000014000000004006000001020304 05060708", PacketLayer.Network, DecodeError.Truncated)]
    [InlineData("ipv4 header cut", 228, "4500001400000000400600000102", PacketLayer.Network, DecodeError.Truncated)]
    [InlineData("ipv4 says 6", 228, "65000014000000004006000001020304 05060708", PacketLayer.Network, DecodeError.InvalidVersion)]
    [InlineData("tcp data offset 4", 228, "45000028000000004006000001020304 05060708 00010002000000000000000040020000 00000000", PacketLayer.Transport, DecodeError.InvalidHeaderLength)]
    [InlineData("tcp header cut", 228, "45000020000000004006000001020304 05060708 0001000200000000", PacketLayer.Transport, DecodeError.Truncated)]
    [InlineData("udp length 3", 228, "4500001C000000004011000001020304 05060708 0001000200030000", PacketLayer.Transport, DecodeError.InvalidHeaderLength)]
    [InlineData("ipv6 extension overruns payload", 229, "60000000000800FF 20010DB8000000000000000000000001 20010DB8000000000000000000000002 1105000000000000", PacketLayer.Network, DecodeError.InvalidTotalLength)]
    public void MalformedFrame_IsReportedOnTheView(string label, int linkType, string hex, PacketLayer layer, DecodeError error)
    {
        byte[] frame = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        var p = new PacketView(frame, (LinkType)linkType);

        p.HasError.Should().BeTrue(label);
        p.ErrorLayer.Should().Be(layer, label);
        p.Error.Should().Be(error, label);
    }

    [Fact]
    public void TooManyVlanTags_IsReported()
    {
        byte[] inner = Frames.IPv4(17, Frames.Udp(1, 2, []));
        for (int i = 0; i < 9; i++)
        {
            inner = Frames.Vlan(1, i == 0 ? (ushort)0x0800 : (ushort)0x8100, inner);
        }

        var p = new PacketView(Frames.Ethernet(0x8100, inner), LinkType.Ethernet);

        p.Error.Should().Be(DecodeError.TooManyHeaders);
        p.VlanCount.Should().Be(8);
    }

    [Fact]
    public void TcpOptionReader_StopsAtMalformedOption()
    {
        var reader = new TcpOptionReader([1, 1, 2, 4, 5, 0xB4, 8, 30, 0]);

        reader.TryReadNext(out byte kind, out ReadOnlySpan<byte> data).Should().BeTrue();
        kind.Should().Be(2);
        data.Length.Should().Be(2);
        reader.TryReadNext(out _, out _).Should().BeFalse();
        reader.IsMalformed.Should().BeTrue();
    }

    public static TheoryData<string, LinkType, byte[]> Samples()
    {
        TheoryData<string, LinkType, byte[]> data = LinkLayers();
        data.Add("tcp syn", LinkType.Ethernet, Frames.EthernetTcpSyn());
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EverySampleCutAtEveryLength_AndEveryBitFlipped_NeverThrows(string label, LinkType linkType, byte[] frame)
    {
        for (int length = 0; length <= frame.Length; length++)
        {
            var p = new PacketView(frame.AsSpan(0, length), linkType);
            Touch(ref p);
            if (length < frame.Length)
            {
                (p.HasError || p.IsTruncated || p.Network == NetworkLayerType.Other).Should().BeTrue($"{label} cut at {length}");
            }
        }

        byte[] copy = (byte[])frame.Clone();
        for (int i = 0; i < copy.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                copy[i] ^= (byte)(1 << bit);
                var p = new PacketView(copy, linkType);
                Touch(ref p);
                copy[i] ^= (byte)(1 << bit);
            }
        }
    }

    [Fact]
    public void RandomFrames_NeverThrow()
    {
        var random = new Random(42);
        byte[] buffer = new byte[128];
        LinkType[] types = [LinkType.Ethernet, LinkType.LinuxSll, LinkType.LinuxSll2, LinkType.Null, LinkType.Raw, LinkType.IPv6, LinkType.IPv4];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            int length = random.Next(buffer.Length);
            LinkType type = types[i % types.Length];
            if (type is LinkType.Raw or LinkType.IPv4 or LinkType.IPv6 && length > 0)
            {
                buffer[0] = (byte)((random.Next(2) == 0 ? 0x40 : 0x60) | (buffer[0] & 0x0F));
            }

            var p = new PacketView(buffer.AsSpan(0, length), type);
            Touch(ref p);
        }
    }

    /// <summary>Reads every member so that a bad offset would throw.</summary>
    private static void Touch(ref PacketView p)
    {
        _ = p.SourceAddressBytes.Length + p.DestinationAddressBytes.Length + p.NetworkHeader.Length + p.IPv4Options.Length
            + p.NetworkPacket.Length + p.TcpOptions.Length + p.TransportHeader.Length + p.Payload.Length
            + p.SourcePort + p.DestinationPort + p.Window + p.UrgentPointer + p.UdpLength + p.IcmpType + p.IcmpCode
            + (int)p.SequenceNumber + (int)p.AcknowledgmentNumber + (int)p.TcpFlags + p.EthernetSource.Length + p.EthernetDestination.Length
            + p.LinkHeaderLength;
        _ = p.GetSourceAddress();
        _ = p.GetDestinationAddress();
        p.TryGetMaximumSegmentSize(out _);
        p.TryGetTimestamps(out _, out _);
        p.TryGetWindowScale(out _);
        _ = BinaryPrimitives.ReverseEndianness(p.EtherType);
    }
}
