namespace Forensics.Net.Pcap.Analysis;

/// <summary>TCP header flags (RFC 9293 section 3.1; ECE/CWR RFC 3168; AE RFC 3540 bit).</summary>
[Flags]
public enum TcpFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>FIN: no more data from sender.</summary>
    Fin = 0x001,

    /// <summary>SYN: synchronize sequence numbers.</summary>
    Syn = 0x002,

    /// <summary>RST: reset the connection.</summary>
    Rst = 0x004,

    /// <summary>PSH: push function.</summary>
    Psh = 0x008,

    /// <summary>ACK: the acknowledgment field is significant.</summary>
    Ack = 0x010,

    /// <summary>URG: the urgent pointer field is significant.</summary>
    Urg = 0x020,

    /// <summary>ECE: ECN echo.</summary>
    Ece = 0x040,

    /// <summary>CWR: congestion window reduced.</summary>
    Cwr = 0x080,

    /// <summary>AE (formerly NS): accurate ECN.</summary>
    Ae = 0x100,
}
