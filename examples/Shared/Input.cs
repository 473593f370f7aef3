namespace Forensics.Net.Examples.Shared;

/// <summary>Input paths as the analyst's tools read them: <c>-</c> is standard input.</summary>
internal static class Input
{
    /// <summary>The path that means standard input.</summary>
    public const string StdinPath = "-";

    /// <summary>Gets whether <paramref name="path"/> means standard input.</summary>
    public static bool IsStdin(string path) => path == StdinPath;

    /// <summary>Opens <paramref name="path"/> for sequential reading, or <paramref name="stdin"/> (default: the process's) for <c>-</c>.</summary>
    public static Stream Open(string path, Stream? stdin = null) => IsStdin(path)
        ? stdin ?? Console.OpenStandardInput()
        : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);

    /// <summary>The name to print for <paramref name="path"/> (<c>-</c> stays <c>-</c>, as in sha256sum).</summary>
    public static string Display(string path) => path;
}
