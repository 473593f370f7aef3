using System.Collections.Concurrent;
using System.Diagnostics;

namespace Forensics.Net.Testing;

/// <summary>
/// The real tools that interop tests drive (tshark, hashdeep, ssdeep…). A test that needs one calls
/// <see cref="Require"/> first and is marked <c>[SkippableFact]</c>/<c>[SkippableTheory]</c>: on a
/// machine without the tool it is reported as skipped, naming the tool and the Debian package that
/// brings it. <c>.ci/run</c> installs every tool and fails when any test was skipped.
/// </summary>
internal static class ExternalTool
{
    private static readonly ConcurrentDictionary<string, string?> Paths = new(StringComparer.Ordinal);

    /// <summary>Gets the full path of <paramref name="tool"/> on PATH, or <see langword="null"/>.</summary>
    public static string? Find(string tool) => Paths.GetOrAdd(tool, static t =>
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, t);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    });

    /// <summary>Gets whether <paramref name="tool"/> is on PATH.</summary>
    public static bool Exists(string tool) => Find(tool) is not null;

    /// <summary>The Debian package of each tool whose package is not named after the command.</summary>
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["editcap"] = "tshark",
        ["mergecap"] = "tshark",
        ["tcprewrite"] = "tcpreplay",
        ["nc"] = "netcat-openbsd",
        ["tlsh"] = "tlsh-tools",
    };

    /// <summary>Skips the calling test when <paramref name="tool"/> is not on PATH.</summary>
    /// <param name="tool">The command name.</param>
    /// <param name="package">The Debian package that installs it, when it differs from the command name.</param>
    /// <exception cref="SkipException">The tool is missing; the message names it and its package.</exception>
    public static void Require(string tool, string? package = null) =>
        Skip.If(!Exists(tool), $"needs {tool} (apt-get install {package ?? Packages.GetValueOrDefault(tool, tool)})");

    /// <summary>Runs <paramref name="tool"/> with a bounded wait and returns its exit code and output.</summary>
    public static (int Exit, string Out, string Err) Run(string tool, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(Find(tool) ?? tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Never inherit the current directory: some tests change it (serialised) while others run.
        psi.WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory;

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in {timeout}");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
