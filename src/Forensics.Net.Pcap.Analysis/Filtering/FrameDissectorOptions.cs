namespace Forensics.Net.Pcap.Analysis;

/// <summary>Options of a <see cref="FrameDissector"/>.</summary>
public sealed class FrameDissectorOptions
{
    /// <summary>Gets the default options.</summary>
    public static FrameDissectorOptions Default { get; } = new();

    /// <summary>
    /// Gets a value indicating whether TCP payloads are reassembled and parsed as HTTP and TLS, and UDP payloads as DNS
    /// (default <see langword="true"/>). Header-only filters run faster without it.
    /// </summary>
    public bool DissectApplicationLayers { get; init; } = true;

    /// <summary>Gets a value indicating whether the capture has interface ids (pcapng), so that <c>frame.interface_id</c> exists (default <see langword="false"/>, as for pcap).</summary>
    public bool HasInterfaceIds { get; init; }
}
