using System.Buffers.Binary;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// The one walk over a pcapng option list (pcapng draft section 3.5: 16-bit code, 16-bit length, value padded to
/// 32 bits, ended by <c>opt_endofopt</c> or the end of the block). Name resolution records (section 4.5) share the
/// layout and are walked with it too.
/// </summary>
internal ref struct PcapNgOptionWalker
{
    private readonly bool _bigEndian;
    private ReadOnlySpan<byte> _rest;

    public PcapNgOptionWalker(ReadOnlySpan<byte> options, bool bigEndian)
    {
        _rest = options;
        _bigEndian = bigEndian;
    }

    /// <summary>Gets a value indicating whether the walk stopped at an option whose length overruns the block.</summary>
    public bool Overran { get; private set; }

    /// <summary>Gets the code of the option that overran the block.</summary>
    public ushort OverrunCode { get; private set; }

    /// <summary>Gets the length claimed by the option that overran the block.</summary>
    public int OverrunLength { get; private set; }

    /// <summary>Reads the next option.</summary>
    /// <param name="code">The option code.</param>
    /// <param name="value">The option value, without padding.</param>
    /// <returns><see langword="false"/> at <c>opt_endofopt</c>, at the end of the list, or at an option that overruns it (<see cref="Overran"/>).</returns>
    public bool TryReadNext(out ushort code, out ReadOnlySpan<byte> value)
    {
        value = default;
        code = 0;
        if (_rest.Length < 4)
        {
            return false;
        }

        code = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_rest) : BinaryPrimitives.ReadUInt16LittleEndian(_rest);
        int length = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]);
        if (code == 0)
        {
            return false;
        }

        if (length > _rest.Length - 4)
        {
            Overran = true;
            OverrunCode = code;
            OverrunLength = length;
            return false;
        }

        value = _rest.Slice(4, length);
        int advance = 4 + ((length + 3) & ~3);
        _rest = advance > _rest.Length ? default : _rest[advance..];
        return true;
    }
}
