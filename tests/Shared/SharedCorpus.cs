namespace Forensics.Net.Testing;

/// <summary>
/// Locates the shared test corpus (<c>../shared/corpus</c> beside the repository, see its README)
/// from the test output folder. Corpus-wide tests call <see cref="Require"/> so that a missing
/// corpus fails loudly with the path that was searched instead of passing vacuously.
/// </summary>
internal static class SharedCorpus
{
    private static readonly Lazy<string?> LazyRoot = new(Find);

    /// <summary>Gets the corpus root, or <see langword="null"/> when it is not present.</summary>
    public static string? Root => LazyRoot.Value;

    /// <summary>Returns the full path of <paramref name="relative"/> inside the corpus, failing when the corpus is missing.</summary>
    public static string Require(string relative)
    {
        string root = Root ?? throw new DirectoryNotFoundException(
            "The shared corpus (../shared/corpus beside the repository) was not found above " + AppContext.BaseDirectory +
            ". Clone the repository next to the shared/ folder, or set FORENSICS_CORPUS.");
        string path = Path.Combine(root, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException("Missing from the shared corpus: " + path, path);
        }

        return path;
    }

    private static string? Find()
    {
        string? env = Environment.GetEnvironmentVariable("FORENSICS_CORPUS");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return env;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
