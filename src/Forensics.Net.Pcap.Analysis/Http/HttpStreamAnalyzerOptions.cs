namespace Forensics.Net.Pcap.Analysis;

/// <summary>Limits and switches of an <see cref="HttpStreamAnalyzer"/>. Every limit bounds memory; reaching one is reported on the transaction.</summary>
public sealed class HttpStreamAnalyzerOptions
{
    /// <summary>Gets the default options.</summary>
    public static HttpStreamAnalyzerOptions Default { get; } = new();

    /// <summary>Gets the largest message head (start line and header fields) accepted (default 64 KiB); beyond it the direction is given up (<see cref="HttpProblems.HeadTooLarge"/>).</summary>
    public int MaxHeadBytes { get; init; } = HttpHeadParser.DefaultMaxHeadBytes;

    /// <summary>Gets a value indicating whether gzip, deflate and br content codings are decoded (default <see langword="true"/>). When <see langword="false"/> bodies are given as sent (after de-chunking).</summary>
    public bool DecodeContent { get; init; } = true;

    /// <summary>Gets the largest content-coded body buffered for decoding (default 64 MiB).</summary>
    public int MaxEncodedBodyBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Gets the most bytes one content-coded body may decode to (default 1 GiB): the cap against decompression bombs.</summary>
    public long MaxDecodedBodyBytes { get; init; } = 1L << 30;

    /// <summary>Gets the most requests of one connection waiting for their responses (default 1024).</summary>
    public int MaxPendingRequests { get; init; } = 1024;

    /// <summary>Gets a value indicating whether the SHA-256 of each wanted response body is computed (default <see langword="true"/>).</summary>
    public bool ComputeSha256 { get; init; } = true;
}
