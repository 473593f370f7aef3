namespace Forensics.Net.Pcap.Analysis;

/// <summary>What <see cref="ProtocolLog"/> found.</summary>
public sealed class ProtocolLogResult
{
    internal ProtocolLogResult(IReadOnlyList<DnsLogEntry> dns, IReadOnlyList<TlsLogEntry> tls, IReadOnlyList<HttpRequestLogEntry> http, IReadOnlyList<CaptureIssue> issues, long packets)
    {
        Dns = dns;
        Tls = tls;
        Http = http;
        Issues = issues;
        Packets = packets;
    }

    /// <summary>Gets the DNS messages (queries and responses), in capture order per transport.</summary>
    public IReadOnlyList<DnsLogEntry> Dns { get; }

    /// <summary>Gets the TLS ClientHellos, one per connection that started with one.</summary>
    public IReadOnlyList<TlsLogEntry> Tls { get; }

    /// <summary>Gets the HTTP requests, in capture order.</summary>
    public IReadOnlyList<HttpRequestLogEntry> Http { get; }

    /// <summary>
    /// Gets the damage tolerated on the way: capture issues (<c>capture: …</c>, at their byte offset) and the count of
    /// malformed DNS messages skipped (<c>dns: …</c>, at the end of the capture).
    /// </summary>
    public IReadOnlyList<CaptureIssue> Issues { get; }

    /// <summary>Gets the number of capture records read.</summary>
    public long Packets { get; }
}
