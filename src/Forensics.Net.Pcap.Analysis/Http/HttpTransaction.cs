namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// One HTTP request and its response on a reassembled connection. Fields fill in as the exchange progresses;
/// they are final when <see cref="HttpTransactionHandler.OnCompleted"/> is called.
/// </summary>
public sealed class HttpTransaction
{
    internal HttpTransaction(TcpConnection connection, long sequence)
    {
        Connection = connection;
        Sequence = sequence;
    }

    /// <summary>Gets the connection.</summary>
    public TcpConnection Connection { get; }

    /// <summary>Gets the position of this exchange on its connection (0 for the first).</summary>
    public long Sequence { get; }

    /// <summary>Gets the request, or <see langword="null"/> when the response had no captured request.</summary>
    public HttpRequestHead? Request { get; internal set; }

    /// <summary>Gets the response, or <see langword="null"/> when no response was captured.</summary>
    public HttpResponseHead? Response { get; internal set; }

    /// <summary>Gets the trailer fields of a chunked response (empty when none).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Trailers { get; internal set; } = [];

    /// <summary>Gets a value indicating whether the response has a body by its framing (not HEAD, not 1xx/204/304).</summary>
    public bool HasResponseBody { get; internal set; }

    /// <summary>Gets the number of body bytes of the request (after de-chunking).</summary>
    public long RequestBodyLength { get; internal set; }

    /// <summary>Gets the number of response body bytes after de-chunking, before content decoding.</summary>
    public long EncodedBodyLength { get; internal set; }

    /// <summary>Gets the number of response body bytes after content decoding (what <see cref="Sha256"/> covers).</summary>
    public long BodyLength { get; internal set; }

    /// <summary>Gets the number of response body bytes missing from the capture (TCP gaps inside the body).</summary>
    public long MissingBytes { get; internal set; }

    /// <summary>Gets the SHA-256 of the decoded response body, or <see langword="null"/> when the body was not wanted or hashing is off.</summary>
    public byte[]? Sha256 { get; internal set; }

    /// <summary>Gets the SHA-256 of the body as sent (before content decoding) when a content coding was decoded; otherwise <see langword="null"/>.</summary>
    public byte[]? EncodedSha256 { get; internal set; }

    /// <summary>Gets a value indicating whether the content coding was decoded.</summary>
    public bool IsDecoded { get; internal set; }

    /// <summary>Gets the capture time of the last byte of the response (or of the request when there is no response).</summary>
    public DateTimeOffset LastTimestamp { get; internal set; }

    /// <summary>Gets a value indicating whether the response was received completely without missing bytes or problems that alter its body.</summary>
    public bool IsComplete { get; internal set; }

    /// <summary>Gets the problems found.</summary>
    public HttpProblems Problems { get; internal set; }

    /// <summary>Gets the full URL: <c>http://host[:port]/target</c> (the Host header, or the server address when absent).</summary>
    public string? Url
    {
        get
        {
            if (Request is null)
            {
                return null;
            }

            string target = Request.Target;
            if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                return target;
            }

            string host = Request.Host ?? (Connection.Server.Port == 80 ? Connection.Server.Address.ToString() : Connection.Server.ToString());
            return "http://" + host + (target.StartsWith('/') ? target : "/" + target);
        }
    }

    internal bool CompletedResponse { get; set; }

    internal bool Reported { get; set; }

    internal bool AwaitsRequest { get; set; }
}
