namespace Forensics.Net.Pcap.Analysis;

/// <summary>The parsed head of an HTTP request or response: header fields in order, with case-insensitive look-up.</summary>
public abstract class HttpMessageHead
{
    private protected HttpMessageHead(string version, IReadOnlyList<KeyValuePair<string, string>> headers, DateTimeOffset timestamp)
    {
        Version = version;
        Headers = headers;
        Timestamp = timestamp;
    }

    /// <summary>Gets the protocol version, e.g. <c>HTTP/1.1</c>.</summary>
    public string Version { get; }

    /// <summary>Gets the header fields in the order sent (names as sent; values decoded as Latin-1).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Gets the capture time of the segment that carried the start of the head.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the first value of a header field, or <see langword="null"/>.</summary>
    /// <param name="name">The field name (case-insensitive).</param>
    /// <returns>The value or <see langword="null"/>.</returns>
    public string? GetHeader(string name)
    {
        foreach (KeyValuePair<string, string> h in Headers)
        {
            if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return h.Value;
            }
        }

        return null;
    }
}
