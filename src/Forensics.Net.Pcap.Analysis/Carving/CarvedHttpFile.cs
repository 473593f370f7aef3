using System.Net;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// One HTTP response body carved from a capture by <see cref="HttpCarver"/>: who downloaded what from where, when,
/// how it was framed and encoded, its decoded size and SHA-256, a safe file name and, when asked, the written file
/// or the bytes.
/// </summary>
public sealed class CarvedHttpFile
{
    internal CarvedHttpFile(HttpTransaction tx, string suggestedFileName, string? filePath, ReadOnlyMemory<byte>? body)
    {
        TcpConnection c = tx.Connection;
        HttpResponseHead response = tx.Response!;
        Client = c.Client;
        Server = c.Server;
        ConnectionId = c.Id;
        TransactionIndex = tx.Sequence;
        RequestTimestamp = tx.Request?.Timestamp;
        ResponseTimestamp = response.Timestamp;
        LastTimestamp = tx.LastTimestamp;
        Method = tx.Request?.Method;
        Host = tx.Request?.Host;
        Target = tx.Request?.Target;
        Uri = tx.Url;
        StatusCode = response.StatusCode;
        ContentType = response.ContentType;
        ContentEncoding = response.ContentEncoding;
        TransferEncoding = response.TransferEncoding;
        ContentRange = response.ContentRange;
        Size = tx.BodyLength;
        EncodedSize = tx.EncodedBodyLength;
        MissingBytes = tx.MissingBytes;
        Sha256 = tx.Sha256 is null ? string.Empty : Convert.ToHexStringLower(tx.Sha256);
        SuggestedFileName = suggestedFileName;
        FilePath = filePath;
        Body = body;
        IsComplete = tx.IsComplete;
        Problems = tx.Problems;
        Transaction = tx;
    }

    /// <summary>Gets the client (downloader) address and port.</summary>
    public IPEndPoint Client { get; }

    /// <summary>Gets the server address and port.</summary>
    public IPEndPoint Server { get; }

    /// <summary>Gets the reassembler's connection number (<see cref="TcpConnection.Id"/>).</summary>
    public long ConnectionId { get; }

    /// <summary>Gets the position of the exchange on its connection (0 for the first).</summary>
    public long TransactionIndex { get; }

    /// <summary>Gets the capture time of the request, or <see langword="null"/> when it was not captured.</summary>
    public DateTimeOffset? RequestTimestamp { get; }

    /// <summary>Gets the capture time of the response head.</summary>
    public DateTimeOffset ResponseTimestamp { get; }

    /// <summary>Gets the capture time of the last body byte.</summary>
    public DateTimeOffset LastTimestamp { get; }

    /// <summary>Gets the request method, or <see langword="null"/> when the request was not captured.</summary>
    public string? Method { get; }

    /// <summary>Gets the Host header of the request.</summary>
    public string? Host { get; }

    /// <summary>Gets the request target as sent (e.g. <c>/img/logo.gif?x=1</c>).</summary>
    public string? Target { get; }

    /// <summary>Gets the full URL (<c>http://host/target</c>), or <see langword="null"/> when the request was not captured.</summary>
    public string? Uri { get; }

    /// <summary>Gets the response status code.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the Content-Type header.</summary>
    public string? ContentType { get; }

    /// <summary>Gets the Content-Encoding header.</summary>
    public string? ContentEncoding { get; }

    /// <summary>Gets the Transfer-Encoding header.</summary>
    public string? TransferEncoding { get; }

    /// <summary>Gets the Content-Range header (206 responses).</summary>
    public string? ContentRange { get; }

    /// <summary>Gets the size of the decoded body in bytes.</summary>
    public long Size { get; }

    /// <summary>Gets the size of the body as sent (after de-chunking, before content decoding).</summary>
    public long EncodedSize { get; }

    /// <summary>Gets the number of body bytes missing from the capture (filled with zeros in the written file).</summary>
    public long MissingBytes { get; }

    /// <summary>Gets the SHA-256 of the decoded body as lowercase hex (empty when hashing was off).</summary>
    public string Sha256 { get; }

    /// <summary>Gets a file name safe on every platform, derived from the URI (and the content type when the URI has no extension).</summary>
    public string SuggestedFileName { get; }

    /// <summary>Gets the full path of the written body when <see cref="HttpCarverOptions.OutputDirectory"/> was set; otherwise <see langword="null"/>.</summary>
    public string? FilePath { get; }

    /// <summary>Gets the decoded body when <see cref="HttpCarverOptions.KeepBodies"/> was set and it fitted; otherwise <see langword="null"/>.</summary>
    public ReadOnlyMemory<byte>? Body { get; }

    /// <summary>Gets a value indicating whether the body was received completely and decoded without problems.</summary>
    public bool IsComplete { get; }

    /// <summary>Gets the problems found.</summary>
    public HttpProblems Problems { get; }

    /// <summary>Gets the underlying exchange (all request and response headers).</summary>
    public HttpTransaction Transaction { get; }

    /// <summary>Returns <c>CLIENT downloaded URI from SERVER</c>.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"{Client.Address} downloaded {Uri ?? "?"} from {Server.Address} ({Size} bytes, {StatusCode})";
}
