using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Forensics.Net.Sockets.Messaging;

/// <summary>
/// A TCP (optionally TLS) message client: connects with a timeout and retries with exponential backoff, sends framed messages,
/// receives on a background loop, matches request/response by correlation id, and optionally reconnects.
/// </summary>
/// <example>
/// <code>
/// await using MessageClient client = await MessageClient.ConnectAsync("127.0.0.1", 5005);
/// await client.SendAsync("Hello"u8.ToArray());
/// ReceivedMessage reply = await client.ReceiveAsync();
/// Console.WriteLine(reply.GetString());
/// </code>
/// </example>
public sealed class MessageClient : IAsyncDisposable
{
    private readonly EndPoint _remoteEndPoint;
    private readonly MessageClientOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<ReceivedMessage> _received;
    private readonly CancellationTokenSource _disposing = new();
    private readonly MessageHandler _handler;
    private MessageConnection? _connection;
    private TaskCompletionSource<MessageConnection> _reconnected = NewReconnectSignal();
    private int _disposed;

    private MessageClient(EndPoint remoteEndPoint, MessageClientOptions options)
    {
        _remoteEndPoint = remoteEndPoint;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _received = Channel.CreateBounded<ReceivedMessage>(new BoundedChannelOptions(options.ReceiveQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
        _handler = (message, ct) => _received.Writer.WriteAsync(message.Detach(), ct);
    }

    /// <summary>Raised when a connection (or a reconnection) is established.</summary>
    public event EventHandler<MessageConnectionEventArgs>? Connected;

    /// <summary>Raised when the connection drops or is closed.</summary>
    public event EventHandler<MessageConnectionEventArgs>? Disconnected;

    /// <summary>Gets the current connection (after a reconnect, the new one).</summary>
    public MessageConnection Connection => _connection!;

    /// <summary>Gets whether the client is connected.</summary>
    public bool IsConnected => _connection?.IsConnected == true;

    /// <summary>Gets the address the client connects to.</summary>
    public EndPoint RemoteEndPoint => _remoteEndPoint;

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>; see <see cref="ConnectAsync(EndPoint, MessageClientOptions?, CancellationToken)"/>.</summary>
    /// <param name="host">A host name or IP address.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="options">Framing, retry, TLS and limits; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="ArgumentException"><paramref name="host"/> is empty, or the options combine correlation ids with delimiter or raw framing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> or an option is out of range.</exception>
    /// <exception cref="SocketException">Every attempt was refused or unreachable.</exception>
    /// <exception cref="TimeoutException">The last attempt timed out.</exception>
    /// <exception cref="AuthenticationException">The TLS handshake failed (for example the server certificate is not trusted); not retried.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<MessageClient> ConnectAsync(string host, int port, MessageClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, IPEndPoint.MinPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        EndPoint endPoint = IPAddress.TryParse(host, out IPAddress? address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
        return ConnectAsync(endPoint, options, cancellationToken);
    }

    /// <summary>
    /// Connects to <paramref name="remoteEndPoint"/>: each attempt is bounded by <see cref="MessageClientOptions.ConnectTimeout"/>, failures are retried
    /// <see cref="MessageClientOptions.ConnectRetryCount"/> times with exponential backoff, then TLS is negotiated when configured.
    /// </summary>
    /// <param name="remoteEndPoint">An <see cref="IPEndPoint"/> or <see cref="DnsEndPoint"/>.</param>
    /// <param name="options">Framing, retry, TLS and limits; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="remoteEndPoint"/> is null.</exception>
    /// <exception cref="ArgumentException">The options combine correlation ids with delimiter or raw framing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="SocketException">Every attempt was refused or unreachable.</exception>
    /// <exception cref="TimeoutException">The last attempt timed out.</exception>
    /// <exception cref="AuthenticationException">The TLS handshake failed; not retried.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<MessageClient> ConnectAsync(EndPoint remoteEndPoint, MessageClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        options ??= new MessageClientOptions();
        options.Validate();
        MessageServer.ValidateFraming(options);
        var client = new MessageClient(remoteEndPoint, options);
        MessageConnection connection = await client.ConnectWithRetryAsync(cancellationToken).ConfigureAwait(false);
        client.Attach(connection);
        return client;
    }

    /// <summary>Queues one message; waits for queue space (backpressure) and, with <see cref="MessageClientOptions.Reconnect"/>, for a reconnection.</summary>
    /// <param name="payload">The message.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>A task that completes when the message is queued.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payload"/> is larger than the maximum message size.</exception>
    /// <exception cref="IOException">The connection is closed (and not reconnecting).</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        MessageConnection? connection = _connection;
        return connection is not null && connection.IsConnected
            ? connection.SendAsync(payload, cancellationToken)
            : SendSlowAsync(payload, cancellationToken);
    }

    /// <summary>Sends a request and waits for its response (see <see cref="MessageConnection.RequestAsync"/>); needs <see cref="MessageEndpointOptions.UseCorrelationIds"/>.</summary>
    /// <param name="payload">The request.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidOperationException">Correlation ids are off.</exception>
    /// <exception cref="TimeoutException">No response within <see cref="MessageEndpointOptions.RequestTimeout"/>.</exception>
    /// <exception cref="IOException">The connection closed first.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ReceivedMessage> RequestAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        MessageConnection connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.RequestAsync(payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for the next message that is not a response to a request (it owns its bytes).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The message.</returns>
    /// <exception cref="IOException">The connection closed and no message is left.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<ReceivedMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        return _received.Reader.TryRead(out ReceivedMessage message) ? new ValueTask<ReceivedMessage>(message) : ReceiveSlowAsync(cancellationToken);
    }

    /// <summary>Returns the received messages until the connection closes (and is not reconnected).</summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The messages.</returns>
    public IAsyncEnumerable<ReceivedMessage> ReadAllAsync(CancellationToken cancellationToken = default) => _received.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Closes gracefully: sends what is queued, then closes (no reconnect).</summary>
    /// <param name="cancellationToken">The drain deadline; the connection is aborted when it is cancelled.</param>
    /// <returns>A task that completes when closed.</returns>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        await _disposing.CancelAsync().ConfigureAwait(false);
        if (_connection is { } connection)
        {
            await connection.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Aborts the connection and stops reconnecting.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        if (_connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _reconnected.TrySetException(new ObjectDisposedException(nameof(MessageClient)));
        _received.Writer.TryComplete();
    }

    private static TaskCompletionSource<MessageConnection> NewReconnectSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async ValueTask SendSlowAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        MessageConnection connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.SendAsync(payload, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ReceivedMessage> ReceiveSlowAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _received.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new IOException("The connection is closed.", ex);
        }
    }

    private async ValueTask<MessageConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        MessageConnection? connection = _connection;
        if (connection is not null && connection.IsConnected)
        {
            return connection;
        }

        if (!_options.Reconnect || _disposing.IsCancellationRequested)
        {
            throw new IOException("The connection is closed.");
        }

        return await Volatile.Read(ref _reconnected).Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Attach(MessageConnection connection)
    {
        _connection = connection;
        TaskCompletionSource<MessageConnection> signal = Volatile.Read(ref _reconnected);
        signal.TrySetResult(connection);
        Connected?.Invoke(this, new MessageConnectionEventArgs(connection));
        _ = RunAsync(connection);
    }

    private async Task RunAsync(MessageConnection connection)
    {
        await connection.RunAsync(_handler, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        Volatile.Write(ref _reconnected, NewReconnectSignal());
        Disconnected?.Invoke(this, new MessageConnectionEventArgs(connection));
        if (!_options.Reconnect || _disposing.IsCancellationRequested)
        {
            _received.Writer.TryComplete();
            return;
        }

        try
        {
            MessageConnection next = await ConnectWithRetryAsync(_disposing.Token).ConfigureAwait(false);
            if (_disposing.IsCancellationRequested)
            {
                await next.DisposeAsync().ConfigureAwait(false);
                return;
            }

            Attach(next);
        }
        catch (Exception ex)
        {
            Volatile.Read(ref _reconnected).TrySetException(new IOException("Reconnecting failed.", ex));
            _received.Writer.TryComplete(new IOException("Reconnecting failed.", ex));
        }
    }

    private async Task<MessageConnection> ConnectWithRetryAsync(CancellationToken cancellationToken)
    {
        TimeSpan delay = _options.RetryDelay;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException or IOException
                && attempt <= _options.ConnectRetryCount && !cancellationToken.IsCancellationRequested)
            {
                Log.ConnectRetry(_logger, _remoteEndPoint, attempt, (int)delay.TotalMilliseconds, ex);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task<MessageConnection> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        Socket socket = _remoteEndPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        Stream? stream = null;
        try
        {
            socket.NoDelay = true;
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(_options.ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(_remoteEndPoint, attempt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"Connecting to {_remoteEndPoint} timed out after {_options.ConnectTimeout}.");
                }
            }

            stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                handshake.CancelAfter(_options.HandshakeTimeout);
                try
                {
                    await ssl.AuthenticateAsClientAsync(WithTargetHost(tls), handshake.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"The TLS handshake with {_remoteEndPoint} timed out after {_options.HandshakeTimeout}.");
                }
            }

            return new MessageConnection(stream, socket, _options);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            throw;
        }
    }

    private SslClientAuthenticationOptions WithTargetHost(SslClientAuthenticationOptions tls)
    {
        if (!string.IsNullOrEmpty(tls.TargetHost))
        {
            return tls;
        }

        string host = _remoteEndPoint switch
        {
            DnsEndPoint dns => dns.Host,
            IPEndPoint ip => ip.Address.ToString(),
            _ => _remoteEndPoint.ToString() ?? string.Empty,
        };
        return new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ClientCertificates = tls.ClientCertificates,
            ClientCertificateContext = tls.ClientCertificateContext,
            LocalCertificateSelectionCallback = tls.LocalCertificateSelectionCallback,
            RemoteCertificateValidationCallback = tls.RemoteCertificateValidationCallback,
            EnabledSslProtocols = tls.EnabledSslProtocols,
            CertificateRevocationCheckMode = tls.CertificateRevocationCheckMode,
            CertificateChainPolicy = tls.CertificateChainPolicy,
            ApplicationProtocols = tls.ApplicationProtocols,
            EncryptionPolicy = tls.EncryptionPolicy,
            AllowRenegotiation = tls.AllowRenegotiation,
            AllowTlsResume = tls.AllowTlsResume,
            CipherSuitesPolicy = tls.CipherSuitesPolicy,
        };
    }
}
