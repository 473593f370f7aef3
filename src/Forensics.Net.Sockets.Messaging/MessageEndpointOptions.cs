using Microsoft.Extensions.Logging;

namespace Forensics.Net.Sockets.Messaging;

/// <summary>Options shared by <see cref="MessageServerOptions"/> and <see cref="MessageClientOptions"/>: framing, limits and logging of each connection.</summary>
public abstract class MessageEndpointOptions
{
    private protected MessageEndpointOptions()
    {
    }

    /// <summary>Gets the framing; default <see cref="MessageFramer.LengthPrefixed"/> with a 1 MiB maximum message size. Both peers must use the same framing.</summary>
    public MessageFramer Framer { get; init; } = MessageFramer.LengthPrefixed();

    /// <summary>
    /// Gets the most bytes queued for sending on one connection; default 4 MiB (at least one maximum-size frame is always accepted
    /// when the queue is empty). When the queue is full, <see cref="MessageConnection.SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/> waits
    /// (backpressure) and <see cref="MessageConnection.TrySend"/> and broadcasts drop the message for that connection.
    /// </summary>
    public int MaxSendQueueBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Gets the longest a TLS handshake may take; default 10 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets whether every frame carries a 5-byte correlation header (kind byte, 32-bit big-endian id) so that
    /// <see cref="MessageConnection.RequestAsync"/> can match responses to requests. Default <see langword="false"/>
    /// (frames carry only the payload, compatible with plain peers). Both peers must agree.
    /// </summary>
    public bool UseCorrelationIds { get; init; }

    /// <summary>Gets how long <see cref="MessageConnection.RequestAsync"/> waits for the response; default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the logger for connection events, limit hits and framing errors; default none.</summary>
    public ILogger? Logger { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Framer);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSendQueueBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
    }
}
