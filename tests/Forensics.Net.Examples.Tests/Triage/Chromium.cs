using Forensics.Net.Testing;
namespace Forensics.Net.Triage.Tests;

/// <summary>Headless Chromium driven from the command line: load a file, dump the DOM, take a screenshot.</summary>
internal static class Chromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Gets the browser on PATH; skips the calling test when there is none.</summary>
    public static string Path
    {
        get
        {
            ExternalTool.Require("chromium");
            return ExternalTool.Find("chromium")!;
        }
    }

    /// <summary>Loads <paramref name="htmlFile"/> and returns the DOM after the page's scripts ran.</summary>
    public static string DumpDom(string htmlFile) => Run(htmlFile, "--dump-dom").StandardOutput;

    /// <summary>Loads <paramref name="htmlFile"/> and writes a PNG screenshot of the given size.</summary>
    public static ExternalProcess.Result Screenshot(string htmlFile, string pngPath, int width = 1280, int height = 2000) =>
        Run(htmlFile, $"--screenshot={pngPath}", $"--window-size={width},{height}", "--hide-scrollbars");

    private static ExternalProcess.Result Run(string htmlFile, params string[] action)
    {
        string profile = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "triage-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            string[] args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
                $"--user-data-dir={profile}",
                .. action,
                new Uri(System.IO.Path.GetFullPath(htmlFile)).AbsoluteUri,
            ];
            ExternalProcess.Result result = ExternalProcess.Run(Path, args, Timeout);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {result.ExitCode}: {result.StandardError}");
            }

            return result;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
