namespace Forensics.Net.Pcap.Analysis;

/// <summary>A parsed HTTP request head (RFC 9112 section 3).</summary>
public sealed class HttpRequestHead : HttpMessageHead
{
    internal HttpRequestHead(string method, string target, string version, IReadOnlyList<KeyValuePair<string, string>> headers, DateTimeOffset timestamp)
        : base(version, headers, timestamp)
    {
        Method = method;
        Target = target;
        Host = GetHeader("Host");
    }

    /// <summary>Gets the method, e.g. <c>GET</c>.</summary>
    public string Method { get; }

    /// <summary>Gets the request target as sent (origin-form <c>/path?query</c> or absolute-form).</summary>
    public string Target { get; }

    /// <summary>Gets the Host header, or <see langword="null"/>.</summary>
    public string? Host { get; }
}
