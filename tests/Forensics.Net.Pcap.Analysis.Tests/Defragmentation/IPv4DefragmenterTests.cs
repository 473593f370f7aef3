using Forensics.Net.Pcap.Analysis.Tests.Decoding;

namespace Forensics.Net.Pcap.Analysis.Tests.Defragmentation;

public class IPv4DefragmenterTests
{
    private static readonly byte[] UdpPayload = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
    private static readonly byte[] Udp = Frames.Udp(5000, 53, UdpPayload); // 108 bytes of IP payload

    /// <summary>Fragment <paramref name="ipPayload"/> at byte offset <paramref name="offset"/>.</summary>
    private static byte[] Fragment(byte[] ipPayload, int offset, int length, bool more, ushort id = 77) =>
        Frames.IPv4(17, ipPayload.AsSpan(offset, length).ToArray(), fragment: (ushort)((more ? 0x2000 : 0) | (offset / 8)), id: id);

    private static DefragmentationResult Feed(IPv4Defragmenter d, byte[] ip, long t, out ReadOnlyMemory<byte> datagram) =>
        d.Process(new PacketView(ip, LinkType.IPv4), t, out datagram);

    [Theory]
    [InlineData(new[] { 0, 1, 2 })]
    [InlineData(new[] { 2, 1, 0 })]
    [InlineData(new[] { 1, 2, 0 })]
    public void ThreeFragments_AnyOrder_ReassembleIntoTheOriginalDatagram(int[] order)
    {
        byte[][] fragments = [Fragment(Udp, 0, 48, true), Fragment(Udp, 48, 48, true), Fragment(Udp, 96, 12, false)];
        var d = new IPv4Defragmenter();
        ReadOnlyMemory<byte> datagram = default;
        var results = order.Select(i => Feed(d, fragments[i], 1000, out datagram)).ToList();

        results.Should().Equal(DefragmentationResult.Incomplete, DefragmentationResult.Incomplete, DefragmentationResult.Complete);
        var whole = new PacketView(datagram.Span, LinkType.IPv4);
        whole.HasError.Should().BeFalse();
        whole.IsFragment.Should().BeFalse();
        whole.IsUdp.Should().BeTrue();
        whole.DestinationPort.Should().Be(53);
        whole.Payload.ToArray().Should().Equal(UdpPayload);
        Checksum(whole.NetworkHeader).Should().Be(0, "the header checksum is recomputed");
        d.PendingCount.Should().Be(0);
        d.PendingBytes.Should().Be(0);
        d.CompletedCount.Should().Be(1);
    }

    [Fact]
    public void NotAFragment_IsPassedThrough()
    {
        var d = new IPv4Defragmenter();
        Feed(d, Frames.IPv4(17, Udp), 0, out ReadOnlyMemory<byte> datagram).Should().Be(DefragmentationResult.NotFragment);
        datagram.IsEmpty.Should().BeTrue();
        d.Process(new PacketView(Frames.IPv6(17, Udp), LinkType.IPv6), 0, out _).Should().Be(DefragmentationResult.NotFragment);
    }

    [Theory]
    [InlineData(FragmentOverlapPolicy.First, 0x00)]
    [InlineData(FragmentOverlapPolicy.Last, 0xEE)]
    public void OverlappingFragment_FollowsPolicy(FragmentOverlapPolicy policy, byte expectedAt48)
    {
        byte[] evil = (byte[])Udp.Clone();
        Array.Fill(evil, (byte)0xEE, 48, 8);
        var d = new IPv4Defragmenter(new IPv4DefragmenterOptions { OverlapPolicy = policy });
        byte[] original = (byte[])Udp.Clone();
        original[48] = 0x00;

        Feed(d, Fragment(original, 0, 56, true), 1, out _).Should().Be(DefragmentationResult.Incomplete);
        Feed(d, Fragment(evil, 48, 48, true), 2, out _).Should().Be(DefragmentationResult.Incomplete);
        Feed(d, Fragment(original, 96, 12, false), 3, out ReadOnlyMemory<byte> datagram).Should().Be(DefragmentationResult.Complete);

        datagram.Span[20 + 48].Should().Be(expectedAt48);
        d.OverlapCount.Should().Be(1);
    }

    [Fact]
    public void OverlapUnderDropPolicy_DiscardsDatagram_ButExactDuplicatesAreFine()
    {
        var d = new IPv4Defragmenter(new IPv4DefragmenterOptions { OverlapPolicy = FragmentOverlapPolicy.Drop });
        byte[] evil = (byte[])Udp.Clone();
        evil[50] ^= 0xFF;

        Feed(d, Fragment(Udp, 0, 48, true), 1, out _).Should().Be(DefragmentationResult.Incomplete);
        Feed(d, Fragment(Udp, 0, 48, true), 1, out _).Should().Be(DefragmentationResult.Incomplete);
        Feed(d, Fragment(Udp, 48, 48, true), 2, out _).Should().Be(DefragmentationResult.Incomplete);
        Feed(d, Fragment(evil, 48, 48, true), 2, out _).Should().Be(DefragmentationResult.Dropped);
        d.PendingCount.Should().Be(0);
        d.DroppedCount.Should().Be(1);
    }

    [Fact]
    public void IncompleteDatagram_ExpiresAfterTimeout()
    {
        var d = new IPv4Defragmenter(new IPv4DefragmenterOptions { Timeout = TimeSpan.FromSeconds(1) });
        Feed(d, Fragment(Udp, 0, 48, true), 0, out _);

        d.Expire(500_000_000).Should().Be(0);
        d.Expire(1_500_000_000).Should().Be(1);
        d.PendingCount.Should().Be(0);

        // Timeouts also run while processing later packets.
        Feed(d, Fragment(Udp, 0, 48, true, id: 1), 0, out _);
        Feed(d, Fragment(Udp, 96, 12, false, id: 2), 5_000_000_000, out _);
        d.PendingCount.Should().Be(1);
    }

    [Fact]
    public void PendingLimits_EvictTheOldest()
    {
        var d = new IPv4Defragmenter(new IPv4DefragmenterOptions { MaxPendingDatagrams = 3 });
        for (ushort id = 0; id < 10; id++)
        {
            Feed(d, Fragment(Udp, 0, 48, true, id), id, out _);
        }

        d.PendingCount.Should().Be(3);
        d.DroppedCount.Should().Be(7);
        Feed(d, Fragment(Udp, 48, 60, false, id: 9), 10, out _).Should().Be(DefragmentationResult.Complete);
    }

    [Fact]
    public void OversizedOrMalformedFragments_AreDropped()
    {
        var d = new IPv4Defragmenter();
        // Ping of death: offset 65528 + 100 bytes > 65535.
        byte[] big = Frames.IPv4(1, new byte[100], fragment: 65528 / 8);
        Feed(d, big, 0, out _).Should().Be(DefragmentationResult.Dropped);
        // A non-final fragment whose length is not a multiple of 8.
        Feed(d, Fragment(Udp, 0, 47, true), 0, out _).Should().Be(DefragmentationResult.Dropped);
        // Two different final fragments.
        Feed(d, Fragment(Udp, 96, 12, false, id: 5), 0, out _).Should().Be(DefragmentationResult.Incomplete);
        Feed(d, Fragment(Udp, 88, 8, false, id: 5), 0, out _).Should().Be(DefragmentationResult.Dropped);
        d.PendingBytes.Should().Be(0);
    }

    private static int Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += (uint)((header[i] << 8) | header[i + 1]);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (int)(~sum & 0xFFFF);
    }
}
