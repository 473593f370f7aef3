using System.Buffers.Binary;

namespace Forensics.Net.Pcap.Analysis.Tests.Capture;

/// <summary>Hand-built pcapng blocks (little-endian) for tests of block types the writer does not produce.</summary>
internal static class PcapNgBlocks
{
    public static byte[] Block(uint type, ReadOnlySpan<byte> body)
    {
        int padded = (body.Length + 3) & ~3;
        byte[] block = new byte[12 + padded];
        BinaryPrimitives.WriteUInt32LittleEndian(block, type);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(4), (uint)block.Length);
        body.CopyTo(block.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(block.Length - 4), (uint)block.Length);
        return block;
    }

    public static byte[] SectionHeader()
    {
        byte[] body = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(body, 0x1A2B3C4D);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(4), 1);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(8), -1);
        return Block(0x0A0D0D0A, body);
    }

    /// <summary>An IDB with optional if_tsresol and if_tsoffset options.</summary>
    public static byte[] InterfaceDescription(LinkType linkType, byte? tsresol = null, long? tsoffset = null, int snapLength = 0)
    {
        var body = new List<byte>();
        byte[] head = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(head, (ushort)linkType);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(4), (uint)snapLength);
        body.AddRange(head);
        if (tsresol is byte r)
        {
            body.AddRange([9, 0, 1, 0, r, 0, 0, 0]);
        }

        if (tsoffset is long o)
        {
            byte[] opt = new byte[12];
            BinaryPrimitives.WriteUInt16LittleEndian(opt, 14);
            BinaryPrimitives.WriteUInt16LittleEndian(opt.AsSpan(2), 8);
            BinaryPrimitives.WriteInt64LittleEndian(opt.AsSpan(4), o);
            body.AddRange(opt);
        }

        body.AddRange([0, 0, 0, 0]);
        return Block(1, body.ToArray());
    }

    public static byte[] EnhancedPacket(int interfaceId, ulong timestamp, ReadOnlySpan<byte> data, int originalLength = -1)
    {
        byte[] body = new byte[20 + ((data.Length + 3) & ~3)];
        BinaryPrimitives.WriteUInt32LittleEndian(body, (uint)interfaceId);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)(timestamp >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)timestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(12), (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(16), (uint)(originalLength < 0 ? data.Length : originalLength));
        data.CopyTo(body.AsSpan(20));
        return Block(6, body);
    }

    public static byte[] SimplePacket(ReadOnlySpan<byte> data, int originalLength)
    {
        byte[] body = new byte[4 + ((data.Length + 3) & ~3)];
        BinaryPrimitives.WriteUInt32LittleEndian(body, (uint)originalLength);
        data.CopyTo(body.AsSpan(4));
        return Block(3, body);
    }

    public static byte[] ObsoletePacket(int interfaceId, ulong timestamp, ReadOnlySpan<byte> data)
    {
        byte[] body = new byte[20 + ((data.Length + 3) & ~3)];
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)interfaceId);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)(timestamp >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)timestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(12), (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(16), (uint)data.Length);
        data.CopyTo(body.AsSpan(20));
        return Block(2, body);
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
