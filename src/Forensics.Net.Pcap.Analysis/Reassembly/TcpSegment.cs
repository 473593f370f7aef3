namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// One captured TCP segment as the input of <see cref="TcpReassembler"/>: the IP addresses as raw bytes
/// (4 for IPv4, 16 for IPv6), the ports, sequence and acknowledgment numbers, control bits, window,
/// the payload and the capture timestamp. A view over existing buffers: nothing is copied.
/// </summary>
/// <remarks>Field meanings follow RFC 9293 section 3.1.</remarks>
public readonly ref struct TcpSegment
{
    /// <summary>Initializes a segment view.</summary>
    /// <param name="sourceAddress">The source IP address, 4 (IPv4) or 16 (IPv6) bytes.</param>
    /// <param name="destinationAddress">The destination IP address, same length as <paramref name="sourceAddress"/>.</param>
    /// <param name="sourcePort">The source port.</param>
    /// <param name="destinationPort">The destination port.</param>
    /// <param name="sequenceNumber">The sequence number.</param>
    /// <param name="acknowledgmentNumber">The acknowledgment number.</param>
    /// <param name="flags">The control bits.</param>
    /// <param name="window">The receive window (unscaled).</param>
    /// <param name="payload">The TCP payload (may be shorter than on the wire when the capture was snaplen-truncated).</param>
    /// <param name="timestamp">The capture timestamp.</param>
    /// <exception cref="ArgumentException">An address is not 4 or 16 bytes, or the two lengths differ.</exception>
    public TcpSegment(
        ReadOnlySpan<byte> sourceAddress,
        ReadOnlySpan<byte> destinationAddress,
        ushort sourcePort,
        ushort destinationPort,
        uint sequenceNumber,
        uint acknowledgmentNumber,
        TcpFlags flags,
        ushort window,
        ReadOnlySpan<byte> payload,
        DateTimeOffset timestamp)
    {
        if ((sourceAddress.Length != 4 && sourceAddress.Length != 16) || destinationAddress.Length != sourceAddress.Length)
        {
            throw new ArgumentException("Addresses must both be 4 (IPv4) or 16 (IPv6) bytes long.", nameof(sourceAddress));
        }

        SourceAddress = sourceAddress;
        DestinationAddress = destinationAddress;
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        SequenceNumber = sequenceNumber;
        AcknowledgmentNumber = acknowledgmentNumber;
        Flags = flags;
        Window = window;
        Payload = payload;
        Timestamp = timestamp;
    }

    /// <summary>Gets the source IP address bytes (4 or 16).</summary>
    public ReadOnlySpan<byte> SourceAddress { get; }

    /// <summary>Gets the destination IP address bytes (4 or 16).</summary>
    public ReadOnlySpan<byte> DestinationAddress { get; }

    /// <summary>Gets the source port.</summary>
    public ushort SourcePort { get; }

    /// <summary>Gets the destination port.</summary>
    public ushort DestinationPort { get; }

    /// <summary>Gets the sequence number.</summary>
    public uint SequenceNumber { get; }

    /// <summary>Gets the acknowledgment number.</summary>
    public uint AcknowledgmentNumber { get; }

    /// <summary>Gets the control bits.</summary>
    public TcpFlags Flags { get; }

    /// <summary>Gets the receive window (unscaled).</summary>
    public ushort Window { get; }

    /// <summary>Gets the payload.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Gets the capture timestamp.</summary>
    public DateTimeOffset Timestamp { get; }
}
