namespace Forensics.Net.Pcap.Analysis;

/// <summary>The outcome of parsing an HTTP message head.</summary>
public enum HttpHeadStatus
{
    /// <summary>A complete head was parsed and reported to the handler.</summary>
    Complete = 0,

    /// <summary>The input ends before the empty line that ends the head; nothing was reported.</summary>
    NeedMoreData = 1,

    /// <summary>The input is not an HTTP/1.x head of the expected kind (request or response).</summary>
    Invalid = 2,

    /// <summary>No end of head was found within the size limit (header flood).</summary>
    TooLarge = 3,
}
