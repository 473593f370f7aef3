namespace Forensics.Net.Pcap.Analysis;

/// <summary>A problem found and tolerated by a <see cref="CaptureReader"/> in <see cref="CaptureStrictness.Lenient"/> mode.</summary>
public sealed class CaptureIssue
{
    internal CaptureIssue(long offset, string message)
    {
        Offset = offset;
        Message = message;
    }

    /// <summary>Gets the byte offset in the (decompressed) capture where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>Gets what is wrong and what the reader did about it.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Message} (at byte offset {Offset})";
}
