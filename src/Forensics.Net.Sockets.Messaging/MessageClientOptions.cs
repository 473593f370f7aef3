using System.Net.Security;

namespace Forensics.Net.Sockets.Messaging;

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
