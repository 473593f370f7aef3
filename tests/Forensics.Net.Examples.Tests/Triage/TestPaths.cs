namespace Forensics.Net.Triage.Tests;

/// <summary>Where the bundled samples are, and fresh temporary folders that clean up after themselves.</summary>
internal static class TestPaths
{
    public static string Samples =>
        TriageOptions.FindSamples(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException("samples/known-bad.txt not found above " + AppContext.BaseDirectory);

    public static string RepoRoot => Path.GetDirectoryName(Samples)!;
}

internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "triage-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
