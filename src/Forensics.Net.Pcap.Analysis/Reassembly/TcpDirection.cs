namespace Forensics.Net.Pcap.Analysis;

/// <summary>The direction of data in a TCP connection.</summary>
public enum TcpDirection
{
    /// <summary>From the client (the side that sent the first SYN, or the guessed client on mid-stream pickup) to the server.</summary>
    ClientToServer = 0,

    /// <summary>From the server to the client.</summary>
    ServerToClient = 1,
}
