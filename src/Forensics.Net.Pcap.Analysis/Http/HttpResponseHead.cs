namespace Forensics.Net.Pcap.Analysis;

/// <summary>A parsed HTTP response head (RFC 9112 section 4).</summary>
public sealed class HttpResponseHead : HttpMessageHead
{
    internal HttpResponseHead(int statusCode, string reasonPhrase, string version, IReadOnlyList<KeyValuePair<string, string>> headers, DateTimeOffset timestamp)
        : base(version, headers, timestamp)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        ContentType = GetHeader("Content-Type");
        ContentEncoding = GetHeader("Content-Encoding");
        TransferEncoding = GetHeader("Transfer-Encoding");
        ContentRange = GetHeader("Content-Range");
    }

    /// <summary>Gets the status code.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the reason phrase.</summary>
    public string ReasonPhrase { get; }

    /// <summary>Gets the Content-Type header, or <see langword="null"/>.</summary>
    public string? ContentType { get; }

    /// <summary>Gets the Content-Encoding header, or <see langword="null"/>.</summary>
    public string? ContentEncoding { get; }

    /// <summary>Gets the Transfer-Encoding header, or <see langword="null"/>.</summary>
    public string? TransferEncoding { get; }

    /// <summary>Gets the Content-Range header (of a 206 response), or <see langword="null"/>.</summary>
    public string? ContentRange { get; }

    /// <summary>Parses <see cref="ContentRange"/> of the form <c>bytes first-last/complete</c> (RFC 9110 section 14.4).</summary>
    /// <param name="first">The first byte position.</param>
    /// <param name="last">The last byte position (inclusive).</param>
    /// <param name="completeLength">The complete length, or -1 when given as <c>*</c>.</param>
    /// <returns><see langword="true"/> when the header is present and well formed.</returns>
    /// <remarks>No throwing counterpart: most responses have no Content-Range; the raw header is <see cref="ContentRange"/>.</remarks>
    public bool TryGetContentRange(out long first, out long last, out long completeLength)
    {
        first = last = completeLength = -1;
        string? v = ContentRange?.Trim();
        if (v is null || !v.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        ReadOnlySpan<char> s = v.AsSpan(6).Trim();
        int dash = s.IndexOf('-');
        int slash = s.IndexOf('/');
        if (dash <= 0 || slash <= dash
            || !long.TryParse(s[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long f)
            || !long.TryParse(s[(dash + 1)..slash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long l)
            || l < f)
        {
            return false;
        }

        ReadOnlySpan<char> total = s[(slash + 1)..];
        long c = -1;
        if (!total.SequenceEqual("*") && !long.TryParse(total, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out c))
        {
            return false;
        }

        first = f;
        last = l;
        completeLength = c;
        return true;
    }
}
