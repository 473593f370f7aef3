using System.Net;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>One TLS ClientHello seen in a capture.</summary>
public sealed class TlsLogEntry
{
    internal TlsLogEntry(DateTimeOffset timestamp, IPEndPoint client, IPEndPoint server, TlsClientHello clientHello)
    {
        Timestamp = timestamp;
        Client = client;
        Server = server;
        ClientHello = clientHello;
    }

    /// <summary>Gets the capture time of the segment that completed the ClientHello.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the client.</summary>
    public IPEndPoint Client { get; }

    /// <summary>Gets the server.</summary>
    public IPEndPoint Server { get; }

    /// <summary>Gets the ClientHello.</summary>
    public TlsClientHello ClientHello { get; }

    /// <summary>Returns <c>client -> server SNI name</c>.</summary>
    /// <returns>One line.</returns>
    public override string ToString() => $"{Client} -> {Server} SNI {ClientHello.ServerName ?? "-"}";
}
