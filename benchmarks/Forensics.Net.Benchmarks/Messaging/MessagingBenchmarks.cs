using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Forensics.Net.Sockets.Messaging;

namespace Forensics.Net.Benchmarks.Messaging;

internal static class Servers
{
    public static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    /// <summary>The library's echo service (what <c>EchoServer --framing length --reply echo</c> runs).</summary>
    public static MessageServer StartMessageServer(bool correlation = false)
    {
        var server = new MessageServer(Loopback, new MessageServerOptions { UseCorrelationIds = correlation, MaxConnections = 10_000, MaxPendingAccepts = 1024 });
        server.Start(static (message, ct) => message.Connection!.ReplyAsync(message, message.Payload, ct));
        return server;
    }

    public static byte[] Frames(int count, int payloadSize)
    {
        byte[] frame = MessageFramer.LengthPrefixed().Frame(Enumerable.Range(0, payloadSize).Select(i => (byte)i).ToArray());
        return Enumerable.Repeat(frame, count).SelectMany(f => f).ToArray();
    }
}

/// <summary>
/// One client, one 32-byte message at a time (request/response on loopback). Mean = latency of one round trip; msg/s = 1 / mean.
/// </summary>
[Config(typeof(MessagingConfig))]
public class RequestResponseBenchmarks
{
    private const int RoundTrips = 200;
    private PipelinesEchoServer _baseline = null!;
    private MessageServer _server = null!;
    private MessageServer _correlatedServer = null!;
    private LoopbackClient _toBaseline = null!;
    private LoopbackClient _toServer = null!;
    private MessageClient _client = null!;
    private byte[] _frame = null!;
    private byte[] _payload = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _frame = Servers.Frames(1, 32);
        _payload = _frame[4..];
        _baseline = new PipelinesEchoServer(flushPerRead: false);
        _server = Servers.StartMessageServer();
        _correlatedServer = Servers.StartMessageServer(correlation: true);
        _toBaseline = await LoopbackClient.ConnectAsync(_baseline.EndPoint, 4096);
        _toServer = await LoopbackClient.ConnectAsync(_server.LocalEndPoint!, 4096);
        _client = await MessageClient.ConnectAsync(_correlatedServer.LocalEndPoint!, new MessageClientOptions { UseCorrelationIds = true });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _toBaseline.Dispose();
        _toServer.Dispose();
        await _client.DisposeAsync();
        await _baseline.DisposeAsync();
        await _server.DisposeAsync();
        await _correlatedServer.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips, Description = "Pipelines echo (baseline)")]
    public async Task PipelinesEcho()
    {
        for (int i = 0; i < RoundTrips; i++)
        {
            await _toBaseline.RoundTripAsync(_frame, _frame.Length);
        }
    }

    [Benchmark(OperationsPerInvoke = RoundTrips, Description = "MessageServer echo")]
    public async Task MessageServerEcho()
    {
        for (int i = 0; i < RoundTrips; i++)
        {
            await _toServer.RoundTripAsync(_frame, _frame.Length);
        }
    }

    [Benchmark(OperationsPerInvoke = RoundTrips, Description = "MessageClient.RequestAsync (both ends library)")]
    public async Task ClientRequestAsync()
    {
        for (int i = 0; i < RoundTrips; i++)
        {
            await _client.RequestAsync(_payload);
        }
    }
}

/// <summary>
/// 100 clients each pipeline 100 length-framed 32-byte messages in one write and read the 100 echoes; one operation = one message
/// (msg/s = 1 / mean).
/// </summary>
[Config(typeof(MessagingConfig))]
public class PipelinedBenchmarks
{
    private const int Clients = 100;
    private const int Depth = 100;
    private PipelinesEchoServer _baseline = null!;
    private PipelinesEchoServer _tuned = null!;
    private MessageServer _server = null!;
    private LoopbackClient[] _toBaseline = null!;
    private LoopbackClient[] _toTuned = null!;
    private LoopbackClient[] _toServer = null!;
    private byte[] _batch = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _batch = Servers.Frames(Depth, 32);
        _baseline = new PipelinesEchoServer(flushPerRead: false);
        _tuned = new PipelinesEchoServer(flushPerRead: true);
        _server = Servers.StartMessageServer();
        _toBaseline = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => LoopbackClient.ConnectAsync(_baseline.EndPoint, 64 * 1024)));
        _toTuned = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => LoopbackClient.ConnectAsync(_tuned.EndPoint, 64 * 1024)));
        _toServer = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => LoopbackClient.ConnectAsync(_server.LocalEndPoint!, 64 * 1024)));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        foreach (LoopbackClient c in _toBaseline.Concat(_toTuned).Concat(_toServer))
        {
            c.Dispose();
        }

        await _baseline.DisposeAsync();
        await _tuned.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Clients * Depth, Description = "Pipelines echo, flush per message (baseline)")]
    public Task PipelinesEcho() => RunAll(_toBaseline);

    [Benchmark(OperationsPerInvoke = Clients * Depth, Description = "Pipelines echo, flush per read (hand-tuned)")]
    public Task PipelinesEchoFlushPerRead() => RunAll(_toTuned);

    [Benchmark(OperationsPerInvoke = Clients * Depth, Description = "MessageServer echo")]
    public Task MessageServerEcho() => RunAll(_toServer);

    private Task RunAll(LoopbackClient[] clients)
    {
        var tasks = new Task[clients.Length];
        for (int i = 0; i < clients.Length; i++)
        {
            tasks[i] = clients[i].RoundTripAsync(_batch, _batch.Length).AsTask();
        }

        return Task.WhenAll(tasks);
    }
}

/// <summary>
/// Managed memory per idle connection: each operation opens one client connection and waits until the server holds it idle.
/// "Allocated" per operation = bytes allocated for one connection on both ends (client socket included), an upper bound on what an idle
/// connection retains. "Accept and hold" is the floor: a server that accepts the socket and does nothing else.
/// </summary>
[Config(typeof(IdleConnectionConfig))]
public class IdleConnectionBenchmarks
{
    private const int Connections = 200;
    private PipelinesEchoServer _floor = null!;
    private PipelinesEchoServer _baseline = null!;
    private MessageServer _server = null!;
    private readonly List<LoopbackClient> _open = [];

    [GlobalSetup]
    public void Setup()
    {
        _floor = new PipelinesEchoServer(flushPerRead: true, echo: false);
        _baseline = new PipelinesEchoServer(flushPerRead: true);
        _server = Servers.StartMessageServer();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _floor.DisposeAsync();
        await _baseline.DisposeAsync();
        await _server.DisposeAsync();
    }

    [IterationCleanup]
    public void CloseAll()
    {
        _open.ForEach(c => c.Dispose());
        _open.Clear();
        SpinWait.SpinUntil(() => _server.ConnectionCount == 0 && _baseline.ConnectionCount == 0, TimeSpan.FromSeconds(10));
    }

    [Benchmark(OperationsPerInvoke = Connections, Description = "Accept and hold (floor)")]
    public Task AcceptAndHold() => Open(_floor.EndPoint, () => _floor.ConnectionCount);

    [Benchmark(Baseline = true, OperationsPerInvoke = Connections, Description = "Pipelines echo (baseline)")]
    public Task PipelinesEcho() => Open(_baseline.EndPoint, () => _baseline.ConnectionCount);

    [Benchmark(OperationsPerInvoke = Connections, Description = "MessageServer")]
    public Task MessageServerIdle() => Open(_server.LocalEndPoint!, () => _server.ConnectionCount);

    private async Task Open(IPEndPoint endPoint, Func<int> serverCount)
    {
        int target = serverCount() + Connections;
        for (int i = 0; i < Connections; i++)
        {
            _open.Add(await LoopbackClient.ConnectAsync(endPoint, 1));
        }

        while (serverCount() < target)
        {
            await Task.Delay(1);
        }

        // Let every connection reach its idle state (a pending zero-byte or buffered read).
        await Task.Delay(50);
    }
}

/// <summary>Short runs: the machine is shared.</summary>
public sealed class MessagingConfig : ManualConfig
{
    public MessagingConfig()
    {
        AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(5));
    }
}

/// <summary>Short runs with one invocation per iteration (the connections opened are closed in IterationCleanup).</summary>
public sealed class IdleConnectionConfig : ManualConfig
{
    public IdleConnectionConfig()
    {
        AddJob(Job.ShortRun.WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(1).WithIterationCount(5));
    }
}
