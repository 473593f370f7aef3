namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Creates new files in one directory without ever overwriting: <c>name.ext</c>, then <c>name (2).ext</c>,
/// <c>name (3).ext</c>… with no upper limit. Paths are checked to stay inside the directory.
/// </summary>
internal sealed class OutputFileAllocator
{
    private readonly string _directory;
    private readonly Dictionary<string, long> _next = new(StringComparer.OrdinalIgnoreCase);

    public OutputFileAllocator(string directory)
    {
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Creates a new, empty file for <paramref name="safeName"/> and returns it open for writing.</summary>
    public FileStream Create(string safeName, out string path)
    {
        string ext = Path.GetExtension(safeName);
        string stem = safeName[..^ext.Length];
        _next.TryGetValue(safeName, out long n);
        while (true)
        {
            n++;
            string candidate = n == 1 ? safeName : $"{stem} ({n}){ext}";
            path = Path.GetFullPath(Path.Combine(_directory, candidate));
            if (!path.StartsWith(_directory + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.GetDirectoryName(path) != _directory)
            {
                throw new InvalidOperationException("Refusing to write outside the output directory: " + candidate);
            }

            try
            {
                var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024);
                _next[safeName] = n;
                return stream;
            }
            catch (IOException) when (File.Exists(path) || Directory.Exists(path))
            {
                // taken: try the next number
            }
        }
    }
}
