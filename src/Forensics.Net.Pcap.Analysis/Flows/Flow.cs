using System.Net;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// One bidirectional conversation of a <see cref="FlowTable"/>: a 5-tuple with packet and byte counters per
/// direction, first and last timestamps and, for TCP, the flags seen and a state summary.
/// "Source" is the endpoint that started the flow: the sender of the first packet, or of the SYN when the
/// first packet seen is a SYN-ACK.
/// </summary>
public sealed class Flow
{
    private readonly FlowKey _key;
    private bool _sourceIsA;
    private IPAddress? _source;
    private IPAddress? _destination;

    internal Flow(FlowKey key, bool sourceIsA, long index, long timestampNanoseconds)
    {
        _key = key;
        _sourceIsA = sourceIsA;
        Index = index;
        FirstSeenNanoseconds = timestampNanoseconds;
        LastSeenNanoseconds = timestampNanoseconds;
    }

    /// <summary>Gets the zero-based creation order of the flow in its table.</summary>
    public long Index { get; }

    /// <summary>Gets the IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...).</summary>
    public byte Protocol => _key.Protocol;

    /// <summary>Gets the address of the endpoint that started the flow.</summary>
    public IPAddress SourceAddress => _source ??= _sourceIsA ? _key.AddressA : _key.AddressB;

    /// <summary>Gets the address of the other endpoint.</summary>
    public IPAddress DestinationAddress => _destination ??= _sourceIsA ? _key.AddressB : _key.AddressA;

    /// <summary>Gets the source port (0 for protocols without ports).</summary>
    public ushort SourcePort => _sourceIsA ? _key.PortA : _key.PortB;

    /// <summary>Gets the destination port (0 for protocols without ports).</summary>
    public ushort DestinationPort => _sourceIsA ? _key.PortB : _key.PortA;

    /// <summary>Gets the number of packets in both directions.</summary>
    public long Packets => PacketsFromSource + PacketsFromDestination;

    /// <summary>Gets the number of bytes (original frame lengths) in both directions.</summary>
    public long Bytes => BytesFromSource + BytesFromDestination;

    /// <summary>Gets the number of packets sent by the source.</summary>
    public long PacketsFromSource { get; private set; }

    /// <summary>Gets the number of packets sent by the destination.</summary>
    public long PacketsFromDestination { get; private set; }

    /// <summary>Gets the bytes (original frame lengths) sent by the source.</summary>
    public long BytesFromSource { get; private set; }

    /// <summary>Gets the bytes (original frame lengths) sent by the destination.</summary>
    public long BytesFromDestination { get; private set; }

    /// <summary>Gets the transport payload bytes (as captured) sent by the source.</summary>
    public long PayloadBytesFromSource { get; private set; }

    /// <summary>Gets the transport payload bytes (as captured) sent by the destination.</summary>
    public long PayloadBytesFromDestination { get; private set; }

    /// <summary>Gets the timestamp of the first packet, in nanoseconds since the Unix epoch.</summary>
    public long FirstSeenNanoseconds { get; private set; }

    /// <summary>Gets the timestamp of the last packet, in nanoseconds since the Unix epoch.</summary>
    public long LastSeenNanoseconds { get; private set; }

    /// <summary>Gets the time of the first packet (UTC).</summary>
    public DateTimeOffset FirstSeen => DateTimeOffset.UnixEpoch.AddTicks(FirstSeenNanoseconds / 100);

    /// <summary>Gets the time of the last packet (UTC).</summary>
    public DateTimeOffset LastSeen => DateTimeOffset.UnixEpoch.AddTicks(LastSeenNanoseconds / 100);

    /// <summary>Gets the time between the first and the last packet.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks((LastSeenNanoseconds - FirstSeenNanoseconds) / 100);

    /// <summary>Gets the union of TCP flags sent by the source.</summary>
    public TcpFlags TcpFlagsFromSource { get; private set; }

    /// <summary>Gets the union of TCP flags sent by the destination.</summary>
    public TcpFlags TcpFlagsFromDestination { get; private set; }

    /// <summary>Gets a summary of the TCP state from the flags seen (<see cref="TcpFlowState.None"/> for other protocols).</summary>
    public TcpFlowState TcpState
    {
        get
        {
            if (Protocol != IPProtocolNumbers.Tcp)
            {
                return TcpFlowState.None;
            }

            TcpFlags all = TcpFlagsFromSource | TcpFlagsFromDestination;
            if ((all & TcpFlags.Rst) != 0)
            {
                return TcpFlowState.Reset;
            }

            bool finSource = (TcpFlagsFromSource & TcpFlags.Fin) != 0;
            bool finDestination = (TcpFlagsFromDestination & TcpFlags.Fin) != 0;
            if (finSource && finDestination)
            {
                return TcpFlowState.Closed;
            }

            if (finSource || finDestination)
            {
                return TcpFlowState.Closing;
            }

            if ((TcpFlagsFromDestination & TcpFlags.Syn) != 0)
            {
                return TcpFlowState.Established;
            }

            return (TcpFlagsFromSource & TcpFlags.Syn) != 0 ? TcpFlowState.SynSent : TcpFlowState.MidStream;
        }
    }

    /// <summary>Gets the protocol name used in exports: tcp, udp, icmp, icmpv6, or the number.</summary>
    public string ProtocolName => Protocol switch
    {
        IPProtocolNumbers.Tcp => "tcp",
        IPProtocolNumbers.Udp => "udp",
        IPProtocolNumbers.Icmp => "icmp",
        IPProtocolNumbers.IcmpV6 => "icmpv6",
        _ => Protocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <inheritdoc />
    public override string ToString() => $"{ProtocolName} {SourceAddress}:{SourcePort} -> {DestinationAddress}:{DestinationPort} ({Packets} packets, {Bytes} bytes)";

    internal void Add(bool fromA, long timestampNanoseconds, long length, int payloadLength, TcpFlags flags)
    {
        if (Packets == 0)
        {
            // The sender of the first packet started the flow, unless that packet is a SYN-ACK.
            _sourceIsA = (flags & (TcpFlags.Syn | TcpFlags.Ack)) == (TcpFlags.Syn | TcpFlags.Ack) ? !fromA : fromA;
        }

        if (fromA == _sourceIsA)
        {
            PacketsFromSource++;
            BytesFromSource += length;
            PayloadBytesFromSource += payloadLength;
            TcpFlagsFromSource |= flags;
        }
        else
        {
            PacketsFromDestination++;
            BytesFromDestination += length;
            PayloadBytesFromDestination += payloadLength;
            TcpFlagsFromDestination |= flags;
        }

        if (timestampNanoseconds < FirstSeenNanoseconds)
        {
            FirstSeenNanoseconds = timestampNanoseconds;
        }

        if (timestampNanoseconds > LastSeenNanoseconds)
        {
            LastSeenNanoseconds = timestampNanoseconds;
        }
    }
}
