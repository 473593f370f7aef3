using System.Diagnostics;
using Forensics.Net.Testing;

namespace Forensics.Net.Examples.Tests.Support;

/// <summary>Bounded waits for the network apps' tests.</summary>
internal static class TestSupport
{
    public static CancellationTokenSource Timeout(int seconds = 15) => new(TimeSpan.FromSeconds(seconds));
}

/// <summary>A temporary directory deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fnet-examples-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string relative, string content) => File(relative, System.Text.Encoding.UTF8.GetBytes(content));

    public string File(string relative, byte[] content)
    {
        string full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The reference tools (installed by .ci/run), through the shared bounded runner.</summary>
internal static class Tool
{
    public static (int Exit, string Out, string Err) Run(string file, IEnumerable<string> args, string workingDirectory)
    {
        ExternalTool.Require(file);
        return ExternalTool.Run(file, args, TimeSpan.FromSeconds(60), workingDirectory);
    }

    /// <summary>Runs <paramref name="file"/> and returns its stdout as bytes (sum output is compared byte for byte).</summary>
    public static byte[] RunBytes(string file, IEnumerable<string> args, string workingDirectory)
    {
        ExternalTool.Require(file);
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var p = Process.Start(psi)!;
        using var buffer = new MemoryStream();
        Task copy = p.StandardOutput.BaseStream.CopyToAsync(buffer);
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in 60 s");
        }

        copy.Wait();
        return buffer.ToArray();
    }
}
