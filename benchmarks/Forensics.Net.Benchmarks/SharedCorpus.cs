namespace Forensics.Net.Benchmarks;

/// <summary>Locates <c>../shared/corpus</c> (beside the repository) from wherever BenchmarkDotNet runs the exe.</summary>
public static class SharedCorpus
{
    /// <summary>Gets the corpus root, or throws with a clear message when it is missing.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/corpus was not found above " + AppContext.BaseDirectory);
    }
}
