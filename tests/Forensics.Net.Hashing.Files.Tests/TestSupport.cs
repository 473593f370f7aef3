using Forensics.Net.Testing;
using System.Diagnostics;

namespace Forensics.Net.Hashing.Files.Tests;

/// <summary>Paths of the fixtures under TestData/Hashing (see its README.md).</summary>
internal static class TestFiles
{
    public static string Dir { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "Hashing");

    public static string Tree => Path.Combine(Dir, "tree");

    public static string Get(string name) => Path.Combine(Dir, name);
}

/// <summary>A temporary directory deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fnhash-" + Guid.NewGuid().ToString("N"));
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

/// <summary>Runs the real reference tools (installed by .ci/run) with a bounded wait.</summary>
internal static class Tool
{
    public static (int Exit, string Out, string Err) Run(string file, IEnumerable<string> args, string workingDirectory, int timeoutMs = 60_000)
    {
        ExternalTool.Require(file);
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in {timeoutMs} ms");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static byte[] RunBytes(string file, IEnumerable<string> args, string workingDirectory)
    {
        ExternalTool.Require(file);
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit(60_000).Should().BeTrue();
        return ms.ToArray();
    }
}
