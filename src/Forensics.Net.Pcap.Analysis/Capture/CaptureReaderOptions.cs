namespace Forensics.Net.Pcap.Analysis;

/// <summary>Options for <see cref="CaptureReader"/>. Every length read from a file is checked against these caps before anything is allocated.</summary>
public sealed class CaptureReaderOptions
{
    /// <summary>Gets the default options.</summary>
    public static CaptureReaderOptions Default { get; } = new();

    /// <summary>
    /// Gets the options the one-call analyses (<see cref="HttpCarver"/>, <see cref="ProtocolLog"/>) use when given none:
    /// the defaults with <see cref="CaptureStrictness.Lenient"/>, because a damaged capture should still yield what it holds.
    /// </summary>
    internal static CaptureReaderOptions LenientDefault { get; } = new() { Strictness = CaptureStrictness.Lenient };

    /// <summary>
    /// Gets the largest captured packet length accepted, in bytes. Default 4 MiB (libpcap's own limit is 256 KiB
    /// for most link types; D-Bus and USB captures can be larger). A record claiming more is a format error.
    /// </summary>
    public int MaxPacketLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Gets the largest pcapng block that is read into memory (section headers, interface descriptions,
    /// name resolution, packet blocks), in bytes. Default 16 MiB, as libpcap. Larger blocks of types the reader
    /// does not need (custom, statistics, unknown) are skipped without buffering; larger needed blocks are a format error.
    /// </summary>
    public int MaxBlockLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>Gets the size of the read buffer in bytes (default 256 KiB). The buffer only grows for a record larger than this.</summary>
    public int BufferSize { get; init; } = 256 * 1024;

    /// <summary>Gets how damaged input is handled. Default <see cref="CaptureStrictness.Strict"/>.</summary>
    public CaptureStrictness Strictness { get; init; } = CaptureStrictness.Strict;

    /// <summary>
    /// Gets a value indicating whether a gzip-compressed capture (magic <c>1F 8B</c>, e.g. <c>capture.pcap.gz</c>)
    /// is decompressed transparently. Default <see langword="true"/>.
    /// </summary>
    public bool DetectGzip { get; init; } = true;

    /// <summary>Gets the maximum number of issues kept in <see cref="CaptureReader.Issues"/> (default 1000); later ones are counted only.</summary>
    public int MaxIssues { get; init; } = 1000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPacketLength, 64, nameof(MaxPacketLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBlockLength, 64, nameof(MaxBlockLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(BufferSize, 4096, nameof(BufferSize));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxIssues, nameof(MaxIssues));
    }
}
