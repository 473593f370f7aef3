using System.Globalization;
using System.Net;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>One HTTP request seen in a capture, with the outcome of its response: a line of a web-server-style request log.</summary>
public sealed class HttpRequestLogEntry
{
    internal HttpRequestLogEntry(HttpTransaction tx)
    {
        HttpRequestHead request = tx.Request!;
        Client = tx.Connection.Client;
        Server = tx.Connection.Server;
        ConnectionId = tx.Connection.Id;
        TransactionIndex = tx.Sequence;
        Timestamp = request.Timestamp;
        Method = request.Method;
        Target = request.Target;
        Version = request.Version;
        Host = request.Host;
        Url = tx.Url!;
        UserAgent = request.GetHeader("User-Agent");
        Referer = request.GetHeader("Referer");
        StatusCode = tx.Response?.StatusCode;
        ResponseBytes = tx.Response is null ? null : tx.EncodedBodyLength;
    }

    /// <summary>Gets the client address and port.</summary>
    public IPEndPoint Client { get; }

    /// <summary>Gets the server address and port.</summary>
    public IPEndPoint Server { get; }

    /// <summary>Gets the reassembler's connection number (<see cref="TcpConnection.Id"/>).</summary>
    public long ConnectionId { get; }

    /// <summary>Gets the position of the exchange on its connection (0 for the first).</summary>
    public long TransactionIndex { get; }

    /// <summary>Gets the capture time of the request.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the method.</summary>
    public string Method { get; }

    /// <summary>Gets the request target as sent.</summary>
    public string Target { get; }

    /// <summary>Gets the protocol version.</summary>
    public string Version { get; }

    /// <summary>Gets the Host header.</summary>
    public string? Host { get; }

    /// <summary>Gets the full URL.</summary>
    public string Url { get; }

    /// <summary>Gets the User-Agent header.</summary>
    public string? UserAgent { get; }

    /// <summary>Gets the Referer header.</summary>
    public string? Referer { get; }

    /// <summary>Gets the response status, or <see langword="null"/> when no response was captured.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the response body size as sent, or <see langword="null"/> when no response was captured.</summary>
    public long? ResponseBytes { get; }

    /// <summary>Formats the entry in the Combined Log Format (Apache/nginx): <c>client - - [time] "request" status bytes "referer" "user-agent"</c>.</summary>
    /// <returns>One log line.</returns>
    public override string ToString()
    {
        string time = Timestamp.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture);
        string status = StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-";
        string bytes = ResponseBytes?.ToString(CultureInfo.InvariantCulture) ?? "-";
        return $"{Client.Address} - - [{time}] \"{Method} {Target} {Version}\" {status} {bytes} \"{Referer ?? "-"}\" \"{UserAgent ?? "-"}\"";
    }
}
