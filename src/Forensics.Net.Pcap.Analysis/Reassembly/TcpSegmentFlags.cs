namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// The TCP control bits of a segment, with the values they have in byte 13 of the TCP header
/// (RFC 9293 section 3.1), so that a raw flags byte can be cast directly.
/// </summary>
[Flags]
public enum TcpSegmentFlags : byte
{
    /// <summary>No control bit set.</summary>
    None = 0,

    /// <summary>FIN: no more data from the sender.</summary>
    Fin = 0x01,

    /// <summary>SYN: synchronise sequence numbers.</summary>
    Syn = 0x02,

    /// <summary>RST: reset the connection.</summary>
    Rst = 0x04,

    /// <summary>PSH: push function.</summary>
    Psh = 0x08,

    /// <summary>ACK: the acknowledgment field is significant.</summary>
    Ack = 0x10,

    /// <summary>URG: the urgent pointer is significant.</summary>
    Urg = 0x20,

    /// <summary>ECE: ECN echo (RFC 3168).</summary>
    Ece = 0x40,

    /// <summary>CWR: congestion window reduced (RFC 3168).</summary>
    Cwr = 0x80,
}
