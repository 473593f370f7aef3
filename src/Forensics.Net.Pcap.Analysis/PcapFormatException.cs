namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// The exception thrown when a capture file is not a valid pcap or pcapng file, or is damaged
/// beyond what lenient reading can skip. It carries the byte offset in the file where the
/// problem was found so that an analyst can look at the damaged region with a hex editor.
/// It derives from <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed) so that
/// per-file I/O error handling also catches damaged input.
/// </summary>
/// <example>
/// <code>
/// try { /* read a capture */ }
/// catch (PcapFormatException ex) { Console.Error.WriteLine($"damaged at byte {ex.Offset}: {ex.Message}"); }
/// </code>
/// </example>
public class PcapFormatException : IOException
{
    /// <summary>Initializes a new instance with a default message and an unknown offset (-1).</summary>
    public PcapFormatException()
        : this("The capture file is not valid.", -1)
    {
    }

    /// <summary>Initializes a new instance with a message and an unknown offset (-1).</summary>
    /// <param name="message">What is wrong.</param>
    public PcapFormatException(string message)
        : this(message, -1)
    {
    }

    /// <summary>Initializes a new instance with a message, an unknown offset (-1) and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public PcapFormatException(string message, Exception? innerException)
        : this(message, -1, innerException)
    {
    }

    /// <summary>Initializes a new instance with a message and the byte offset of the problem.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">The byte offset in the capture where the problem was found, or -1 when unknown.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public PcapFormatException(string message, long offset, Exception? innerException = null)
        : base(offset >= 0 ? $"{message} (at byte offset {offset})" : message, innerException)
    {
        Offset = offset;
    }

    /// <summary>Gets the byte offset in the capture where the problem was found, or -1 when unknown.</summary>
    public long Offset { get; }
}
