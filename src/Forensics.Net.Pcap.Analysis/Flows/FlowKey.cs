using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A bidirectional 5-tuple (addresses, ports, IP protocol) in canonical order, so that both directions of a
/// conversation have the same key. IPv4 addresses are stored as IPv4-mapped IPv6 internally.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct FlowKey : IEquatable<FlowKey>
{
    private readonly ulong _a0;
    private readonly ulong _a1;
    private readonly ulong _b0;
    private readonly ulong _b1;
    private readonly uint _ports;
    private readonly byte _protocol;
    private readonly byte _version;

    private FlowKey(ulong a0, ulong a1, ulong b0, ulong b1, uint ports, byte protocol, byte version)
    {
        _a0 = a0;
        _a1 = a1;
        _b0 = b0;
        _b1 = b1;
        _ports = ports;
        _protocol = protocol;
        _version = version;
    }

    /// <summary>Builds the canonical key of a decoded packet.</summary>
    /// <param name="packet">The packet (must have addresses).</param>
    /// <param name="sourceIsA">Whether the packet's source is endpoint A of the canonical key.</param>
    public static FlowKey Create(scoped in PacketView packet, out bool sourceIsA)
    {
        ReadOnlySpan<byte> src = packet.SourceAddressBytes;
        ReadOnlySpan<byte> dst = packet.DestinationAddressBytes;
        ulong s0, s1, d0, d1;
        byte version;
        if (src.Length == 4)
        {
            s0 = 0;
            s1 = BinaryPrimitives.ReadUInt32BigEndian(src);
            d0 = 0;
            d1 = BinaryPrimitives.ReadUInt32BigEndian(dst);
            version = 4;
        }
        else
        {
            s0 = BinaryPrimitives.ReadUInt64BigEndian(src);
            s1 = BinaryPrimitives.ReadUInt64BigEndian(src[8..]);
            d0 = BinaryPrimitives.ReadUInt64BigEndian(dst);
            d1 = BinaryPrimitives.ReadUInt64BigEndian(dst[8..]);
            version = 6;
        }

        ushort sp = packet.SourcePort;
        ushort dp = packet.DestinationPort;
        int order = s0 != d0 ? s0.CompareTo(d0) : s1 != d1 ? s1.CompareTo(d1) : sp.CompareTo(dp);
        sourceIsA = order <= 0;
        return sourceIsA
            ? new FlowKey(s0, s1, d0, d1, ((uint)sp << 16) | dp, packet.Protocol, version)
            : new FlowKey(d0, d1, s0, s1, ((uint)dp << 16) | sp, packet.Protocol, version);
    }

    public byte Protocol => _protocol;

    public IPAddress AddressA => ToAddress(_a0, _a1);

    public IPAddress AddressB => ToAddress(_b0, _b1);

    public ushort PortA => (ushort)(_ports >> 16);

    public ushort PortB => (ushort)_ports;

    public bool Equals(FlowKey other) =>
        _a1 == other._a1 && _b1 == other._b1 && _ports == other._ports && _a0 == other._a0 && _b0 == other._b0 &&
        _protocol == other._protocol && _version == other._version;

    public override bool Equals(object? obj) => obj is FlowKey other && Equals(other);

    public override int GetHashCode()
    {
        ulong h = (_a0 * 0x9E3779B97F4A7C15) ^ (_a1 * 0xC2B2AE3D27D4EB4F) ^ (_b0 * 0x165667B19E3779F9) ^ (_b1 * 0x27D4EB2F165667C5)
            ^ ((ulong)_ports << 8) ^ _protocol ^ ((ulong)_version << 40);
        h ^= h >> 29;
        return (int)h ^ (int)(h >> 32);
    }

    private IPAddress ToAddress(ulong high, ulong low)
    {
        if (_version == 4)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)low);
            return new IPAddress(v4);
        }

        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(v6, high);
        BinaryPrimitives.WriteUInt64BigEndian(v6[8..], low);
        return new IPAddress(v6);
    }
}
