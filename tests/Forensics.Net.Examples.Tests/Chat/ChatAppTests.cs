using System.Diagnostics;
using System.Net;
using System.Text;
using ChatExample;
using EchoServerExample;
using Forensics.Net.Examples.Tests.Support;
using Forensics.Net.Sockets.Messaging;
using MessageClientExample;

namespace Forensics.Net.Examples.Tests.Chat;

public class ChatAppTests
{
    private static readonly MessageClientOptions Lines = new() { Framer = MessageFramer.Lines(4096) };

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
}
