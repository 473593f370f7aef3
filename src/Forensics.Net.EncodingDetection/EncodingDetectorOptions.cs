namespace Forensics.Net.EncodingDetection;

/// <summary>
/// Options for <see cref="EncodingDetector"/>. Every property has a documented default; an instance is
/// immutable once built and may be shared between threads.
/// </summary>
public sealed class EncodingDetectorOptions
{
    /// <summary>Gets the default options.</summary>
    public static EncodingDetectorOptions Default { get; } = new();

    /// <summary>
    /// Gets the number of bytes a seekable stream may have before <see cref="EncodingDetector.Detect(Stream, EncodingDetectorOptions?)"/>
    /// stops reading all of it and samples its head, middle and tail instead. Default 256 MiB.
    /// Up to this size every byte is read (in chunks; memory stays bounded) so that UTF-8 is validated
    /// end to end and a single non-ASCII byte anywhere is seen. Non-seekable streams are always read fully
    /// up to <see cref="MaxBytesToRead"/>.
    /// </summary>
    public long FullScanLimit { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Gets the size of each region (head, middle, tail and the ones between) read from a seekable stream
    /// longer than <see cref="FullScanLimit"/>. Default 1 MiB; 16 regions are read.
    /// </summary>
    public int RegionSize { get; init; } = 1024 * 1024;

    /// <summary>
    /// Gets the most bytes read from a non-seekable stream. Default <see cref="long.MaxValue"/> (all of it).
    /// </summary>
    public long MaxBytesToRead { get; init; } = long.MaxValue;

    /// <summary>Gets the most alternatives reported on a result. Default 5.</summary>
    public int MaxAlternatives { get; init; } = 5;
}
