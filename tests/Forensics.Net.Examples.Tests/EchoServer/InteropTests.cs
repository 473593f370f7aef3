using System.Diagnostics;
using System.Net;
using EchoServerExample;
using Forensics.Net.Testing;
using Forensics.Net.Examples.Tests.Support;
using MessageClientExample;

namespace Forensics.Net.Examples.Tests.EchoServer;

/// <summary>The example apps against real peers: the course-style Python scripts (python3) and netcat (netcat-openbsd).</summary>
public class InteropTests
{
    private static readonly string InteropDir = Path.Combine(AppContext.BaseDirectory, "TestData", "Interop");

    /// <summary>Starts the EchoServer example in-process on 127.0.0.1 port 0 and returns its endpoint.</summary>
    private static async Task<(IPEndPoint EndPoint, Task<int> Run, StringWriter Output)> StartEchoServerAsync(CancellationToken stop, params string[] args)
    {
        var listening = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringWriter();
        Task<int> run = EchoServerApp.RunAsync([.. args, "--port", "0", "--host", "127.0.0.1"], TextWriter.Synchronized(output), TextWriter.Null, stop, listening.SetResult);
        IPEndPoint endPoint = await listening.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return (endPoint, run, output);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string file, string[] args, string? stdin, CancellationToken ct, Action<Process>? started = null)
    {
        ExternalTool.Require(file);
        var info = new ProcessStartInfo(file)
        {
            // Never the process's current directory: AppRunner.RunIn changes it (serialised) while other tests run.
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)!;
        started?.Invoke(process);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(ct);
        Task<string> stderr = process.StandardError.ReadToEndAsync(ct);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    [SkippableFact]
    public async Task CoursePythonClient_TalksToEchoServerDefaults()
    {
        using var cts = TestSupport.Timeout(20);
        (IPEndPoint endPoint, Task<int> run, StringWriter output) = await StartEchoServerAsync(cts.Token);

        var (exit, stdout, stderr) = await RunProcessAsync("python3", [Path.Combine(InteropDir, "course_client.py"), endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "Hello from Python"], null, cts.Token);
        await cts.CancelAsync();
        (await run).Should().Be(0);

        exit.Should().Be(0, stderr);
        stdout.Trim().Should().Be("Got that thanks!");
        output.ToString().Should().Contain(": Hello from Python");
    }

    [SkippableFact]
    public async Task MessageClientExample_TalksToCoursePythonServer()
    {
        using var cts = TestSupport.Timeout(20);
        ExternalTool.Require("python3");
        var info = new ProcessStartInfo("python3") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(InteropDir, "course_server.py"));
        using Process python = Process.Start(info)!;
        try
        {
            string portLine = (await python.StandardOutput.ReadLineAsync(cts.Token))!;
            var output = new StringWriter();
            var error = new StringWriter();

            int exit = await MessageClientApp.RunAsync(["--port", portLine.Trim(), "--framing", "raw"], new StringReader("Hello from .NET\n"), output, error, cts.Token);
            string pythonSaw = await python.StandardOutput.ReadToEndAsync(cts.Token);
            await python.WaitForExitAsync(cts.Token);

            exit.Should().Be(0, error.ToString());
            output.ToString().Trim().Should().Be("Got that thanks!");
            pythonSaw.Should().Contain("Received: Hello from .NET");
        }
        finally
        {
            if (!python.HasExited)
            {
                python.Kill();
            }
        }
    }

    [SkippableFact]
    public async Task Netcat_RawMode_GetsThanks()
    {
        using var cts = TestSupport.Timeout(20);
        (IPEndPoint endPoint, Task<int> run, StringWriter output) = await StartEchoServerAsync(cts.Token);

        var (exit, stdout, stderr) = await RunProcessAsync("nc", ["-N", "-w", "5", "127.0.0.1", endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], "Hi from netcat", cts.Token);
        await cts.CancelAsync();
        await run;

        exit.Should().Be(0, stderr);
        stdout.Should().Be("Got that thanks!");
        output.ToString().Should().Contain(": Hi from netcat");
    }

    [SkippableFact]
    public async Task MessageClientExample_TalksToNetcatServer()
    {
        using var cts = TestSupport.Timeout(20);
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Process? nc = null;
        Task<(int, string, string)> server = RunProcessAsync("nc", ["-l", "-w", "10", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], "pong from nc\n", cts.Token, p => nc = p);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();

            // nc needs a moment to listen; the client's own connect retry (3 attempts with backoff) covers that.
            int exit = await MessageClientApp.RunAsync(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--framing", "line"], new StringReader("ping from .NET\n"), output, error, cts.Token);
            var (_, ncSaw, ncError) = await server;

            exit.Should().Be(0, error.ToString() + ncError);
            output.ToString().Trim().Should().Be("pong from nc");
            ncSaw.Should().Be("ping from .NET\n");
        }
        finally
        {
            try
            {
                nc?.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already exited and disposed.
            }
        }
    }

    [SkippableFact]
    public async Task PythonLengthFramedPeer_PipelinesToEchoService()
    {
        using var cts = TestSupport.Timeout(20);
        (IPEndPoint endPoint, Task<int> run, _) = await StartEchoServerAsync(cts.Token, "--framing", "length", "--reply", "echo", "--quiet");

        var (exit, stdout, stderr) = await RunProcessAsync("python3", [Path.Combine(InteropDir, "length_client.py"), endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "200", "3000"], null, cts.Token);
        await cts.CancelAsync();
        await run;

        exit.Should().Be(0, stderr);
        stdout.Trim().Should().Be("ok 200");
    }

    [SkippableFact]
    public async Task Netcat_LineMode_EchoesEachLine_CrLfTolerated()
    {
        using var cts = TestSupport.Timeout(20);
        (IPEndPoint endPoint, Task<int> run, _) = await StartEchoServerAsync(cts.Token, "--framing", "line", "--reply", "echo", "--quiet");

        var (exit, stdout, stderr) = await RunProcessAsync("nc", ["-N", "-w", "5", "127.0.0.1", endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], "hello\nworld\r\nthird line\n", cts.Token);
        await cts.CancelAsync();
        await run;

        exit.Should().Be(0, stderr);
        stdout.Should().Be("hello\nworld\nthird line\n");
    }
}
