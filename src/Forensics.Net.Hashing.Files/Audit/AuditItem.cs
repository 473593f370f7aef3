namespace Forensics.Net.Hashing.Files;

/// <summary>One line of an audit report.</summary>
public sealed class AuditItem
{
    internal AuditItem(AuditStatus status, string path, string? expectedPath, HashEntry? expected, HashEntry? actual)
    {
        Status = status;
        Path = path;
        ExpectedPath = expectedPath;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Gets the outcome.</summary>
    public AuditStatus Status { get; }

    /// <summary>Gets the path found now (for <see cref="AuditStatus.Missing"/>: the known path).</summary>
    public string Path { get; }

    /// <summary>Gets the known path a moved file or copy came from, or null.</summary>
    public string? ExpectedPath { get; }

    /// <summary>Gets the known entry involved, or null for <see cref="AuditStatus.New"/>.</summary>
    public HashEntry? Expected { get; }

    /// <summary>Gets the entry found now, or null for <see cref="AuditStatus.Missing"/>.</summary>
    public HashEntry? Actual { get; }

    /// <summary>Returns <c>Status: path</c> (with <c>(was …)</c> for moves).</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"{Status}: {Path}" + (ExpectedPath is null || ExpectedPath == Path ? string.Empty : $" (was {ExpectedPath})");
}
