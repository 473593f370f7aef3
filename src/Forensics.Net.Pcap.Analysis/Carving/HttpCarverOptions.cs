using System.Text.RegularExpressions;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// What <see cref="HttpCarver"/> keeps and where it writes. Filters combine with AND; within one list any entry matches.
/// A <see langword="null"/> filter matches everything.
/// </summary>
public sealed class HttpCarverOptions
{
    /// <summary>Gets the default options: every response body, nothing written, bodies not kept.</summary>
    public static HttpCarverOptions Default { get; } = new();

    /// <summary>Gets the request methods to keep (case-insensitive), e.g. <c>["GET"]</c>.</summary>
    public IReadOnlyCollection<string>? Methods { get; init; }

    /// <summary>Gets a pattern the full URL must match (searched, not anchored), e.g. <c>new Regex(@"\.gif", RegexOptions.IgnoreCase)</c>.</summary>
    public Regex? UriPattern { get; init; }

    /// <summary>
    /// Gets file extensions to keep, without dots (case-insensitive), e.g. <c>["gif", "jpg"]</c>. An entry matches when the URL
    /// path ends with it, or when the URL has no extension and the Content-Type maps to it.
    /// </summary>
    public IReadOnlyCollection<string>? Extensions { get; init; }

    /// <summary>Gets content types to keep (prefix match, case-insensitive), e.g. <c>["image/", "application/pdf"]</c>.</summary>
    public IReadOnlyCollection<string>? ContentTypes { get; init; }

    /// <summary>Gets hosts to keep (the Host header without port, or the server address; case-insensitive).</summary>
    public IReadOnlyCollection<string>? Hosts { get; init; }

    /// <summary>Gets status codes to keep, e.g. <c>[200, 206]</c>.</summary>
    public IReadOnlyCollection<int>? StatusCodes { get; init; }

    /// <summary>Gets a value indicating whether bodies cut short (truncated, gaps, decoding problems) are kept (default <see langword="true"/>; check <see cref="CarvedHttpFile.IsComplete"/>).</summary>
    public bool IncludeIncomplete { get; init; } = true;

    /// <summary>
    /// Gets the directory to write decoded bodies to (created when missing), or <see langword="null"/> to write nothing.
    /// Files are named from <see cref="CarvedHttpFile.SuggestedFileName"/>; existing files are never overwritten
    /// (<c>name (2).ext</c>, <c>name (3).ext</c>… without limit).
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Gets a value indicating whether decoded bodies are kept in memory on <see cref="CarvedHttpFile.Body"/> (default <see langword="false"/>).</summary>
    public bool KeepBodies { get; init; }

    /// <summary>Gets the largest body kept in memory when <see cref="KeepBodies"/> is set (default 64 MiB); larger bodies get a <see langword="null"/> <see cref="CarvedHttpFile.Body"/>.</summary>
    public int MaxKeptBodyBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Gets the capture reader options, or <see langword="null"/> for lenient defaults.</summary>
    public CaptureReaderOptions? Capture { get; init; }

    /// <summary>Gets the TCP reassembly limits, or <see langword="null"/> for the defaults.</summary>
    public TcpReassemblerOptions? Reassembly { get; init; }

    /// <summary>Gets the HTTP parsing limits, or <see langword="null"/> for the defaults.</summary>
    public HttpStreamAnalyzerOptions? Http { get; init; }
}
