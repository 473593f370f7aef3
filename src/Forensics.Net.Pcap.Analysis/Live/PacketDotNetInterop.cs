using PacketDotNet;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>Hands records to PacketDotNet for the protocols <see cref="PacketView"/> does not decode.</summary>
public static class PacketDotNetInterop
{
    /// <summary>Parses a record with <c>PacketDotNet.Packet.ParsePacket</c> (copies the bytes, so the packet outlives the record).</summary>
    /// <param name="record">The record.</param>
    /// <returns>The PacketDotNet packet tree.</returns>
    /// <exception cref="PcapFormatException">PacketDotNet failed on the bytes (it throws on some malformed packets); the inner exception is PacketDotNet's, the offset the record's.</exception>
    /// <example><code>if (record.ToPacket().Extract&lt;PacketDotNet.DnsPacket&gt;() is { } dns) { /* ... */ }</code></example>
    public static Packet ToPacket(this CaptureRecord record)
    {
        try
        {
            return Packet.ParsePacket((LinkLayers)(int)record.LinkType, record.Data.ToArray());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new PcapFormatException($"PacketDotNet could not parse packet {record.Number}: {ex.Message}", record.Offset, ex);
        }
    }
}
