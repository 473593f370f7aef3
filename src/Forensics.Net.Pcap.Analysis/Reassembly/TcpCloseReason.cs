namespace Forensics.Net.Pcap.Analysis;

/// <summary>Why a TCP connection was closed by the reassembler.</summary>
public enum TcpCloseReason
{
    /// <summary>Both sides sent FIN and all data up to each FIN was delivered.</summary>
    Fin = 0,

    /// <summary>A RST was seen (the listener's <see cref="TcpStreamListener.OnAborted"/> is also called).</summary>
    Reset = 1,

    /// <summary>No segment was seen for longer than <see cref="TcpReassemblerOptions.IdleTimeout"/> (capture time).</summary>
    IdleTimeout = 2,

    /// <summary>The capture ended (<see cref="TcpReassembler.Complete"/>) while the connection was still open.</summary>
    EndOfCapture = 3,

    /// <summary>The connection table was full (<see cref="TcpReassemblerOptions.MaxConnections"/>) and this least recently seen connection was evicted.</summary>
    Evicted = 4,

    /// <summary>A new SYN reused the four-tuple of this connection (port reuse).</summary>
    Reused = 5,
}
