namespace Forensics.Net.FileSignatures;

/// <summary>
/// The exception thrown when a file's content could not be inspected (for example a corrupt container directory that cannot be skipped in strict mode).
/// It carries the byte offset in the input where the problem was found.
/// It derives from <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed) so that
/// per-file I/O error handling also catches damaged input.
/// </summary>
/// <example>
/// <code>
/// try { /* parse input */ }
/// catch (FileSignatureException ex) { Console.Error.WriteLine($"damaged at byte {ex.Offset}: {ex.Message}"); }
/// </code>
/// </example>
public class FileSignatureException : IOException
{
    /// <summary>Initializes a new instance with a default message and an unknown offset (-1).</summary>
    public FileSignatureException()
        : this("The input is not valid.", -1)
    {
    }

    /// <summary>Initializes a new instance with a message and an unknown offset (-1).</summary>
    /// <param name="message">What is wrong.</param>
    public FileSignatureException(string message)
        : this(message, -1)
    {
    }

    /// <summary>Initializes a new instance with a message, an unknown offset (-1) and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public FileSignatureException(string message, Exception? innerException)
        : this(message, -1, innerException)
    {
    }

    /// <summary>Initializes a new instance with a message and the byte offset of the problem.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">The byte offset in the input where the problem was found, or -1 when unknown.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public FileSignatureException(string message, long offset, Exception? innerException = null)
        : base(offset >= 0 ? $"{message} (at byte offset {offset})" : message, innerException)
    {
        Offset = offset;
    }

    /// <summary>Gets the byte offset in the input where the problem was found, or -1 when unknown.</summary>
    public long Offset { get; }
}
