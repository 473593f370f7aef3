using System.Diagnostics;
using System.Net;
using System.Text;
using ChatExample;
using EchoServerExample;
using Forensics.Net.Examples.Tests.Support;
using Forensics.Net.Sockets.Messaging;
using MessageClientExample;

namespace Forensics.Net.Examples.Tests.MessageClientExample;

public class MessageClientAppTests
{
    [Fact]
    public async Task MessageClient_BadArguments_ExitCode2()
    {
        var error = new StringWriter();

        (await MessageClientApp.RunAsync(["--framing", "smoke"], TextReader.Null, TextWriter.Null, error, CancellationToken.None)).Should().Be(2);
        error.ToString().Should().StartWith("fnet-messageclient: ").And.Contain("see 'fnet-messageclient --help' for usage");
    }

    [Fact]
    public async Task MessageClient_NothingListening_ExitCode2()
    {
        using var cts = TestSupport.Timeout();
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var error = new StringWriter();

        (await MessageClientApp.RunAsync(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], new StringReader("x\n"), TextWriter.Null, error, cts.Token)).Should().Be(2);
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
}
