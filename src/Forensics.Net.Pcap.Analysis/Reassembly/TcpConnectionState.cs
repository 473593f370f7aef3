namespace Forensics.Net.Pcap.Analysis;

/// <summary>The state of a <see cref="TcpConnection"/> as the reassembler sees it.</summary>
public enum TcpConnectionState
{
    /// <summary>Data may still arrive.</summary>
    Open = 0,

    /// <summary>Closed normally, by timeout, at the end of the capture or by eviction.</summary>
    Closed = 1,

    /// <summary>Closed by a RST.</summary>
    Aborted = 2,
}
