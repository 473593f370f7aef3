using System.Net;
using System.Net.Sockets;

namespace Forensics.Net.Sockets.Messaging.Tests;

/// <summary>The server stays up, memory stays bounded and other clients are unaffected.</summary>
public class HostileInputTests
{
    private static async Task AssertStillServesAsync(MessageServer server, CancellationToken ct)
    {
        await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, new MessageClientOptions { Framer = server.Options.Framer }, ct);
        await client.SendAsync("still there?"u8.ToArray(), ct);
        (await client.ReceiveAsync(ct)).GetString().Should().Be("still there?");
    }

    [Theory]
    [InlineData("FFFFFFFF", "4 GiB - 1")]
    [InlineData("7FFFFFFF", "2 GiB - 1")]
    [InlineData("00100001", "1 MiB + 1")]
    public async Task HugeLengthPrefix_ClosesConnectionWithoutAllocating(string hex, string claimed)
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer();
        var closed = new TaskCompletionSource<MessageConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ConnectionClosed += (_, e) => closed.TrySetResult(e.Connection);
        using Socket raw = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);

        long before = GC.GetTotalAllocatedBytes(precise: false);
        await raw.SendAsync(Convert.FromHexString(hex + "41424344"), SocketFlags.None, cts.Token);
        byte[] answer = await TestSupport.ReadToEndAsync(raw, cts.Token);
        MessageConnection connection = await closed.Task.WaitAsync(cts.Token);
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - before;

        answer.Should().BeEmpty();
        connection.CloseReason.Should().Be("framing error", claimed);
        allocated.Should().BeLessThan(256L * 1024 * 1024, $"a {claimed} claim must not be allocated (process-wide figure, other tests run in parallel)");
        await AssertStillServesAsync(server, cts.Token);
    }

    [Fact]
    public async Task UnknownCorrelationKind_IsAFramingError()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { UseCorrelationIds = true });
        using Socket raw = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);

        await raw.SendAsync(MessageFramer.LengthPrefixed().Frame([9, 0, 0, 0, 1, 0x41]), SocketFlags.None, cts.Token);

        (await TestSupport.ReadToEndAsync(raw, cts.Token)).Should().BeEmpty();
    }

    [Fact]
    public async Task HalfClose_ServerRepliesThenCloses()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer();
        using Socket raw = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);
        byte[] frame = MessageFramer.LengthPrefixed().Frame("last words"u8);

        await raw.SendAsync(frame, SocketFlags.None, cts.Token);
        raw.Shutdown(SocketShutdown.Send);

        (await TestSupport.ReadToEndAsync(raw, cts.Token)).Should().Equal(frame);
        await TestSupport.WaitUntilAsync(() => server.ConnectionCount == 0, cts.Token);
    }

    [Fact]
    public async Task PeerVanishesMidFrame_ConnectionClosedOthersUnaffected()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer();
        var closed = new TaskCompletionSource<MessageConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ConnectionClosed += (_, e) => closed.TrySetResult(e.Connection);
        using (Socket raw = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token))
        {
            await raw.SendAsync(Convert.FromHexString("00000064" + "4142434445"), SocketFlags.None, cts.Token);
        }

        MessageConnection connection = await closed.Task.WaitAsync(cts.Token);

        connection.CloseReason.Should().Contain("mid-frame");
        await AssertStillServesAsync(server, cts.Token);
    }

    [Fact]
    public async Task Slowloris_OneByteAtATime_IsClosedByIdleTimeout()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(600) });
        var closed = new TaskCompletionSource<MessageConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ConnectionClosed += (_, e) => closed.TrySetResult(e.Connection);
        using Socket raw = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);
        byte[] frame = MessageFramer.LengthPrefixed().Frame(new byte[200]);

        Task drip = Task.Run(async () =>
        {
            try
            {
                foreach (byte b in frame)
                {
                    await raw.SendAsync(new[] { b }, SocketFlags.None, cts.Token);
                    await Task.Delay(100, cts.Token);
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        });
        MessageConnection connection = await closed.Task.WaitAsync(cts.Token);

        connection.CloseReason.Should().Be("idle timeout");
        raw.Dispose();
        await drip;
    }

    [Fact]
    public async Task IdleConnection_IsClosedAfterIdleTimeout_ActiveOneIsNot()
    {
        using var cts = TestSupport.Timeout();
        // Generous margins: the machine running the tests may stall for a few hundred milliseconds.
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(1200) });
        using Socket idle = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);
        await using MessageClient active = await MessageClient.ConnectAsync(server.LocalEndPoint!, cancellationToken: cts.Token);

        Task<byte[]> idleEnd = TestSupport.ReadToEndAsync(idle, cts.Token);
        for (int i = 0; i < 100 && !idleEnd.IsCompleted; i++)
        {
            await active.SendAsync("ping"u8.ToArray(), cts.Token);
            (await active.ReceiveAsync(cts.Token)).GetString().Should().Be("ping");
            await Task.Delay(50, cts.Token);
        }

        (await idleEnd).Should().BeEmpty();
        active.IsConnected.Should().BeTrue();
    }

    [Fact]
    public async Task ConnectFlood_AboveMaxConnections_IsRefusedAndEstablishedClientUnaffected()
    {
        using var cts = TestSupport.Timeout(30);
        using var metrics = new MetricsRecorder();
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { MaxConnections = 20, MaxPendingAccepts = 512 });
        await using MessageClient established = await MessageClient.ConnectAsync(server.LocalEndPoint!, cancellationToken: cts.Token);
        var flood = new List<Socket>();
        try
        {
            for (int i = 0; i < 200; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                flood.Add(s);
                try
                {
                    await s.ConnectAsync(server.LocalEndPoint!, cts.Token);
                }
                catch (SocketException)
                {
                    // A full backlog may refuse outright; that is fine too.
                }
            }

            await TestSupport.WaitUntilAsync(() => metrics.Get("messaging.connections.rejected") >= 150, cts.Token);
            server.ConnectionCount.Should().BeLessThanOrEqualTo(20);
            await established.SendAsync("unaffected"u8.ToArray(), cts.Token);
            (await established.ReceiveAsync(cts.Token)).GetString().Should().Be("unaffected");
        }
        finally
        {
            flood.ForEach(s => s.Dispose());
        }

        await TestSupport.WaitUntilAsync(() => server.ConnectionCount == 1, cts.Token);
        await AssertStillServesAsync(server, cts.Token);
    }

    [Fact]
    public async Task NeverReadingClient_SendQueueStaysBounded_OthersUnaffected()
    {
        using var cts = TestSupport.Timeout(30);
        const int queueLimit = 64 * 1024;
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { MaxSendQueueBytes = queueLimit });
        using Socket greedy = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);
        greedy.ReceiveBufferSize = 4096;
        byte[] frame = MessageFramer.LengthPrefixed().Frame(new byte[1024]);
        byte[] burst = Enumerable.Repeat(frame, 16).SelectMany(f => f).ToArray();
        using var stopFlood = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        long sent = 0;
        Task flood = Task.Run(async () =>
        {
            try
            {
                while (!stopFlood.IsCancellationRequested)
                {
                    sent += await greedy.SendAsync(burst, SocketFlags.None, stopFlood.Token);
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        });

        // Wait until the greedy client's writes stall: the server's send queue for it is full and the server stopped reading from it.
        long lastSent = -1;
        int unchanged = 0;
        while (unchanged < 3)
        {
            await Task.Delay(200, cts.Token);
            long now = Interlocked.Read(ref sent);
            unchanged = now > 0 && now == lastSent ? unchanged + 1 : 0;
            lastSent = now;
        }

        MessageConnection greedyConnection = server.Connections.Single();
        await Task.Delay(2000, cts.Token);

        // Memory stays bounded: the send queue never exceeds its limit (plus the frame being added).
        greedyConnection.QueuedSendBytes.Should().BeLessThanOrEqualTo(queueLimit + frame.Length);

        // The server stopped reading: all the client could write is what the queue, the read buffer and both kernels' socket
        // buffers hold. (A time-window check here was flaky under CPU load: a starved flood task looked "stalled" too early.
        // This bound holds whatever the scheduling; a server that kept reading would take hundreds of MB in these 2.6+ s.)
        long kernelBuffers = TcpBufferMax("tcp_rmem") + TcpBufferMax("tcp_wmem");
        Interlocked.Read(ref sent).Should().BeLessThan(kernelBuffers + (4L * queueLimit) + (1L << 20), "the server stopped reading from a client that does not read (TCP backpressure)");
        await AssertStillServesAsync(server, cts.Token);

        await stopFlood.CancelAsync();
        greedy.Dispose();
        await flood;
    }

    /// <summary>The largest a TCP socket buffer may grow to (the third field of /proc/sys/net/ipv4/tcp_rmem or tcp_wmem; 16 MiB when unknown).</summary>
    private static long TcpBufferMax(string name)
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/sys/net/ipv4/" + name).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 16L << 20;
        }
    }

    [Fact]
    public async Task AcceptFailures_LikeEmfile_AreBackedOffAndRecovered()
    {
        using var cts = TestSupport.Timeout();
        using var metrics = new MetricsRecorder();
        var server = new MessageServer(TestSupport.AnyLoopback);
        int failures = 0;
        server.AcceptAsync = (listener, ct) =>
            Interlocked.Increment(ref failures) <= 3
                ? ValueTask.FromException<Socket>(new SocketException((int)SocketError.TooManyOpenSockets))
                : listener.AcceptAsync(ct);
        await using (server)
        {
            server.Start((m, ct) => m.Connection!.ReplyAsync(m, m.Payload, ct));

            await AssertStillServesAsync(server, cts.Token);

            failures.Should().BeGreaterThan(3);
            metrics.Get("messaging.accept.errors").Should().BeGreaterThanOrEqualTo(3);
        }
    }

    [Fact]
    public void DefaultMaxConnections_StaysBelowTheOpenFileLimit()
    {
        long limit = SystemLimits.ReadOpenFileLimit();

        SystemLimits.DefaultMaxConnections.Should().BeLessThan((int)Math.Min(limit, int.MaxValue));
        SystemLimits.ComputeDefaultMaxConnections(1024, openNow: 60).Should().Be(768);
        SystemLimits.ComputeDefaultMaxConnections(256, openNow: 62).Should().Be(130);
        SystemLimits.ComputeDefaultMaxConnections(100, openNow: 62).Should().Be(1);
        SystemLimits.ComputeDefaultMaxConnections(1_048_576, openNow: 100).Should().Be(10_000);
        new MessageServerOptions().MaxConnections.Should().Be(SystemLimits.DefaultMaxConnections);
    }

    [Fact]
    public async Task MessageAboveMaxSize_SentByClient_IsRejectedLocally()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer();
        await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, new MessageClientOptions { Framer = MessageFramer.LengthPrefixed(1000) }, cts.Token);

        await FluentActions.Awaiting(async () => await client.SendAsync(new byte[1001], cts.Token)).Should().ThrowAsync<ArgumentOutOfRangeException>();
        client.IsConnected.Should().BeTrue();
    }

    [Fact]
    public async Task Broadcast_ToNeverReadingClient_DropsForThatClientOnly()
    {
        using var cts = TestSupport.Timeout();
        using var metrics = new MetricsRecorder();
        const int queueLimit = 32 * 1024;
        await using var server = new MessageServer(TestSupport.AnyLoopback, new MessageServerOptions { MaxSendQueueBytes = queueLimit });
        server.Start((_, _) => ValueTask.CompletedTask);
        using Socket stalled = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);
        stalled.ReceiveBufferSize = 4096;
        await using MessageClient reader = await MessageClient.ConnectAsync(server.LocalEndPoint!, cancellationToken: cts.Token);
        await TestSupport.WaitUntilAsync(() => server.ConnectionCount == 2, cts.Token);
        byte[] payload = new byte[8192];
        int received = 0;

        for (int round = 0; round < 2000; round++)
        {
            server.Broadcast(payload);
            while (reader.Connection.IsConnected && received <= round && (await reader.ReceiveAsync(cts.Token)).Length == 8192)
            {
                received++;
            }
        }

        received.Should().Be(2000, "the reading client gets every message");
        metrics.Get("messaging.messages.dropped").Should().BeGreaterThan(0, "the stalled client's queue filled up");
        server.Connections.Max(c => c.QueuedSendBytes).Should().BeLessThanOrEqualTo(queueLimit);
    }

    [Fact]
    public async Task HandlerThrows_ClosesOnlyThatConnection()
    {
        using var cts = TestSupport.Timeout();
        await using var server = new MessageServer(TestSupport.AnyLoopback);
        var closed = new TaskCompletionSource<MessageConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ConnectionClosed += (_, e) => closed.TrySetResult(e.Connection);
        server.Start((message, ct) => message.GetString() == "boom"
            ? throw new InvalidOperationException("handler bug")
            : message.Connection!.ReplyAsync(message, message.Payload, ct));
        await using MessageClient victim = await MessageClient.ConnectAsync(server.LocalEndPoint!, cancellationToken: cts.Token);

        await victim.SendAsync("boom"u8.ToArray(), cts.Token);

        (await closed.Task.WaitAsync(cts.Token)).CloseReason.Should().Be("handler failed");
        await AssertStillServesAsync(server, cts.Token);
    }

    [Fact]
    public async Task Logger_ReceivesFramingErrorsAndConnectionEvents()
    {
        using var cts = TestSupport.Timeout();
        var logger = new ListLogger();
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { Logger = logger });
        using Socket raw = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);

        await raw.SendAsync(Convert.FromHexString("FFFFFFFF"), SocketFlags.None, cts.Token);
        await TestSupport.ReadToEndAsync(raw, cts.Token);
        await TestSupport.WaitUntilAsync(() => logger.Contains("closed: framing error"), cts.Token);

        logger.Contains("Listening on 127.0.0.1:").Should().BeTrue();
        logger.Contains("violated the framing").Should().BeTrue();
        logger.Entries.Should().Contain(e => e.Exception is MessageFramingException);
    }
}
