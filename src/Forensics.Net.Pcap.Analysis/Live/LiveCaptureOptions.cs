namespace Forensics.Net.Pcap.Analysis;

/// <summary>Options for <see cref="LiveCapture.Open"/>.</summary>
public sealed class LiveCaptureOptions
{
    /// <summary>Gets a BPF filter expression (pcap-filter(7) syntax, e.g. <c>tcp port 443</c>), or <see langword="null"/> for every packet.</summary>
    public string? Filter { get; init; }

    /// <summary>Gets a value indicating whether the interface is put in promiscuous mode (default <see langword="false"/>).</summary>
    public bool Promiscuous { get; init; }

    /// <summary>Gets the snapshot length (default 262144).</summary>
    public int SnapLength { get; init; } = 262_144;

    /// <summary>Gets how long one native read waits before checking for cancellation (default 100 ms).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromMilliseconds(100);
}
