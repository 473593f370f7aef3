using System.Buffers.Binary;
using System.Net;

namespace Forensics.Net.Pcap.Analysis.Tests.Decoding;

/// <summary>Builds frames layer by layer for decoder tests (checksums are left zero: the decoder does not check them).</summary>
internal static class Frames
{
    public static readonly byte[] MacA = [0x02, 0, 0, 0, 0, 0x0A];
    public static readonly byte[] MacB = [0x02, 0, 0, 0, 0, 0x0B];

    public static byte[] Ethernet(ushort etherType, byte[] payload) =>
        [.. MacB, .. MacA, (byte)(etherType >> 8), (byte)etherType, .. payload];

    public static byte[] Vlan(ushort tci, ushort innerType, byte[] payload) =>
        [(byte)(tci >> 8), (byte)tci, (byte)(innerType >> 8), (byte)innerType, .. payload];

    public static byte[] IPv4(byte protocol, byte[] payload, string src = "10.0.0.1", string dst = "10.0.0.2", ushort fragment = 0, byte[]? options = null, int? totalLength = null, ushort id = 0x1234)
    {
        options ??= [];
        int headerLength = 20 + options.Length;
        byte[] h = new byte[headerLength];
        h[0] = (byte)(0x40 | (headerLength / 4));
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), (ushort)(totalLength ?? headerLength + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(6), fragment);
        h[8] = 64;
        h[9] = protocol;
        IPAddress.Parse(src).GetAddressBytes().CopyTo(h, 12);
        IPAddress.Parse(dst).GetAddressBytes().CopyTo(h, 16);
        options.CopyTo(h, 20);
        return [.. h, .. payload];
    }

    public static byte[] IPv6(byte next, byte[] payload, string src = "2001:db8::1", string dst = "2001:db8::2")
    {
        byte[] h = new byte[40];
        h[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(4), (ushort)payload.Length);
        h[6] = next;
        h[7] = 255;
        IPAddress.Parse(src).GetAddressBytes().CopyTo(h, 8);
        IPAddress.Parse(dst).GetAddressBytes().CopyTo(h, 24);
        return [.. h, .. payload];
    }

    public static byte[] Tcp(ushort sport, ushort dport, uint seq, uint ack, TcpFlags flags, byte[]? options = null, byte[]? payload = null, ushort window = 65535)
    {
        options ??= [];
        payload ??= [];
        int headerLength = 20 + options.Length;
        byte[] h = new byte[headerLength];
        BinaryPrimitives.WriteUInt16BigEndian(h, sport);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), dport);
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(8), ack);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(12), (ushort)(((headerLength / 4) << 12) | (int)flags));
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(14), window);
        options.CopyTo(h, 20);
        return [.. h, .. payload];
    }

    public static byte[] Udp(ushort sport, ushort dport, byte[] payload, int? length = null)
    {
        byte[] h = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(h, sport);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), dport);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(4), (ushort)(length ?? 8 + payload.Length));
        return [.. h, .. payload];
    }

    /// <summary>An Ethernet/IPv4/TCP SYN with MSS 1460, SACK permitted, timestamps and window scale 7.</summary>
    public static byte[] EthernetTcpSyn() => Ethernet(0x0800, IPv4(6, Tcp(53146, 8080, 1000, 0, TcpFlags.Syn,
        options: [2, 4, 0x05, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 3, 3, 7])));
}
