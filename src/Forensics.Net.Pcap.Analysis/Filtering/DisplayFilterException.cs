namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A display filter that cannot be compiled: a syntax error, an unknown field, a value that does not fit the
/// field's type, or a filter beyond the size and nesting limits. Carries the column of the error like tshark's
/// caret line.
/// </summary>
/// <remarks>
/// This is an error in the filter text the user typed, not in capture data, so it derives from
/// <see cref="FormatException"/> (as <c>int.Parse</c> does) rather than from the package's
/// <see cref="PcapFormatException"/>.
/// </remarks>
public sealed class DisplayFilterException : FormatException
{
    /// <summary>Creates an exception.</summary>
    /// <param name="message">What is wrong.</param>
    public DisplayFilterException(string message)
        : this(message, string.Empty, 0, 0)
    {
    }

    /// <summary>Creates an exception with the filter text and the position of the error.</summary>
    /// <param name="message">What is wrong, or what was expected.</param>
    /// <param name="filter">The filter text.</param>
    /// <param name="column">The zero-based column where the error starts.</param>
    /// <param name="length">The length of the offending token (at least 1 when <paramref name="filter"/> is not empty).</param>
    public DisplayFilterException(string message, string filter, int column, int length)
        : base(message)
    {
        Filter = filter ?? string.Empty;
        Column = Math.Clamp(column, 0, Filter.Length);
        Length = Math.Max(0, length);
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DisplayFilterException(string message, Exception innerException)
        : base(message, innerException)
    {
        Filter = string.Empty;
    }

    /// <summary>Creates an exception with a default message.</summary>
    public DisplayFilterException()
        : this("The display filter is not valid.")
    {
    }

    /// <summary>Gets the filter text.</summary>
    public string Filter { get; } = string.Empty;

    /// <summary>Gets the zero-based column of the error in <see cref="Filter"/>.</summary>
    public int Column { get; }

    /// <summary>Gets the length of the offending token.</summary>
    public int Length { get; }

    /// <summary>Gets the filter and a caret line under the error, as tshark prints them (two lines), or the message alone without a filter.</summary>
    /// <returns>The text.</returns>
    public string ToCaretString()
    {
        if (Filter.Length == 0 || Filter.Length > 2000)
        {
            return Message;
        }

        int len = Math.Max(1, Math.Min(Length, Filter.Length - Column));
        return $"{Message}{Environment.NewLine}    {Filter}{Environment.NewLine}    {new string(' ', Column)}^{new string('~', len - 1)}";
    }
}
