namespace Forensics.Net.Hashing.Files;

/// <summary>
/// Writes ssdeep lists as <c>ssdeep</c> and <c>ssdeep -r</c> print them: the header
/// <c>ssdeep,1.1--blocksize:hash:hash,filename</c>, then one <c>blocksize:hash1:hash2,"path"</c> line per file.
/// The lists are what <c>ssdeep -m</c>, <see cref="SimilarityIndex.LoadSsdeepList"/> and other tools read.
/// </summary>
/// <example>
/// <code>
/// using var writer = new SsdeepListWriter(Console.Out);
/// writer.Write(SsdeepHasher.HashFile("a.bin"), "a.bin");
/// </code>
/// </example>
public sealed class SsdeepListWriter : IDisposable
{
    /// <summary>The first line of an ssdeep list.</summary>
    public const string Header = "ssdeep,1.1--blocksize:hash:hash,filename";

    private readonly TextWriter _writer;
    private readonly bool _leaveOpen;
    private bool _headerWritten;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="writer">Where the lines go (written with '\n' line ends).</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="writer"/> open (default true).</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public SsdeepListWriter(TextWriter writer, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Writes the header line now (otherwise it comes before the first entry).</summary>
    public void WriteHeader()
    {
        if (!_headerWritten)
        {
            _headerWritten = true;
            _writer.Write(Header);
            _writer.Write('\n');
        }
    }

    /// <summary>Writes one line <c>digest,"path"</c>.</summary>
    /// <param name="digest">The digest.</param>
    /// <param name="path">The path as it should appear (ssdeep prints it unescaped between double quotes).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void Write(SsdeepDigest digest, string path)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(path);
        WriteHeader();
        _writer.Write(digest.ToString());
        _writer.Write(",\"");
        _writer.Write(path);
        _writer.Write("\"\n");
    }

    /// <summary>Writes the ssdeep digest of a hashed file.</summary>
    /// <param name="entry">The entry; it must carry a <see cref="FileHashAlgorithm.Ssdeep"/> digest.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    /// <exception cref="ArgumentException">The entry has no ssdeep digest.</exception>
    public void Write(HashEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.Digests.Contains(FileHashAlgorithm.Ssdeep))
        {
            throw new ArgumentException("The entry has no ssdeep digest.", nameof(entry));
        }

        Write(SsdeepDigest.Parse(entry.Digests.GetHex(FileHashAlgorithm.Ssdeep)), entry.Path);
    }

    /// <summary>Flushes, and closes the writer unless it was to be left open.</summary>
    public void Dispose()
    {
        _writer.Flush();
        if (!_leaveOpen)
        {
            _writer.Dispose();
        }
    }
}
