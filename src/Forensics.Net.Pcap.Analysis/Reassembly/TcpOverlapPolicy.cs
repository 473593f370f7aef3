namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Which bytes win when two captured segments carry different data for the same sequence numbers
/// (the classic IDS evasion ambiguity, RFC 9293 leaves it to the receiver).
/// </summary>
public enum TcpOverlapPolicy
{
    /// <summary>The bytes seen first are kept (Windows/BSD-like, and what tcpflow and Wireshark do). Default.</summary>
    FirstWins = 0,

    /// <summary>
    /// The bytes seen last replace earlier ones while they are still buffered (not yet delivered in order).
    /// Bytes already delivered to the listener cannot be replaced; a conflict with them is still counted.
    /// </summary>
    LastWins = 1,
}
