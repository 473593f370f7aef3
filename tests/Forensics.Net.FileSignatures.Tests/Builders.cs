using System.Buffers.Binary;
using System.Text;

namespace Forensics.Net.FileSignatures.Tests;

/// <summary>Builds small ZIP and CFB files byte by byte (stored entries, 512-byte sectors) for container tests.</summary>
internal static class Builders
{
    public static byte[] Zip(IEnumerable<(string Name, byte[] Data)> entries, bool zip64 = false, bool encrypted = false, byte[]? prefix = null, uint? claimedUncompressed = null)
    {
        var ms = new MemoryStream();
        if (prefix is not null)
        {
            ms.Write(prefix);
        }

        var central = new MemoryStream();
        int count = 0;
        foreach (var (name, data) in entries)
        {
            long local = ms.Position - (prefix?.Length ?? 0);
            byte[] n = Encoding.UTF8.GetBytes(name);
            ushort flags = (ushort)(encrypted ? 1 : 0);
            var h = new byte[30].AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(h, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], flags);
            BinaryPrimitives.WriteUInt32LittleEndian(h[18..], (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h[22..], claimedUncompressed ?? (uint)data.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(h[26..], (ushort)n.Length);
            ms.Write(h);
            ms.Write(n);
            ms.Write(data);
            var c = new byte[46].AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(c, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(c[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(c[6..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(c[8..], flags);
            BinaryPrimitives.WriteUInt32LittleEndian(c[20..], (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(c[24..], claimedUncompressed ?? (uint)data.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(c[28..], (ushort)n.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(c[42..], (uint)local);
            central.Write(c);
            central.Write(n);
            count++;
        }

        long cdOffset = ms.Position - (prefix?.Length ?? 0);
        byte[] cd = central.ToArray();
        ms.Write(cd);
        if (zip64)
        {
            long z64 = ms.Position - (prefix?.Length ?? 0);
            var r = new byte[56];
            BinaryPrimitives.WriteUInt32LittleEndian(r, 0x06064b50);
            BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(4), 44);
            BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(24), (ulong)count);
            BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(32), (ulong)count);
            BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(40), (ulong)cd.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(48), (ulong)cdOffset);
            ms.Write(r);
            var loc = new byte[20];
            BinaryPrimitives.WriteUInt32LittleEndian(loc, 0x07064b50);
            BinaryPrimitives.WriteUInt64LittleEndian(loc.AsSpan(8), (ulong)z64);
            BinaryPrimitives.WriteUInt32LittleEndian(loc.AsSpan(16), 1);
            ms.Write(loc);
        }

        var e = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(e, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(8), zip64 ? (ushort)0xFFFF : (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(10), zip64 ? (ushort)0xFFFF : (ushort)count);
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(12), zip64 ? 0xFFFFFFFF : (uint)cd.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(16), zip64 ? 0xFFFFFFFF : (uint)cdOffset);
        ms.Write(e);
        return ms.ToArray();
    }

    public static (string, byte[]) Entry(string name, string content = "x") => (name, Encoding.UTF8.GetBytes(content));

    /// <summary>A CFB file: header, FAT in sector 0, directory in sectors 1.. (chained by <paramref name="dirChain"/>).</summary>
    /// <param name="streams">Stream names placed after the root entry.</param>
    /// <param name="rootClsid">Root storage CLSID (16 bytes) or null.</param>
    /// <param name="dirChain">FAT entries for the directory sectors, e.g. [0xFFFFFFFE] or a loop [1].</param>
    /// <param name="dirStart">The first directory sector written into the header.</param>
    /// <param name="sectorShift">The sector shift written into the header (9 is valid).</param>
    public static byte[] Cfb(string[] streams, byte[]? rootClsid = null, uint[]? dirChain = null, uint dirStart = 1, ushort sectorShift = 9)
    {
        dirChain ??= [0xFFFFFFFE];
        int dirSectors = Math.Max(1, dirChain.Length);
        var file = new byte[512 * (2 + dirSectors)];
        var h = file.AsSpan(0, 512);
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h[24..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(h[26..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(h[30..], sectorShift);
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(h[44..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h[48..], dirStart);
        BinaryPrimitives.WriteUInt32LittleEndian(h[56..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(h[60..], 0xFFFFFFFE);
        BinaryPrimitives.WriteUInt32LittleEndian(h[68..], 0xFFFFFFFE);
        for (int i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[(76 + (i * 4))..], i == 0 ? 0u : 0xFFFFFFFF);
        }

        var fat = file.AsSpan(512, 512);
        fat.Fill(0xFF);
        BinaryPrimitives.WriteUInt32LittleEndian(fat, 0xFFFFFFFD);
        for (int i = 0; i < dirChain.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fat[((1 + i) * 4)..], dirChain[i]);
        }

        var names = new List<(string Name, byte Kind)> { ("Root Entry", 5) };
        names.AddRange(streams.Select(s => (s, (byte)2)));
        for (int i = 0; i < names.Count && i < dirSectors * 4; i++)
        {
            var d = file.AsSpan(1024 + (i * 128), 128);
            var (name, kind) = names[i];
            for (int c = 0; c < name.Length && c < 31; c++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(d[(c * 2)..], name[c]);
            }

            BinaryPrimitives.WriteUInt16LittleEndian(d[64..], (ushort)((Math.Min(name.Length, 31) + 1) * 2));
            d[66] = kind;
            if (kind == 5 && rootClsid is not null)
            {
                rootClsid.CopyTo(d[80..]);
            }
        }

        return file;
    }

    public static readonly byte[] MsiClsid = [0x84, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];
}

/// <summary>A stream wrapper that counts bytes read and can pretend not to be seekable.</summary>
internal sealed class CountingStream(Stream inner, bool seekable) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => seekable;

    public override bool CanWrite => false;

    public override long Length => seekable ? inner.Length : throw new NotSupportedException();

    public override long Position
    {
        get => seekable ? inner.Position : throw new NotSupportedException();
        set
        {
            if (!seekable)
            {
                throw new NotSupportedException();
            }

            inner.Position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = inner.Read(buffer, offset, count);
        BytesRead += n;
        return n;
    }

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        BytesRead += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await inner.ReadAsync(buffer, cancellationToken);
        BytesRead += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => seekable ? inner.Seek(offset, origin) : throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
