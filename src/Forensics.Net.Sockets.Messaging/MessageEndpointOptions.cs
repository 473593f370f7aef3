using System.Net.Security;
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

/// <summary>Options of a <see cref="MessageServer"/>. Every limit is on by default.</summary>
public sealed class MessageServerOptions : MessageEndpointOptions
{
    /// <summary>Gets the time after which a connection that completed no message in either direction is closed; default 2 minutes. <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// A partial frame does not count as activity, so a slowloris peer (one byte per second) is closed too.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets the most concurrent connections; further connections are accepted and closed at once.
    /// Default: the open-file limit minus the descriptors already open and a reserve of 64 (at most three quarters of the limit and at most 10 000), so the server never runs out of descriptors.</summary>
    public int MaxConnections { get; init; } = SystemLimits.DefaultMaxConnections;

    /// <summary>Gets the listen backlog: connections the kernel queues before the server accepts them; default 128.</summary>
    public int MaxPendingAccepts { get; init; } = 128;

    /// <summary>Gets the TLS options; when set, every connection is TLS (SslStream). Set <see cref="SslServerAuthenticationOptions.ServerCertificate"/>
    /// (for example from <c>X509Certificate2.CreateFromPemFile</c> or <c>X509CertificateLoader.LoadPkcs12FromFile</c>). Client certificates are validated by the runtime's default policy when requested.</summary>
    public SslServerAuthenticationOptions? Tls { get; init; }

    /// <summary>Gets how long <see cref="MessageServer.StopAsync"/> lets connections drain before they are aborted; default 5 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how many messages <see cref="MessageServer.ReadAllAsync"/> buffers before connections stop reading (backpressure); default 1024.</summary>
    public int ReceiveQueueCapacity { get; init; } = 1024;

    internal new void Validate()
    {
        base.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingAccepts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveQueueCapacity, 1);
        if (IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleTimeout, TimeSpan.Zero);
        }
    }
}

/// <summary>Options of a <see cref="MessageClient"/>.</summary>
public sealed class MessageClientOptions : MessageEndpointOptions
{
    /// <summary>Gets the longest one connection attempt may take; default 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how many times a failed connection attempt is retried; default 3.</summary>
    public int ConnectRetryCount { get; init; } = 3;

    /// <summary>Gets the delay before the first retry; it doubles after each failure up to <see cref="MaxRetryDelay"/>. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets the longest delay between retries; default 5 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets whether the client reconnects (with the same retry policy) when the connection drops; default <see langword="false"/>.</summary>
    public bool Reconnect { get; init; }

    /// <summary>Gets the TLS options; when set, the connection is TLS. The server certificate is validated (chain and host name) unless
    /// <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/> says otherwise. <see cref="SslClientAuthenticationOptions.TargetHost"/> defaults to the host connected to.</summary>
    public SslClientAuthenticationOptions? Tls { get; init; }

    /// <summary>Gets how many received messages are buffered for <see cref="MessageClient.ReceiveAsync"/> before the client stops reading (backpressure); default 1024.</summary>
    public int ReceiveQueueCapacity { get; init; } = 1024;

    internal new void Validate()
    {
        base.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(ConnectRetryCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveQueueCapacity, 1);
    }
}
