using System.Net.Security;

namespace Forensics.Net.Sockets.Messaging;

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
