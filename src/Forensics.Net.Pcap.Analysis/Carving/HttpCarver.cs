using System.Globalization;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// One-call extraction of the files downloaded over HTTP in a capture, like Wireshark's "Export Objects → HTTP":
/// reads any capture <see cref="CaptureReader"/> reads (pcap, pcapng, every supported link type), reassembles TCP,
/// parses HTTP/1.x, decodes chunked and gzip/deflate/br bodies and returns one <see cref="CarvedHttpFile"/> per
/// response body with its SHA-256, optionally written to a directory or kept in memory.
/// </summary>
/// <remarks>Memory stays bounded by the reassembly and HTTP limits in <see cref="HttpCarverOptions"/>, whatever the capture size.</remarks>
/// <example>
/// <code>
/// HttpCarveResult result = HttpCarver.CarveFile("capture.pcapng", new HttpCarverOptions
/// {
///     Extensions = ["gif", "jpg"],
///     OutputDirectory = "carved",
/// });
/// foreach (CarvedHttpFile file in result.Files)
///     Console.WriteLine($"{file.Client} downloaded {file.Uri} from {file.Server}: {file.Sha256} -> {file.FilePath}");
/// </code>
/// </example>
public static class HttpCarver
{
    /// <summary>Carves the HTTP response bodies of a capture file.</summary>
    /// <param name="capturePath">The pcap or pcapng file (gzip-compressed is fine).</param>
    /// <param name="options">Filters and outputs, or <see langword="null"/> for <see cref="HttpCarverOptions.Default"/>.</param>
    /// <returns>The carved files, the request log and the problems found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="capturePath"/> is <see langword="null"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="PcapFormatException">The file is not a capture (or is damaged and <see cref="HttpCarverOptions.Capture"/> is strict).</exception>
    /// <exception cref="IOException">Reading the capture or writing to <see cref="HttpCarverOptions.OutputDirectory"/> failed.</exception>
    public static HttpCarveResult CarveFile(string capturePath, HttpCarverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(capturePath);
        options ??= HttpCarverOptions.Default;
        using CaptureReader reader = CaptureReader.Open(capturePath, CaptureOptions(options));
        return Carve(reader, options);
    }

    /// <summary>Carves the HTTP response bodies of a capture read from a stream (which is left open).</summary>
    /// <param name="capture">The pcap or pcapng bytes; need not be seekable.</param>
    /// <param name="options">Filters and outputs, or <see langword="null"/> for <see cref="HttpCarverOptions.Default"/>.</param>
    /// <returns>The carved files, the request log and the problems found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="capture"/> is <see langword="null"/>.</exception>
    /// <exception cref="PcapFormatException">The stream is not a capture (or is damaged and <see cref="HttpCarverOptions.Capture"/> is strict).</exception>
    /// <exception cref="IOException">Reading the capture or writing to <see cref="HttpCarverOptions.OutputDirectory"/> failed.</exception>
    public static HttpCarveResult Carve(Stream capture, HttpCarverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(capture);
        options ??= HttpCarverOptions.Default;
        using CaptureReader reader = CaptureReader.Create(capture, CaptureOptions(options), leaveOpen: true);
        return Carve(reader, options);
    }

    internal static HttpCarveResult Carve(CaptureReader reader, HttpCarverOptions options)
    {
        using var handler = new CarvingHandler(options);

        // Bodies are hashed by the carver's worker thread, not by the analyzer.
        HttpStreamAnalyzerOptions http = options.Http ?? HttpStreamAnalyzerOptions.Default;
        var analyzer = new HttpStreamAnalyzer(handler, new HttpStreamAnalyzerOptions
        {
            MaxHeadBytes = http.MaxHeadBytes,
            DecodeContent = http.DecodeContent,
            MaxEncodedBodyBytes = http.MaxEncodedBodyBytes,
            MaxDecodedBodyBytes = http.MaxDecodedBodyBytes,
            MaxPendingRequests = http.MaxPendingRequests,
            ComputeSha256 = false,
        });
        using var reassembler = new TcpReassembler(analyzer, options.Reassembly);
        long packets = 0;
        while (reader.ReadNext())
        {
            packets++;
            CaptureRecord record = reader.Current;
            handler.CurrentOffset = record.Offset;
            var packet = new PacketView(record);
            reassembler.Process(in packet, record.Timestamp);
        }

        // Issues found when the capture ends (connections closed at the end, summaries) are at its end.
        handler.CurrentOffset = reader.Position;
        reassembler.Complete();
        handler.Finish();
        foreach (CaptureIssue issue in reader.Issues)
        {
            handler.AddIssue(new CaptureIssue(issue.Offset, "capture: " + issue.Message));
        }

        TcpReassemblerStatistics stats = reassembler.Statistics;
        if (stats.Gaps > 0)
        {
            handler.AddIssue(string.Create(CultureInfo.InvariantCulture, $"tcp: {stats.Gaps} gaps, {stats.GapBytes} bytes missing from the capture"));
        }

        if (stats.BufferOverflows > 0)
        {
            handler.AddIssue(string.Create(CultureInfo.InvariantCulture, $"tcp: reassembly buffer limit reached {stats.BufferOverflows} times"));
        }

        if (stats.OverlapConflicts > 0)
        {
            handler.AddIssue(string.Create(CultureInfo.InvariantCulture, $"tcp: {stats.OverlapConflicts} overlapping segments with different bytes ({(options.Reassembly ?? TcpReassemblerOptions.Default).OverlapPolicy})"));
        }

        handler.SummarizeIssues();
        List<CarvedHttpFile> files = handler.Files;
        files.Sort(static (a, b) =>
        {
            int c = (a.RequestTimestamp ?? a.ResponseTimestamp).CompareTo(b.RequestTimestamp ?? b.ResponseTimestamp);
            c = c != 0 ? c : a.ConnectionId.CompareTo(b.ConnectionId);
            return c != 0 ? c : a.TransactionIndex.CompareTo(b.TransactionIndex);
        });
        List<HttpRequestLogEntry> requests = handler.Requests;
        requests.Sort(static (a, b) =>
        {
            int c = a.Timestamp.CompareTo(b.Timestamp);
            c = c != 0 ? c : a.ConnectionId.CompareTo(b.ConnectionId);
            return c != 0 ? c : a.TransactionIndex.CompareTo(b.TransactionIndex);
        });
        return new HttpCarveResult(files, requests, handler.Issues, packets, stats);
    }

    private static CaptureReaderOptions CaptureOptions(HttpCarverOptions options) =>
        options.Capture ?? CaptureReaderOptions.LenientDefault;
}
