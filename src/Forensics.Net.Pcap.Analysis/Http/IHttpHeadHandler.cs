namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Receives the parts of an HTTP/1.x message head from <see cref="HttpHeadParser"/> as spans over the input
/// (valid only during the call), so that parsing allocates nothing. Implement it on a struct to avoid boxing.
/// </summary>
public interface IHttpHeadHandler
{
    /// <summary>Called with the request line (RFC 9112 section 3).</summary>
    /// <param name="method">The method token.</param>
    /// <param name="target">The request target as sent.</param>
    /// <param name="version">The protocol version, e.g. <c>HTTP/1.1</c>.</param>
    void OnRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, ReadOnlySpan<byte> version);

    /// <summary>Called with the status line (RFC 9112 section 4).</summary>
    /// <param name="version">The protocol version, e.g. <c>HTTP/1.1</c>.</param>
    /// <param name="statusCode">The three-digit status code.</param>
    /// <param name="reasonPhrase">The reason phrase (may be empty).</param>
    void OnStatusLine(ReadOnlySpan<byte> version, int statusCode, ReadOnlySpan<byte> reasonPhrase);

    /// <summary>Called once per header field line (RFC 9112 section 5), in order; the value has no leading or trailing whitespace.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}
