using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Forensics.Net.Sockets.Messaging.Tests;

public class ServerClientTests
{
    [Fact]
    public async Task Client_SendsAndReceivesEcho()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer();
        await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, cancellationToken: cts.Token);

        await client.SendAsync("Hello, server"u8.ToArray(), cts.Token);
        ReceivedMessage reply = await client.ReceiveAsync(cts.Token);

        reply.GetString().Should().Be("Hello, server");
        reply.Connection.Should().BeSameAs(client.Connection);
    }

    [Theory]
    [InlineData("length")]
    [InlineData("varint")]
    [InlineData("line")]
    public async Task LongMessage_LargerThanAnyBuffer_ArrivesWhole(string framing)
    {
        using var cts = TestSupport.Timeout();
        var framer = MessageFramer.Parse(framing);
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { Framer = framer });
        await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, new MessageClientOptions { Framer = framer }, cts.Token);
        byte[] payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 90_000).Select(i => (char)('a' + (i % 26)))));

        await client.SendAsync(payload, cts.Token);
        ReceivedMessage reply = await client.ReceiveAsync(cts.Token);

        reply.ToArray().Should().Equal(payload);
    }

    [Fact]
    public async Task SeveralFramesInOneWrite_AreSplitIntoMessages()
    {
        using var cts = TestSupport.Timeout();
        await using var server = new MessageServer(TestSupport.AnyLoopback);
        server.Start();
        using Socket raw = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);
        var framer = MessageFramer.LengthPrefixed();
        byte[] wire = new[] { "one", "two", "three" }.SelectMany(s => framer.Frame(Encoding.ASCII.GetBytes(s))).ToArray();

        await raw.SendAsync(wire, SocketFlags.None, cts.Token);
        var got = new List<string>();
        await foreach (ReceivedMessage message in server.ReadAllAsync(cts.Token))
        {
            got.Add(message.GetString());
            if (got.Count == 3)
            {
                break;
            }
        }

        got.Should().Equal("one", "two", "three");
    }

    [Fact]
    public async Task ManyClients_AreServedConcurrently()
    {
        using var cts = TestSupport.Timeout(30);
        await using MessageServer server = TestSupport.StartEchoServer();
        const int clients = 100;
        const int messagesEach = 20;

        async Task<int> RunClient(int n)
        {
            await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, cancellationToken: cts.Token);
            for (int i = 0; i < messagesEach; i++)
            {
                await client.SendAsync(Encoding.ASCII.GetBytes($"{n}:{i}"), cts.Token);
            }

            int ok = 0;
            for (int i = 0; i < messagesEach; i++)
            {
                ReceivedMessage reply = await client.ReceiveAsync(cts.Token);
                ok += reply.GetString() == $"{n}:{i}" ? 1 : 0;
            }

            return ok;
        }

        int[] results = await Task.WhenAll(Enumerable.Range(0, clients).Select(RunClient));

        results.Should().AllSatisfy(r => r.Should().Be(messagesEach));
    }

    [Fact]
    public async Task RequestAsync_MatchesResponsesByCorrelationId_WithManyOutstanding()
    {
        using var cts = TestSupport.Timeout();
        var server = new MessageServer(TestSupport.AnyLoopback, new MessageServerOptions { UseCorrelationIds = true });
        await using (server)
        {
            // Replies in reverse order of arrival within a burst, to prove correlation rather than FIFO.
            server.Start(async (message, ct) =>
            {
                int n = int.Parse(message.GetString(), System.Globalization.CultureInfo.InvariantCulture);
                await Task.Delay((50 - n) % 7, ct);
                await message.Connection!.ReplyAsync(message, Encoding.ASCII.GetBytes($"re:{n}"), ct);
            });
            await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, new MessageClientOptions { UseCorrelationIds = true }, cts.Token);

            ReceivedMessage[] replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.RequestAsync(Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), cts.Token)));

            replies.Select(r => r.GetString()).Should().Equal(Enumerable.Range(0, 50).Select(i => $"re:{i}"));
        }
    }

    [Fact]
    public async Task RequestAsync_NoReply_TimesOut()
    {
        using var cts = TestSupport.Timeout();
        await using var server = new MessageServer(TestSupport.AnyLoopback, new MessageServerOptions { UseCorrelationIds = true });
        server.Start((_, _) => ValueTask.CompletedTask);
        var options = new MessageClientOptions { UseCorrelationIds = true, RequestTimeout = TimeSpan.FromMilliseconds(200) };
        await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, options, cts.Token);

        await FluentActions.Awaiting(() => client.RequestAsync("anyone?"u8.ToArray(), cts.Token)).Should().ThrowAsync<TimeoutException>();
        client.IsConnected.Should().BeTrue();
    }

    [Fact]
    public async Task RequestAsync_WithoutCorrelationIds_IsMisuse()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer();
        await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, cancellationToken: cts.Token);

        await FluentActions.Awaiting(() => client.RequestAsync("x"u8.ToArray(), cts.Token)).Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public void CorrelationIds_WithLineFraming_AreRejected()
    {
        FluentActions.Invoking(() => new MessageServer(TestSupport.AnyLoopback, new MessageServerOptions { UseCorrelationIds = true, Framer = MessageFramer.Lines() }))
            .Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task Broadcast_ReachesAllOrGroup_ExceptSender()
    {
        using var cts = TestSupport.Timeout();
        await using var server = new MessageServer(TestSupport.AnyLoopback);
        server.Start((message, _) =>
        {
            if (message.GetString() == "join")
            {
                message.Connection!.JoinGroup("room");
                message.Connection.TrySend("joined"u8);
            }

            return ValueTask.CompletedTask;
        });
        var clients = new List<MessageClient>();
        for (int i = 0; i < 4; i++)
        {
            clients.Add(await MessageClient.ConnectAsync(server.LocalEndPoint!, cancellationToken: cts.Token));
        }

        try
        {
            await clients[0].SendAsync("join"u8.ToArray(), cts.Token);
            await clients[1].SendAsync("join"u8.ToArray(), cts.Token);
            (await clients[0].ReceiveAsync(cts.Token)).GetString().Should().Be("joined");
            (await clients[1].ReceiveAsync(cts.Token)).GetString().Should().Be("joined");
            await TestSupport.WaitUntilAsync(() => server.ConnectionCount == 4, cts.Token);

            MessageConnection sender = server.Connections.Single(c => c.IsInGroup("room") && c.RemoteEndPoint!.Equals(clients[0].Connection.LocalEndPoint));
            server.Broadcast("room news"u8, group: "room", except: sender).Should().Be(1);
            server.Broadcast("all news"u8).Should().Be(4);

            (await clients[1].ReceiveAsync(cts.Token)).GetString().Should().Be("room news");
            foreach (MessageClient client in clients)
            {
                (await client.ReceiveAsync(cts.Token)).GetString().Should().Be("all news");
            }
        }
        finally
        {
            foreach (MessageClient client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ConnectionEvents_AndPerConnectionState()
    {
        using var cts = TestSupport.Timeout();
        await using var server = new MessageServer(TestSupport.AnyLoopback);
        var opened = new TaskCompletionSource<MessageConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource<MessageConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ConnectionOpened += (_, e) =>
        {
            e.Connection.State = "fresh";
            opened.TrySetResult(e.Connection);
        };
        server.ConnectionClosed += (_, e) => closed.TrySetResult(e.Connection);
        server.Start((message, _) =>
        {
            message.Connection!.State = message.GetString();
            return ValueTask.CompletedTask;
        });

        MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, cancellationToken: cts.Token);
        MessageConnection connection = await opened.Task.WaitAsync(cts.Token);
        await client.SendAsync("alice"u8.ToArray(), cts.Token);
        await TestSupport.WaitUntilAsync(() => connection.State as string == "alice", cts.Token);
        await client.CloseAsync(cts.Token);

        (await closed.Task.WaitAsync(cts.Token)).Should().BeSameAs(connection);
        connection.CloseReason.Should().Be("closed by peer");
        server.ConnectionCount.Should().Be(0);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task GracefulShutdown_FinishesInFlightMessage_ThenClosesAndStopsAccepting()
    {
        using var cts = TestSupport.Timeout();
        var handling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new MessageServer(TestSupport.AnyLoopback);
        server.Start(async (message, ct) =>
        {
            handling.TrySetResult();
            await Task.Delay(300, CancellationToken.None);
            await message.Connection!.ReplyAsync(message, "done"u8.ToArray(), CancellationToken.None);
        });
        IPEndPoint endPoint = server.LocalEndPoint!;
        using Socket raw = await TestSupport.ConnectRawAsync(endPoint, cts.Token);
        await raw.SendAsync(MessageFramer.LengthPrefixed().Frame("work"u8), SocketFlags.None, cts.Token);
        await handling.Task.WaitAsync(cts.Token);

        Task stopping = server.StopAsync(cts.Token);
        byte[] rest = await TestSupport.ReadToEndAsync(raw, cts.Token);
        await stopping;

        rest.Should().Equal(MessageFramer.LengthPrefixed().Frame("done"u8), "the in-flight reply is sent before the FIN");
        await FluentActions.Awaiting(async () =>
        {
            using Socket late = await TestSupport.ConnectRawAsync(endPoint, cts.Token);
        }).Should().ThrowAsync<SocketException>();
    }

    [Fact]
    public async Task GracefulShutdown_NeverReadingClient_IsAbortedAtTheDeadline()
    {
        using var cts = TestSupport.Timeout();
        var options = new MessageServerOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(500), MaxSendQueueBytes = 64 * 1024 };
        var server = new MessageServer(TestSupport.AnyLoopback, options);
        server.Start((_, _) => ValueTask.CompletedTask);
        using Socket raw = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);
        raw.ReceiveBufferSize = 4096;
        await TestSupport.WaitUntilAsync(() => server.ConnectionCount == 1, cts.Token);
        MessageConnection connection = server.Connections.Single();
        byte[] chunk = new byte[16 * 1024];
        while (connection.TrySend(chunk))
        {
        }

        var started = DateTime.UtcNow;
        await server.StopAsync(cts.Token);

        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(5));
        connection.IsConnected.Should().BeFalse();
        connection.CloseReason.Should().Be("shutdown timeout");
    }

    [Fact]
    public async Task Client_ConnectRefused_RetriesWithBackoffThenThrows()
    {
        using var cts = TestSupport.Timeout();
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closedPort = (IPEndPoint)probe.LocalEndpoint;
        probe.Stop();
        var options = new MessageClientOptions { ConnectRetryCount = 2, RetryDelay = TimeSpan.FromMilliseconds(50) };

        var started = DateTime.UtcNow;
        await FluentActions.Awaiting(() => MessageClient.ConnectAsync(closedPort, options, cts.Token)).Should().ThrowAsync<SocketException>();

        (DateTime.UtcNow - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(140), "two retries wait 50 + 100 ms");
    }

    [Fact]
    public async Task Client_Reconnect_AfterServerDropsConnection()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer();
        var options = new MessageClientOptions { Reconnect = true, RetryDelay = TimeSpan.FromMilliseconds(20) };
        await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, options, cts.Token);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += (_, _) => reconnected.TrySetResult();
        await TestSupport.WaitUntilAsync(() => server.ConnectionCount == 1, cts.Token);
        MessageConnection first = client.Connection;

        server.Connections.Single().Abort();
        await reconnected.Task.WaitAsync(cts.Token);
        await client.SendAsync("again"u8.ToArray(), cts.Token);

        (await client.ReceiveAsync(cts.Token)).GetString().Should().Be("again");
        client.Connection.Should().NotBeSameAs(first);
    }

    [Fact]
    public async Task ReceiveAsync_AfterServerCloses_ThrowsIOException()
    {
        using var cts = TestSupport.Timeout();
        var server = TestSupport.StartEchoServer();
        await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, cancellationToken: cts.Token);
        await server.DisposeAsync();

        await FluentActions.Awaiting(async () => await client.ReceiveAsync(cts.Token)).Should().ThrowAsync<IOException>();
        await FluentActions.Awaiting(async () => await client.SendAsync("late"u8.ToArray(), cts.Token)).Should().ThrowAsync<IOException>();
    }

    [Fact]
    public async Task VarintFraming_WorksEndToEndWithRawPeer()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { Framer = MessageFramer.VarintPrefixed() });
        using Socket raw = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);
        byte[] payload = new byte[300];
        Random.Shared.NextBytes(payload);

        await raw.SendAsync(MessageFramer.VarintPrefixed().Frame(payload), SocketFlags.None, cts.Token);
        byte[] reply = await TestSupport.ReadExactlyAsync(raw, 302, cts.Token);

        reply[..2].Should().Equal(0xAC, 0x02);
        reply[2..].Should().Equal(payload);
    }

    [Fact]
    public async Task Metrics_CountConnectionsMessagesAndBytes()
    {
        using var cts = TestSupport.Timeout();
        using var metrics = new MetricsRecorder();
        await using MessageServer server = TestSupport.StartEchoServer();
        await using (MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, cancellationToken: cts.Token))
        {
            for (int i = 0; i < 5; i++)
            {
                await client.SendAsync("12345"u8.ToArray(), cts.Token);
                await client.ReceiveAsync(cts.Token);
            }
        }

        metrics.Get("messaging.connections.opened").Should().BeGreaterThanOrEqualTo(2);
        metrics.Get("messaging.messages.received").Should().BeGreaterThanOrEqualTo(10);
        metrics.Get("messaging.bytes.received").Should().BeGreaterThanOrEqualTo(10 * 9);
        metrics.Get("messaging.bytes.sent").Should().BeGreaterThanOrEqualTo(10 * 9);
    }
}
