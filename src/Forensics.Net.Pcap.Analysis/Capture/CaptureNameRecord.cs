using System.Net;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// One address-to-name entry of a pcapng Name Resolution Block (draft-ietf-opsawg-pcapng section 4.5): the name
/// resolution the capturing tool knew for an address, often a DNS answer seen at capture time.
/// </summary>
public sealed class CaptureNameRecord
{
    internal CaptureNameRecord(IPAddress address, string name, long offset)
    {
        Address = address;
        Name = name;
        Offset = offset;
    }

    /// <summary>Gets the IPv4 or IPv6 address.</summary>
    public IPAddress Address { get; }

    /// <summary>Gets the name.</summary>
    public string Name { get; }

    /// <summary>Gets the byte offset of the Name Resolution Block in the capture.</summary>
    public long Offset { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Address} {Name}";
}
