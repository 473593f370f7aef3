using System.Diagnostics;
using System.Net;

namespace Forensics.Net.Sockets.Messaging.Tests;

/// <summary>Real peers: the course-style Python scripts (python3) and netcat (netcat-openbsd), in raw and line modes.</summary>
public class InteropTests
{
    private static readonly string InteropDir = Path.Combine(AppContext.BaseDirectory, "TestData", "Interop");

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string file, string[] args, string? stdin, CancellationToken ct, Action<Process>? started = null)
    {
        var info = new ProcessStartInfo(file)
        {
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

    [Fact]
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

    [Fact]
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
