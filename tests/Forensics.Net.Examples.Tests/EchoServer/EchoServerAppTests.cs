using System.Diagnostics;
using System.Net;
using EchoServerExample;
using Forensics.Net.Examples.Tests.Support;
using Forensics.Net.Sockets.Messaging;

namespace Forensics.Net.Examples.Tests.EchoServer;

public class EchoServerAppTests
{
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
        error.ToString().Should().StartWith("fnet-echoserver: ").And.Contain("see 'fnet-echoserver --help' for usage");
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
        var info = new ProcessStartInfo("bash") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
