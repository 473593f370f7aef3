namespace Forensics.Net.Benchmarks;

/// <summary>Locates the repository's <c>testdata/</c> folder from wherever BenchmarkDotNet runs the exe.</summary>
public static class TestCorpus
{
    /// <summary>Gets the full path of <c>testdata/</c>, or throws with a clear message when it is missing.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "testdata");
            if (File.Exists(Path.Combine(dir.FullName, "Forensics.Net.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("testdata/ (in the repository) was not found above " + AppContext.BaseDirectory);
    }
}
