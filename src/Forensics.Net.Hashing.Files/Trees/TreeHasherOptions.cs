namespace Forensics.Net.Hashing.Files;

/// <summary>Options for <see cref="TreeHasher"/>.</summary>
public sealed class TreeHasherOptions
{
    /// <summary>Gets the default options.</summary>
    public static TreeHasherOptions Default { get; } = new();

    /// <summary>Gets whether directories given as roots are walked recursively (default true). When false a directory root is reported as an error, as <c>sha256sum dir</c> does.</summary>
    public bool Recursive { get; init; } = true;

    /// <summary>Gets globs a file must match to be hashed (empty = all). A pattern without '/' matches the name at any depth (<c>*.exe</c>); with '/' it matches the path relative to the root (<c>bin/**/*.dll</c>).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Gets globs of files and directories to leave out (directories are not descended into); same syntax as <see cref="Include"/>.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Gets the smallest file size hashed, in bytes (default 0).</summary>
    public long MinSize { get; init; }

    /// <summary>Gets the largest file size hashed, in bytes (default no limit).</summary>
    public long MaxSize { get; init; } = long.MaxValue;

    /// <summary>Gets whether hidden entries (a name starting with '.', or the Hidden attribute) are included (default true, as hashdeep).</summary>
    public bool IncludeHidden { get; init; } = true;

    /// <summary>Gets whether entries with the System attribute (Windows) are included (default true).</summary>
    public bool IncludeSystem { get; init; } = true;

    /// <summary>Gets whether symbolic links below a root are followed (default false: they are reported as skipped). Loops are detected by device and inode and reported.</summary>
    public bool FollowSymlinks { get; init; }

    /// <summary>Gets how many files are hashed at once: -1 (default) for <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Gets the per-file hashing options (buffer size, per-file parallelism for large files).</summary>
    public FileHasherOptions FileOptions { get; init; } = FileHasherOptions.Default;
}
