namespace Forensics.Net.Pcap.Analysis;

/// <summary>What <see cref="HttpCarver.CarveFile(string, HttpCarverOptions?)"/> found in a capture.</summary>
public sealed class HttpCarveResult
{
    internal HttpCarveResult(
        IReadOnlyList<CarvedHttpFile> files,
        IReadOnlyList<HttpRequestLogEntry> requests,
        IReadOnlyList<CaptureIssue> issues,
        long packets,
        TcpReassemblerStatistics reassembly)
    {
        Files = files;
        Requests = requests;
        Issues = issues;
        Packets = packets;
        Reassembly = reassembly;
    }

    /// <summary>Gets the carved response bodies that passed the filters, in order of their requests.</summary>
    public IReadOnlyList<CarvedHttpFile> Files { get; }

    /// <summary>Gets every HTTP request seen (not filtered), in capture order: the request log.</summary>
    public IReadOnlyList<HttpRequestLogEntry> Requests { get; }

    /// <summary>
    /// Gets the damage tolerated on the way: capture issues (<c>capture: …</c>), streams that stopped parsing, incomplete
    /// bodies and reassembly limits (<c>tcp: …</c>). <see cref="CaptureIssue.Offset"/> is the byte offset of the capture
    /// record being processed when the issue was found (for summaries: the end of the capture).
    /// </summary>
    public IReadOnlyList<CaptureIssue> Issues { get; }

    /// <summary>Gets the number of capture records read.</summary>
    public long Packets { get; }

    /// <summary>Gets the TCP reassembly counters (gaps, retransmissions, overlaps, overflows).</summary>
    public TcpReassemblerStatistics Reassembly { get; }
}
