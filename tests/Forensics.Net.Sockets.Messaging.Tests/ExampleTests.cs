using System.Diagnostics;
using System.Net;
using System.Text;
using ChatExample;
using EchoServerExample;
using MessageClientExample;

namespace Forensics.Net.Sockets.Messaging.Tests;

public class ExampleTests
{
    private static readonly MessageClientOptions Lines = new() { Framer = MessageFramer.Lines(4096) };

    [Theory]
    [InlineData("--framing", "morse")]
    [InlineData("--reply", "shout")]
    [InlineData("--port")]
    [InlineData("--bogus")]
    public async Task EchoServer_BadArguments_ExitCode2WithUsage(params string[] args)
    {
        var error = new StringWriter();

        int exit = await EchoServerApp.RunAsync(args, TextWriter.Null, error, CancellationToken.None);

        exit.Should().Be(2);
        error.ToString().Should().Contain("usage: EchoServer");
    }

    [Fact]
    public async Task MessageClient_BadArguments_ExitCode2()
    {
        var error = new StringWriter();

        (await MessageClientApp.RunAsync(["--framing", "smoke"], TextReader.Null, TextWriter.Null, error, CancellationToken.None)).Should().Be(2);
        error.ToString().Should().Contain("usage: MessageClient");
    }

    [Fact]
    public async Task MessageClient_NothingListening_ExitCode1()
    {
        using var cts = TestSupport.Timeout();
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var error = new StringWriter();

        (await MessageClientApp.RunAsync(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], new StringReader("x\n"), TextWriter.Null, error, cts.Token)).Should().Be(1);
        error.ToString().Should().Contain("cannot connect");
    }

    [Fact]
    public async Task MessageClient_LengthFraming_AgainstEchoService_PrintsEachReply()
    {
        using var cts = TestSupport.Timeout();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var listening = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> server = EchoServerApp.RunAsync(["--port", "0", "--host", "127.0.0.1", "--framing", "length", "--reply", "echo", "--quiet"], TextWriter.Null, TextWriter.Null, stop.Token, listening.SetResult);
        IPEndPoint endPoint = await listening.Task.WaitAsync(cts.Token);
        var output = new StringWriter();

        int exit = await MessageClientApp.RunAsync(["--port", endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--framing", "length"], new StringReader("first\nsecond line\n"), output, TextWriter.Null, cts.Token);
        await stop.CancelAsync();

        exit.Should().Be(0);
        output.ToString().Should().Be("first\nsecond line\n".Replace("\n", Environment.NewLine, StringComparison.Ordinal));
        (await server).Should().Be(0);
    }

    [Fact]
    public async Task Chat_NicknamesBroadcastAndCommands()
    {
        using var cts = TestSupport.Timeout();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var listening = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverLog = new StringWriter();
        Task<int> server = ChatApp.RunAsync(["server", "--port", "0", "--host", "127.0.0.1"], TextReader.Null, TextWriter.Synchronized(serverLog), TextWriter.Null, stop.Token, listening.SetResult);
        IPEndPoint endPoint = await listening.Task.WaitAsync(cts.Token);

        await using MessageClient alice = await MessageClient.ConnectAsync(endPoint, Lines, cts.Token);
        await using MessageClient bob = await MessageClient.ConnectAsync(endPoint, Lines, cts.Token);
        async Task<string> Next(MessageClient c) => (await c.ReceiveAsync(cts.Token)).GetString();
        async Task Say(MessageClient c, string text) => await c.SendAsync(Encoding.UTF8.GetBytes(text), cts.Token);

        (await Next(alice)).Should().StartWith("Welcome");
        (await Next(bob)).Should().StartWith("Welcome");
        await Say(alice, "alice");
        (await Next(alice)).Should().Be("* you are alice; nobody else is here");
        await Say(bob, "ALICE");
        (await Next(bob)).Should().Contain("taken");
        await Say(bob, "bob");
        (await Next(bob)).Should().Be("* you are bob; here: alice");
        (await Next(alice)).Should().Be("* bob joined");

        await Say(alice, "hi bob");
        (await Next(bob)).Should().Be("<alice> hi bob");
        await Say(bob, "/who");
        (await Next(bob)).Should().Be("* here: alice, bob");
        await Say(bob, "/nick robert");
        (await Next(alice)).Should().Be("* bob is now robert");
        (await Next(bob)).Should().Be("* bob is now robert");
        await Say(bob, "/quit");
        (await Next(bob)).Should().Be("* bye");
        (await Next(alice)).Should().Be("* robert left");

        await stop.CancelAsync();
        (await server).Should().Be(0);
        serverLog.ToString().Should().Contain("<alice> hi bob");
    }

    [Fact]
    public async Task ChatClient_SendsNickAndLines_PrintsOthers()
    {
        using var cts = TestSupport.Timeout();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var listening = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> server = ChatApp.RunAsync(["server", "--port", "0", "--host", "127.0.0.1"], TextReader.Null, TextWriter.Null, TextWriter.Null, stop.Token, listening.SetResult);
        IPEndPoint endPoint = await listening.Task.WaitAsync(cts.Token);
        await using MessageClient watcher = await MessageClient.ConnectAsync(endPoint, Lines, cts.Token);
        await watcher.SendAsync("watcher"u8.ToArray(), cts.Token);
        var seen = new List<string>();
        Task watching = Task.Run(async () =>
        {
            await foreach (ReceivedMessage m in watcher.ReadAllAsync(cts.Token))
            {
                lock (seen)
                {
                    seen.Add(m.GetString());
                }

                if (m.GetString() == "* carol left")
                {
                    break;
                }
            }
        });
        var output = new StringWriter();

        int exit = await ChatApp.RunAsync(["client", "--nick", "carol", "--port", endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], new StringReader("hello everyone\n/quit\n"), TextWriter.Synchronized(output), TextWriter.Null, cts.Token);
        await watching.WaitAsync(cts.Token);
        await stop.CancelAsync();
        await server;

        exit.Should().Be(0);
        seen.Should().ContainInOrder("* carol joined", "<carol> hello everyone", "* carol left");
        output.ToString().Should().Contain("* you are carol; here: watcher");
    }

    [Fact]
    public async Task Chat_BadArguments_ExitCode2()
    {
        (await ChatApp.RunAsync([], TextReader.Null, TextWriter.Null, TextWriter.Null, CancellationToken.None)).Should().Be(2);
        (await ChatApp.RunAsync(["client"], TextReader.Null, TextWriter.Null, TextWriter.Null, CancellationToken.None)).Should().Be(2);
    }

    /// <summary>
    /// The EchoServer process under a real 256-descriptor limit: its default connection limit (from /proc/self/limits) keeps it
    /// below EMFILE, so a flood of 300 connections is refused cleanly and the server still answers afterwards.
    /// </summary>
    [Fact]
    public async Task EchoServerProcess_UnderLowOpenFileLimit_SurvivesConnectFlood()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // needs ulimit and /proc/self/limits; CI runs on Linux.
        }

        using var cts = TestSupport.Timeout(30);
        string dll = typeof(EchoServerApp).Assembly.Location;
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"ulimit -n 256 && exec dotnet \"{dll}\" --port 0 --host 127.0.0.1 --framing length --reply echo --quiet");
        using Process process = Process.Start(info)!;
        var flood = new List<System.Net.Sockets.Socket>();
        try
        {
            string line = (await process.StandardOutput.ReadLineAsync(cts.Token))!;
            line.Should().StartWith("Listening on 127.0.0.1:");
            var endPoint = IPEndPoint.Parse(line.Split(' ')[2]);
            for (int i = 0; i < 300; i++)
            {
                var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                flood.Add(s);
                try
                {
                    await s.ConnectAsync(endPoint, cts.Token);
                }
                catch (System.Net.Sockets.SocketException)
                {
                }
            }

            await Task.Delay(500, cts.Token);
            flood.ForEach(s => s.Dispose());
            flood.Clear();

            await using MessageClient client = await MessageClient.ConnectAsync(endPoint, new MessageClientOptions { ConnectRetryCount = 10 }, cts.Token);
            await client.SendAsync("alive"u8.ToArray(), cts.Token);
            (await client.ReceiveAsync(cts.Token)).GetString().Should().Be("alive");
            process.HasExited.Should().BeFalse();
        }
        finally
        {
            flood.ForEach(s => s.Dispose());
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
