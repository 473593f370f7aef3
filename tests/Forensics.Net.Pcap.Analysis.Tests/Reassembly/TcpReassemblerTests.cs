namespace Forensics.Net.Pcap.Analysis.Tests.Reassembly;

public class TcpReassemblerTests
{
    [Fact]
    public void Process_InOrderWithHandshakeAndFin_DeliversBothDirectionsAndClosesWithFin()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener);
        var f = new SegmentFactory(r);
        f.Handshake();
        f.ClientData(0, "GET / HTTP/1.1\r\n\r\n");
        f.ServerData(0, "HTTP/1.1 200 OK\r\n");
        f.ServerData(17, "\r\n", TcpFlags.Ack | TcpFlags.Fin);
        f.ClientData(18, string.Empty, TcpFlags.Ack | TcpFlags.Fin);

        listener.Text(TcpDirection.ClientToServer).Should().Be("GET / HTTP/1.1\r\n\r\n");
        listener.Text(TcpDirection.ServerToClient).Should().Be("HTTP/1.1 200 OK\r\n\r\n");
        listener.Closed.Should().ContainSingle().Which.Reason.Should().Be(TcpCloseReason.Fin);
        TcpConnection c = listener.Opened.Single();
        c.Client.ToString().Should().Be("10.0.0.1:40000");
        c.Server.ToString().Should().Be("10.0.0.2:80");
        c.IsMidStreamPickup.Should().BeFalse();
        c.State.Should().Be(TcpConnectionState.Closed);
    }

    [Fact]
    public void Process_OutOfOrderSegments_AreDeliveredInSequenceOrder()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener);
        var f = new SegmentFactory(r);
        f.Handshake();
        f.ClientData(10, "KLMNO");
        f.ClientData(5, "FGHIJ");
        f.ClientData(15, "PQ");
        listener.Text().Should().BeEmpty();
        f.ClientData(0, "ABCDE");

        listener.Text().Should().Be("ABCDEFGHIJKLMNOPQ");
        r.Statistics.OutOfOrderSegments.Should().Be(3);
        r.Statistics.BufferedBytes.Should().Be(0);
    }

    [Fact]
    public void Process_RetransmissionsAndPartialOverlaps_DeliverEachByteOnce()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener);
        var f = new SegmentFactory(r);
        f.Handshake();
        f.ClientData(0, "ABCDE");
        f.ClientData(0, "ABCDE");
        f.ClientData(3, "DEFGH");
        f.ClientData(12, "MN");
        f.ClientData(10, "KLMNOP");
        f.ClientData(8, "IJKL");

        listener.Text().Should().Be("ABCDEFGHIJKLMNOP");
        r.Statistics.Retransmissions.Should().Be(1);
        listener.Conflicts.Should().BeEmpty();
    }

    [Theory]
    [InlineData(TcpOverlapPolicy.FirstWins, "ABCDEFGHIJ")]
    [InlineData(TcpOverlapPolicy.LastWins, "ABCDEFxyIJ")]
    public void Process_ConflictingOverlapWhileBuffered_FollowsPolicyAndReportsConflict(TcpOverlapPolicy policy, string expected)
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener, new TcpReassemblerOptions { OverlapPolicy = policy });
        var f = new SegmentFactory(r);
        f.Handshake();
        f.ClientData(5, "FGHIJ");
        f.ClientData(6, "xy");
        f.ClientData(0, "ABCDE");

        listener.Text().Should().Be(expected);
        listener.Conflicts.Should().ContainSingle().Which.Should().Be((TcpDirection.ClientToServer, 6L, 2));
        r.Statistics.OverlapConflicts.Should().Be(1);
    }

    [Theory]
    [InlineData(0xFFFFFFF0u)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0xFFFFFFFEu)]
    public void Process_SequenceNumbersWrapAround_StreamIsContinuous(uint isn)
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener);
        var f = new SegmentFactory(r, clientIsn: isn);
        f.Handshake();
        string text = string.Concat(Enumerable.Range(0, 10).Select(i => $"chunk{i:D2};"));
        for (int i = 9; i >= 0; i -= 2)
        {
            f.ClientData(i * 8, text.Substring(i * 8, 8));
        }

        for (int i = 0; i < 10; i += 2)
        {
            f.ClientData(i * 8, text.Substring(i * 8, 8));
        }

        listener.Text().Should().Be(text);
    }

    [Fact]
    public void Complete_WithMissingSegment_DeclaresGapWithItsSizeAndDeliversTheRest()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener);
        var f = new SegmentFactory(r);
        f.Handshake();
        f.ClientData(0, "ABC");
        f.ClientData(6, "GHI");
        r.Complete();

        listener.Text().Should().Be("ABC###GHI");
        listener.Events.Should().Contain("gap 1 ClientToServer 3");
        listener.Closed.Single().Reason.Should().Be(TcpCloseReason.EndOfCapture);
        r.Statistics.GapBytes.Should().Be(3);
    }

    [Fact]
    public void Process_FinAfterHole_ClosesOnlyWhenTheHoleIsFilled()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener);
        var f = new SegmentFactory(r);
        f.Handshake();
        f.ServerData(3, "DEF", TcpFlags.Ack | TcpFlags.Fin);
        f.ClientData(0, string.Empty, TcpFlags.Ack | TcpFlags.Fin);
        listener.Closed.Should().BeEmpty();
        f.ServerData(0, "ABC");

        listener.Text(TcpDirection.ServerToClient).Should().Be("ABCDEF");
        listener.Closed.Should().ContainSingle().Which.Reason.Should().Be(TcpCloseReason.Fin);
    }

    [Fact]
    public void Process_Reset_FlushesBufferedDataAbortsAndIgnoresLateSegments()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener);
        var f = new SegmentFactory(r);
        f.Handshake();
        f.ServerData(0, "AB");
        f.ServerData(4, "EF");
        f.Client(f.ClientIsn + 1, TcpFlags.Rst);
        f.ServerData(6, "late");

        listener.Text(TcpDirection.ServerToClient).Should().Be("AB##EF");
        listener.Events.Should().ContainInOrder("abort 1", "close 1 Reset");
        listener.Opened.Should().ContainSingle();
        listener.Opened[0].State.Should().Be(TcpConnectionState.Aborted);
        r.Statistics.IgnoredSegments.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Process_NoSyn_PicksUpMidStreamWithHigherPortAsClient()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener);
        var f = new SegmentFactory(r);
        f.Server(777, TcpFlags.Ack, "HTTP/1.1 200 OK\r\n"u8);
        f.Client(123, TcpFlags.Ack, "GET /next"u8);

        TcpConnection c = listener.Opened.Single();
        c.IsMidStreamPickup.Should().BeTrue();
        c.Client.Port.Should().Be(40000);
        listener.Text(TcpDirection.ServerToClient).Should().Be("HTTP/1.1 200 OK\r\n");
        listener.Text(TcpDirection.ClientToServer).Should().Be("GET /next");
        r.Statistics.MidStreamPickups.Should().Be(1);
    }

    [Fact]
    public void Process_BareAckOfUnknownConnection_OpensNothing()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener);
        var f = new SegmentFactory(r);
        f.Client(1, TcpFlags.Ack);
        f.Client(1, TcpFlags.Rst);
        listener.Opened.Should().BeEmpty();
        r.ConnectionCount.Should().Be(0);
    }

    [Fact]
    public void Process_KeepAliveAndZeroWindowProbe_AreCountedAndDoNotCorruptTheStream()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener);
        var f = new SegmentFactory(r);
        f.Handshake();
        f.ClientData(0, "ABCD");
        f.Client(f.ClientIsn + 4, TcpFlags.Ack);               // keep-alive: seq = next - 1, no data
        f.Client(f.ClientIsn + 4, TcpFlags.Ack, "D"u8);       // keep-alive with the last byte again
        f.Server(f.ServerIsn + 1, TcpFlags.Ack, default, window: 0);  // server: window closed
        f.ClientData(4, "E");                                   // zero-window probe (1 byte)
        f.ClientData(4, "EFGH");                                // the byte again, then more

        listener.Text().Should().Be("ABCDEFGH");
        r.Statistics.KeepAlives.Should().Be(2);
        r.Statistics.ZeroWindowProbes.Should().Be(1);
    }

    [Fact]
    public void Process_PerDirectionBufferLimit_FlushesWithGapAndReportsOverflow()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener, new TcpReassemblerOptions { MaxBufferedBytesPerDirection = 8 });
        var f = new SegmentFactory(r);
        f.Handshake();
        f.ClientData(2, "CDEF");
        f.ClientData(10, "KLMN");
        f.ClientData(20, "UV");

        r.Statistics.BufferOverflows.Should().Be(1);
        r.Statistics.BufferedBytes.Should().BeLessThanOrEqualTo(8);
        r.Complete();
        listener.Text().Should().Be("##CDEF####KLMN######UV");
    }

    [Fact]
    public void Process_TotalBufferLimit_IsNeverExceeded()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener, new TcpReassemblerOptions { MaxBufferedBytesTotal = 1000, MaxBufferedBytesPerDirection = 1 << 20 });
        var payload = new byte[100];
        for (ushort port = 1000; port < 1100; port++)
        {
            var f = new SegmentFactory(r, clientPort: port);
            f.Handshake();
            f.Client(f.ClientIsn + 50, TcpFlags.Ack, payload);
            r.Statistics.BufferedBytes.Should().BeLessThanOrEqualTo(1000);
        }

        r.Statistics.PeakBufferedBytes.Should().BeLessThanOrEqualTo(1000);
        r.Statistics.BufferOverflows.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Process_MaxConnections_EvictsLeastRecentlySeen()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener, new TcpReassemblerOptions { MaxConnections = 16 });
        for (ushort port = 1000; port < 1100; port++)
        {
            new SegmentFactory(r, clientPort: port).Handshake();
        }

        r.ConnectionCount.Should().BeLessThanOrEqualTo(16);
        listener.Closed.Should().OnlyContain(c => c.Reason == TcpCloseReason.Evicted);
        r.Statistics.Evictions.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Process_IdleConnection_IsClosedByTimeoutInCaptureTime()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener, new TcpReassemblerOptions { IdleTimeout = TimeSpan.FromSeconds(30) });
        var idle = new SegmentFactory(r, clientPort: 1);
        idle.Handshake();
        idle.ClientData(0, "x");
        var busy = new SegmentFactory(r, clientPort: 2);
        busy.Advance(TimeSpan.FromMinutes(5));
        busy.Handshake();
        for (int i = 0; i < 9000; i++)
        {
            busy.ClientData(i, "y");
        }

        listener.Closed.Should().ContainSingle(c => c.Reason == TcpCloseReason.IdleTimeout).Which.Connection.Client.Port.Should().Be(1);
    }

    [Fact]
    public void Process_NewSynOnClosedFourTuple_OpensASecondConnection()
    {
        var listener = new RecordingListener();
        using var r = new TcpReassembler(listener);
        var first = new SegmentFactory(r, clientIsn: 100);
        first.Handshake();
        first.ClientData(0, "one", TcpFlags.Ack | TcpFlags.Fin);
        first.Server(first.ServerIsn + 1, TcpFlags.Ack | TcpFlags.Fin);
        var second = new SegmentFactory(r, clientIsn: 90000);
        second.Handshake();
        second.ClientData(0, "two");

        listener.Opened.Should().HaveCount(2);
        listener.Text(1, TcpDirection.ClientToServer).Should().Be("one");
        listener.Text(2, TcpDirection.ClientToServer).Should().Be("two");
    }

    [Fact]
    public void Process_RandomSegmentationReorderingAndDuplication_ReassemblesExactly()
    {
        var rng = new Random(1234);
        byte[] data = new byte[50_000];
        rng.NextBytes(data);
        for (int round = 0; round < 20; round++)
        {
            var listener = new RecordingListener();
            using var r = new TcpReassembler(listener);
            var f = new SegmentFactory(r, clientIsn: (uint)rng.NextInt64(0, uint.MaxValue));
            f.Handshake();
            var segments = new List<(int Offset, int Length)>();
            for (int off = 0; off < data.Length;)
            {
                int len = Math.Min(rng.Next(1, 3000), data.Length - off);
                segments.Add((off, len));
                if (rng.Next(4) == 0)
                {
                    // an overlapping re-send with identical bytes
                    int s = Math.Max(0, off - rng.Next(0, 500));
                    segments.Add((s, Math.Min(len + rng.Next(0, 500), data.Length - s)));
                }

                off += len;
            }

            // local swaps only (like a real reordering network)
            for (int i = 0; i + 1 < segments.Count; i++)
            {
                if (rng.Next(3) == 0)
                {
                    (segments[i], segments[i + 1]) = (segments[i + 1], segments[i]);
                }
            }

            foreach ((int off, int len) in segments)
            {
                f.Client(unchecked(f.ClientIsn + 1 + (uint)off), TcpFlags.Ack, data.AsSpan(off, len));
            }

            r.Complete();
            listener.Data[(1, TcpDirection.ClientToServer)].ToArray().Should().Equal(data);
            listener.GapBytes.Should().Be(0);
            listener.Conflicts.Should().BeEmpty();
        }
    }

    [Fact]
    public void TcpSegment_BadAddressLength_Throws()
    {
        Action act = () => _ = new TcpSegment(new byte[5], new byte[5], 1, 2, 0, 0, TcpFlags.Ack, 0, default, default);
        act.Should().Throw<ArgumentException>();
    }
}
