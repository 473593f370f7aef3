namespace Forensics.Net.Pcap.Analysis;

/// <summary>A summary of a TCP conversation's state from the flags seen in each direction.</summary>
public enum TcpFlowState
{
    /// <summary>Not a TCP flow.</summary>
    None = 0,

    /// <summary>A SYN was seen but no SYN-ACK from the responder (connection attempt, scan, or lost reply).</summary>
    SynSent = 1,

    /// <summary>The responder's SYN-ACK was seen (the handshake completed or was under way) and no FIN or RST.</summary>
    Established = 2,

    /// <summary>One side sent FIN.</summary>
    Closing = 3,

    /// <summary>Both sides sent FIN.</summary>
    Closed = 4,

    /// <summary>A RST was seen.</summary>
    Reset = 5,

    /// <summary>No SYN was seen: the capture started after the connection was opened.</summary>
    MidStream = 6,
}
