namespace Forensics.Net.Hashing.Files;

/// <summary>A malformed or suspicious line skipped by a lenient reader.</summary>
/// <param name="offset">The byte offset of the line's start.</param>
/// <param name="line">The 1-based line number.</param>
/// <param name="message">What is wrong.</param>
public sealed class HashFileIssue(long offset, long line, string message)
{
    /// <summary>Gets the byte offset of the line's start.</summary>
    public long Offset { get; } = offset;

    /// <summary>Gets the 1-based line number.</summary>
    public long Line { get; } = line;

    /// <summary>Gets what is wrong.</summary>
    public string Message { get; } = message;

    /// <summary>Returns <c>line N: message</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"line {Line}: {Message}";
}
