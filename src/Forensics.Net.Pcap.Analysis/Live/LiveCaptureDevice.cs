namespace Forensics.Net.Pcap.Analysis;

/// <summary>A network interface that <see cref="LiveCapture"/> can capture on.</summary>
public sealed class LiveCaptureDevice
{
    internal LiveCaptureDevice(string name, string? description, bool isLoopback)
    {
        Name = name;
        Description = description;
        IsLoopback = isLoopback;
    }

    /// <summary>Gets the device name to pass to <see cref="LiveCapture.Open"/> (e.g. <c>eth0</c>, <c>lo</c>, <c>any</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the description libpcap gives, if any.</summary>
    public string? Description { get; }

    /// <summary>Gets a value indicating whether this is a loopback interface.</summary>
    public bool IsLoopback { get; }

    /// <inheritdoc />
    public override string ToString() => Description is null ? Name : $"{Name} ({Description})";
}
