namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Walks TCP options (RFC 9293 section 3.2) without allocating: end-of-list (0) stops, NOP (1) is skipped,
/// every other option is kind, length, data. A malformed option ends the walk (see <see cref="IsMalformed"/>).
/// </summary>
/// <example>
/// <code>
/// var options = new TcpOptionReader(packet.TcpOptions);
/// while (options.TryReadNext(out byte kind, out ReadOnlySpan&lt;byte&gt; data)) Console.WriteLine(kind);
/// </code>
/// </example>
public ref struct TcpOptionReader
{
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Creates a reader over the options bytes of a TCP header (<see cref="PacketView.TcpOptions"/>).</summary>
    /// <param name="options">The options bytes.</param>
    public TcpOptionReader(ReadOnlySpan<byte> options)
    {
        _remaining = options;
        IsMalformed = false;
    }

    /// <summary>Gets a value indicating whether the walk stopped at an option whose length is invalid or overruns the header.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Reads the next option other than NOP.</summary>
    /// <param name="kind">The option kind.</param>
    /// <param name="data">The option data (after kind and length).</param>
    /// <returns><see langword="false"/> at the end of the list or at a malformed option.</returns>
    /// <remarks>No throwing <c>ReadNext</c>: <see langword="false"/> is the end of the option list; malformed options end it too and set <see cref="IsMalformed"/>.</remarks>
    public bool TryReadNext(out byte kind, out ReadOnlySpan<byte> data)
    {
        while (!_remaining.IsEmpty)
        {
            byte k = _remaining[0];
            if (k == 0)
            {
                break;
            }

            if (k == 1)
            {
                _remaining = _remaining[1..];
                continue;
            }

            if (_remaining.Length < 2 || _remaining[1] < 2 || _remaining[1] > _remaining.Length)
            {
                IsMalformed = true;
                break;
            }

            int length = _remaining[1];
            kind = k;
            data = _remaining[2..length];
            _remaining = _remaining[length..];
            return true;
        }

        _remaining = default;
        kind = 0;
        data = default;
        return false;
    }
}
