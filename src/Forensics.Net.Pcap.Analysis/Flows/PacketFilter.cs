using System.Net;
using System.Net.Sockets;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A conjunction of conditions on a packet's (or a flow's) addresses, ports and protocol. Every condition that is
/// set must hold; unset conditions match everything. Address conditions take a prefix (<see cref="IPNetwork"/>;
/// a single host is a /32 or /128). "Source" and "destination" give the direction: for a <see cref="Flow"/> they
/// mean the endpoint that started it and the other one. Matching a <see cref="PacketView"/> does not allocate.
/// </summary>
/// <example>
/// <code>
/// var filter = new PacketFilter { ExcludeSource = IPNetwork.Parse("10.0.0.5/32"), Protocol = IPProtocolNumbers.Tcp, Port = 443 };
/// if (filter.Matches(packet)) { /* ... */ }
/// </code>
/// </example>
public sealed class PacketFilter
{
    private Prefix? _source;
    private Prefix? _destination;
    private Prefix? _address;
    private Prefix? _excludeSource;
    private Prefix? _excludeDestination;

    /// <summary>Gets the prefix the source address must be in.</summary>
    public IPNetwork? Source { get => _source?.Network; init => _source = Prefix.From(value); }

    /// <summary>Gets the prefix the destination address must be in.</summary>
    public IPNetwork? Destination { get => _destination?.Network; init => _destination = Prefix.From(value); }

    /// <summary>Gets the prefix that either address must be in.</summary>
    public IPNetwork? Address { get => _address?.Network; init => _address = Prefix.From(value); }

    /// <summary>Gets the prefix the source address must NOT be in ("all packets not from this source").</summary>
    public IPNetwork? ExcludeSource { get => _excludeSource?.Network; init => _excludeSource = Prefix.From(value); }

    /// <summary>Gets the prefix the destination address must NOT be in.</summary>
    public IPNetwork? ExcludeDestination { get => _excludeDestination?.Network; init => _excludeDestination = Prefix.From(value); }

    /// <summary>Gets the required source port (TCP/UDP).</summary>
    public ushort? SourcePort { get; init; }

    /// <summary>Gets the required destination port (TCP/UDP).</summary>
    public ushort? DestinationPort { get; init; }

    /// <summary>Gets a port that either side must use (TCP/UDP).</summary>
    public ushort? Port { get; init; }

    /// <summary>Gets the required IP protocol number (see <see cref="IPProtocolNumbers"/>).</summary>
    public byte? Protocol { get; init; }

    /// <summary>Tests a decoded packet. Packets without an IP layer never match.</summary>
    /// <param name="packet">The packet.</param>
    /// <returns><see langword="true"/> when every set condition holds.</returns>
    public bool Matches(scoped in PacketView packet)
    {
        if (!packet.HasAddresses)
        {
            return false;
        }

        if (Protocol is byte protocol && packet.Protocol != protocol)
        {
            return false;
        }

        if (SourcePort is not null || DestinationPort is not null || Port is not null)
        {
            if (!packet.HasPorts)
            {
                return false;
            }

            ushort sp = packet.SourcePort;
            ushort dp = packet.DestinationPort;
            if ((SourcePort is ushort s && s != sp) || (DestinationPort is ushort d && d != dp) || (Port is ushort p && p != sp && p != dp))
            {
                return false;
            }
        }

        ReadOnlySpan<byte> src = packet.SourceAddressBytes;
        ReadOnlySpan<byte> dst = packet.DestinationAddressBytes;
        return (_source is null || _source.Contains(src))
            && (_destination is null || _destination.Contains(dst))
            && (_address is null || _address.Contains(src) || _address.Contains(dst))
            && (_excludeSource is null || !_excludeSource.Contains(src))
            && (_excludeDestination is null || !_excludeDestination.Contains(dst));
    }

    /// <summary>Tests a flow: source and destination are the flow's initiator and responder.</summary>
    /// <param name="flow">The flow.</param>
    /// <returns><see langword="true"/> when every set condition holds.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="flow"/> is <see langword="null"/>.</exception>
    public bool Matches(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (Protocol is byte protocol && flow.Protocol != protocol)
        {
            return false;
        }

        ushort sp = flow.SourcePort;
        ushort dp = flow.DestinationPort;
        if ((SourcePort is ushort s && s != sp) || (DestinationPort is ushort d && d != dp) || (Port is ushort p && p != sp && p != dp))
        {
            return false;
        }

        Span<byte> src = stackalloc byte[16];
        Span<byte> dst = stackalloc byte[16];
        flow.SourceAddress.TryWriteBytes(src, out int srcLength);
        flow.DestinationAddress.TryWriteBytes(dst, out int dstLength);
        src = src[..srcLength];
        dst = dst[..dstLength];
        return (_source is null || _source.Contains(src))
            && (_destination is null || _destination.Contains(dst))
            && (_address is null || _address.Contains(src) || _address.Contains(dst))
            && (_excludeSource is null || !_excludeSource.Contains(src))
            && (_excludeDestination is null || !_excludeDestination.Contains(dst));
    }

    private sealed class Prefix
    {
        private readonly byte[] _bytes;
        private readonly int _bits;

        private Prefix(IPNetwork network)
        {
            Network = network;
            _bytes = network.BaseAddress.GetAddressBytes();
            _bits = network.PrefixLength;
        }

        public IPNetwork Network { get; }

        public static Prefix? From(IPNetwork? network) => network is IPNetwork n ? new Prefix(n) : null;

        public bool Contains(ReadOnlySpan<byte> address)
        {
            if (address.Length != _bytes.Length)
            {
                return false;
            }

            int full = _bits / 8;
            if (!address[..full].SequenceEqual(_bytes.AsSpan(0, full)))
            {
                return false;
            }

            int rest = _bits % 8;
            if (rest == 0)
            {
                return true;
            }

            int mask = 0xFF << (8 - rest);
            return ((address[full] ^ _bytes[full]) & mask) == 0;
        }

        public override string ToString() => Network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? $"v4 {Network}" : $"v6 {Network}";
    }
}
