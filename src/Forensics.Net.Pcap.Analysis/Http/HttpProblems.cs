namespace Forensics.Net.Pcap.Analysis;

/// <summary>Problems found while parsing HTTP over a reassembled stream (flags: several may apply).</summary>
[Flags]
public enum HttpProblems
{
    /// <summary>No problem.</summary>
    None = 0,

    /// <summary>The connection ended before the body was complete (capture ended mid-stream, reset, or the server stopped early).</summary>
    Truncated = 1 << 0,

    /// <summary>Bytes of the message were missing from the capture (a TCP gap); the body has holes and its hash is not of the real body.</summary>
    MissingData = 1 << 1,

    /// <summary>A chunk size line of a chunked body was malformed; parsing of the direction stopped.</summary>
    BadChunk = 1 << 2,

    /// <summary>The content coding (gzip, deflate, br) could not be decoded; the decoded prefix was kept.</summary>
    DecodingFailed = 1 << 3,

    /// <summary>Decoding stopped at <see cref="HttpStreamAnalyzerOptions.MaxDecodedBodyBytes"/> (decompression bomb).</summary>
    DecodedSizeLimit = 1 << 4,

    /// <summary>The content-coded body exceeded <see cref="HttpStreamAnalyzerOptions.MaxEncodedBodyBytes"/> and was not decoded completely.</summary>
    EncodedSizeLimit = 1 << 5,

    /// <summary>The content or transfer coding is not supported; the body is given as sent.</summary>
    UnsupportedEncoding = 1 << 6,

    /// <summary>A message head exceeded <see cref="HttpStreamAnalyzerOptions.MaxHeadBytes"/> (header flood); parsing of the direction stopped.</summary>
    HeadTooLarge = 1 << 7,

    /// <summary>The direction's data is not HTTP/1.x; parsing of the direction stopped.</summary>
    NotHttp = 1 << 8,

    /// <summary>A response was seen without a matching request (mid-stream pickup, or request not captured).</summary>
    NoRequest = 1 << 9,

    /// <summary>More requests were waiting for responses than <see cref="HttpStreamAnalyzerOptions.MaxPendingRequests"/>; the oldest were dropped.</summary>
    TooManyPendingRequests = 1 << 10,

    /// <summary>A Content-Length value was invalid or contradictory.</summary>
    BadContentLength = 1 << 11,
}
