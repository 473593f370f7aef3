namespace Forensics.Net.Pcap.Analysis;

/// <summary>Options for <see cref="PcapWriter"/> and <see cref="PcapNgWriter"/>.</summary>
public sealed class CaptureWriterOptions
{
    /// <summary>Gets the default options: little-endian, microsecond timestamps, snapshot length 262144.</summary>
    public static CaptureWriterOptions Default { get; } = new();

    /// <summary>Gets the snapshot length written in the file header / interface descriptions (default 262144). Longer packets are cut to it.</summary>
    public int SnapLength { get; init; } = 262_144;

    /// <summary>
    /// Gets a value indicating whether timestamps are written with nanosecond resolution
    /// (pcap magic <c>A1B23C4D</c>; pcapng <c>if_tsresol</c> = 9). Default <see langword="false"/> (microseconds).
    /// </summary>
    public bool Nanoseconds { get; init; }

    /// <summary>Gets a value indicating whether the file is written big-endian (default little-endian). Readers handle both.</summary>
    public bool BigEndian { get; init; }

    /// <summary>Gets the application name written as pcapng <c>shb_userappl</c> (pcapng only; <see langword="null"/> to omit).</summary>
    public string? Application { get; init; } = "Forensics.Net.Pcap.Analysis";

    /// <summary>Gets the size of the write buffer in bytes (default 64 KiB).</summary>
    public int BufferSize { get; init; } = 64 * 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SnapLength, nameof(SnapLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(BufferSize, 256, nameof(BufferSize));
    }
}
