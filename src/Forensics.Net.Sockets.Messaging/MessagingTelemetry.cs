using System.Diagnostics.Metrics;

namespace Forensics.Net.Sockets.Messaging;

/// <summary>
/// The <see cref="System.Diagnostics.Metrics"/> instruments of this package, published on the meter named <see cref="MeterName"/>
/// (listen with <c>dotnet-counters monitor --counters Forensics.Net.Sockets.Messaging</c> or a <see cref="MeterListener"/>).
/// </summary>
/// <remarks>
/// Instruments: <c>messaging.connections.opened</c>, <c>messaging.connections.closed</c>, <c>messaging.connections.rejected</c>
/// (over the connection limit), <c>messaging.connections.active</c> (up-down), <c>messaging.connections.timed_out</c> (idle or handshake),
/// <c>messaging.messages.received</c>, <c>messaging.messages.sent</c>, <c>messaging.messages.dropped</c> (send queue full or oversized datagram),
/// <c>messaging.bytes.received</c>, <c>messaging.bytes.sent</c>, <c>messaging.framing.errors</c>, <c>messaging.accept.errors</c>.
/// </remarks>
public static class MessagingTelemetry
{
    /// <summary>The meter name: <c>Forensics.Net.Sockets.Messaging</c>.</summary>
    public const string MeterName = "Forensics.Net.Sockets.Messaging";

    private static readonly Meter Meter = new(MeterName, "0.1.0");

    internal static readonly Counter<long> ConnectionsOpened = Meter.CreateCounter<long>("messaging.connections.opened", "{connection}", "Connections established (after any TLS handshake).");
    internal static readonly Counter<long> ConnectionsClosed = Meter.CreateCounter<long>("messaging.connections.closed", "{connection}", "Connections closed for any reason.");
    internal static readonly Counter<long> ConnectionsRejected = Meter.CreateCounter<long>("messaging.connections.rejected", "{connection}", "Connections refused because the server was at its connection limit.");
    internal static readonly UpDownCounter<long> ConnectionsActive = Meter.CreateUpDownCounter<long>("messaging.connections.active", "{connection}", "Open connections.");
    internal static readonly Counter<long> ConnectionsTimedOut = Meter.CreateCounter<long>("messaging.connections.timed_out", "{connection}", "Connections closed by the idle or handshake timeout.");
    internal static readonly Counter<long> MessagesReceived = Meter.CreateCounter<long>("messaging.messages.received", "{message}", "Messages received.");
    internal static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>("messaging.messages.sent", "{message}", "Messages written to the network.");
    internal static readonly Counter<long> MessagesDropped = Meter.CreateCounter<long>("messaging.messages.dropped", "{message}", "Messages dropped: send queue full, or an oversized datagram.");
    internal static readonly Counter<long> BytesReceived = Meter.CreateCounter<long>("messaging.bytes.received", "By", "Bytes received, framing included.");
    internal static readonly Counter<long> BytesSent = Meter.CreateCounter<long>("messaging.bytes.sent", "By", "Bytes written to the network, framing included.");
    internal static readonly Counter<long> FramingErrors = Meter.CreateCounter<long>("messaging.framing.errors", "{error}", "Connections closed because the peer violated the framing.");
    internal static readonly Counter<long> AcceptErrors = Meter.CreateCounter<long>("messaging.accept.errors", "{error}", "Accept failures (for example EMFILE) after which the accept loop backed off.");
}
