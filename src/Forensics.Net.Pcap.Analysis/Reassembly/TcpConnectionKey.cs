using System.Buffers.Binary;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>A direction-independent four-tuple: endpoint A is the smaller (address, port) pair.</summary>
internal readonly struct TcpConnectionKey : IEquatable<TcpConnectionKey>
{
    private readonly ulong _a0;
    private readonly ulong _a1;
    private readonly ulong _b0;
    private readonly ulong _b1;
    private readonly uint _ports;
    private readonly bool _v6;

    private TcpConnectionKey(ulong a0, ulong a1, ulong b0, ulong b1, uint ports, bool v6)
    {
        _a0 = a0;
        _a1 = a1;
        _b0 = b0;
        _b1 = b1;
        _ports = ports;
        _v6 = v6;
    }

    /// <summary>Builds the key; <paramref name="sourceIsA"/> tells whether the source endpoint is endpoint A.</summary>
    public static TcpConnectionKey Create(ReadOnlySpan<byte> src, ReadOnlySpan<byte> dst, ushort srcPort, ushort dstPort, out bool sourceIsA)
    {
        ulong s0, s1, d0, d1;
        bool v6 = src.Length == 16;
        if (v6)
        {
            s0 = BinaryPrimitives.ReadUInt64BigEndian(src);
            s1 = BinaryPrimitives.ReadUInt64BigEndian(src[8..]);
            d0 = BinaryPrimitives.ReadUInt64BigEndian(dst);
            d1 = BinaryPrimitives.ReadUInt64BigEndian(dst[8..]);
        }
        else
        {
            s0 = 0;
            d0 = 0;
            s1 = BinaryPrimitives.ReadUInt32BigEndian(src);
            d1 = BinaryPrimitives.ReadUInt32BigEndian(dst);
        }

        int cmp = s0 != d0 ? s0.CompareTo(d0) : s1 != d1 ? s1.CompareTo(d1) : srcPort.CompareTo(dstPort);
        sourceIsA = cmp <= 0;
        return sourceIsA
            ? new TcpConnectionKey(s0, s1, d0, d1, ((uint)srcPort << 16) | dstPort, v6)
            : new TcpConnectionKey(d0, d1, s0, s1, ((uint)dstPort << 16) | srcPort, v6);
    }

    public bool Equals(TcpConnectionKey other) =>
        _a1 == other._a1 && _b1 == other._b1 && _ports == other._ports && _a0 == other._a0 && _b0 == other._b0 && _v6 == other._v6;

    public override bool Equals(object? obj) => obj is TcpConnectionKey k && Equals(k);

    public override int GetHashCode() => HashCode.Combine(_a0 ^ _b0, _a1, _b1, _ports);
}
