namespace Forensics.Net.Pcap.Analysis;

/// <summary>What <see cref="HttpCarver.Carve(string, HttpCarverOptions?)"/> found in a capture.</summary>
public sealed class HttpCarveResult
{
    internal HttpCarveResult(
        IReadOnlyList<CarvedHttpFile> files,
        IReadOnlyList<HttpRequestLogEntry> requests,
        IReadOnlyList<string> problems,
        long packets,
        TcpReassemblerStatistics reassembly)
    {
        Files = files;
        Requests = requests;
        Problems = problems;
        Packets = packets;
        Reassembly = reassembly;
    }

    /// <summary>Gets the carved response bodies that passed the filters, in order of their requests.</summary>
    public IReadOnlyList<CarvedHttpFile> Files { get; }

    /// <summary>Gets every HTTP request seen (not filtered), in capture order: the request log.</summary>
    public IReadOnlyList<HttpRequestLogEntry> Requests { get; }

    /// <summary>Gets human-readable notes on damaged input (capture issues, streams that stopped parsing, limits reached).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Gets the number of capture records read.</summary>
    public long Packets { get; }

    /// <summary>Gets the TCP reassembly counters (gaps, retransmissions, overlaps, overflows).</summary>
    public TcpReassemblerStatistics Reassembly { get; }
}
