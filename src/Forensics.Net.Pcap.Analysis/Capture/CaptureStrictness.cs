namespace Forensics.Net.Pcap.Analysis;

/// <summary>How a <see cref="CaptureReader"/> reacts to damaged input.</summary>
public enum CaptureStrictness
{
    /// <summary>
    /// Throw a <see cref="PcapFormatException"/> (with the byte offset) at the first structural problem:
    /// a truncated record, an impossible length, a block whose trailing length differs from its leading length.
    /// </summary>
    Strict = 0,

    /// <summary>
    /// Record each problem in <see cref="CaptureReader.Issues"/> and carry on where the format allows
    /// (a damaged pcapng block with consistent lengths is skipped); when the reader can no longer find the
    /// next record (a truncated file, an absurd record length in classic pcap) it reports the problem and
    /// ends the capture instead of throwing. A bad file header is still an exception: there is nothing to read.
    /// </summary>
    Lenient = 1,
}
