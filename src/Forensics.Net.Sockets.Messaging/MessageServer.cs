using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Forensics.Net.Sockets.Messaging;

/// <summary>
/// A TCP (optionally TLS) message server: accepts many concurrent clients on one asynchronous accept loop (no thread per client),
/// frames their messages, and delivers them to a <see cref="MessageHandler"/> or to <see cref="ReadAllAsync"/>.
/// </summary>
/// <remarks>
/// Limits are on by default (<see cref="MessageServerOptions"/>): maximum message size (a hostile length prefix closes the connection
/// without allocating), idle timeout, TLS handshake timeout, maximum connections below the open-file limit, bounded send queue per connection
/// and listen backlog. The accept loop backs off on EMFILE/ENFILE and other accept errors instead of failing.
/// </remarks>
/// <example>
/// <code>
/// await using var server = new MessageServer(new IPEndPoint(IPAddress.Loopback, 5005));
/// server.Start(async (message, ct) =>
/// {
///     Console.WriteLine(message.GetString());
///     await message.Connection!.ReplyAsync(message, "Got that thanks!"u8.ToArray(), ct);
/// });
/// </code>
/// </example>
public sealed class MessageServer : IAsyncDisposable
{
    private readonly IPEndPoint _endPoint;
    private readonly MessageServerOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, MessageConnection> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _listener;
    private Task? _acceptLoop;
    private Timer? _heartbeat;
    private Channel<ReceivedMessage>? _received;
    private MessageHandler? _handler;
    private int _connectionCount;
    private int _started;
    private int _stopRequested;

    /// <summary>Creates a server that will listen on <paramref name="endPoint"/> (port 0 picks a free port; see <see cref="LocalEndPoint"/>).</summary>
    /// <param name="endPoint">The address and port to listen on.</param>
    /// <param name="options">Framing, limits, TLS and logging; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="endPoint"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The options combine correlation ids with delimiter or raw framing.</exception>
    public MessageServer(IPEndPoint endPoint, MessageServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        _endPoint = endPoint;
        _options = options ?? new MessageServerOptions();
        _options.Validate();
        ValidateFraming(_options);
        _logger = _options.Logger ?? NullLogger.Instance;
    }

    /// <summary>Raised when a connection is established (after any TLS handshake), before its first message is read.</summary>
    public event EventHandler<MessageConnectionEventArgs>? ConnectionOpened;

    /// <summary>Raised when a connection has closed; <see cref="MessageConnection.CloseReason"/> says why.</summary>
    public event EventHandler<MessageConnectionEventArgs>? ConnectionClosed;

    /// <summary>Gets the options.</summary>
    public MessageServerOptions Options => _options;

    /// <summary>Gets the address the server listens on (with the actual port when port 0 was given), or <see langword="null"/> before <see cref="Start"/>.</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    /// <summary>Gets the number of open connections (including those in the TLS handshake).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Gets a snapshot of the open connections.</summary>
    public IReadOnlyCollection<MessageConnection> Connections => _connections.Values.ToArray();

    /// <summary>Used by tests to inject accept failures (EMFILE).</summary>
    internal Func<Socket, CancellationToken, ValueTask<Socket>> AcceptAsync { get; set; } = static (listener, ct) => listener.AcceptAsync(ct);

    /// <summary>
    /// Binds, listens and starts accepting. Messages go to <paramref name="handler"/> (one at a time per connection, concurrently across
    /// connections) or, when it is <see langword="null"/>, to <see cref="ReadAllAsync"/>.
    /// </summary>
    /// <param name="handler">The message handler, or <see langword="null"/> to consume messages with <see cref="ReadAllAsync"/>.</param>
    /// <exception cref="InvalidOperationException">The server was already started.</exception>
    /// <exception cref="SocketException">The address could not be bound (for example it is in use).</exception>
    public void Start(MessageHandler? handler = null)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The server was already started.");
        }

        if (handler is null)
        {
            Channel<ReceivedMessage> channel = Channel.CreateBounded<ReceivedMessage>(new BoundedChannelOptions(_options.ReceiveQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleWriter = false,
                SingleReader = false,
            });
            _received = channel;
            handler = (message, ct) => channel.Writer.WriteAsync(message.Detach(), ct);
        }

        _handler = handler;
        var listener = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (_endPoint.AddressFamily == AddressFamily.InterNetworkV6 && _endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(_endPoint);
            listener.Listen(_options.MaxPendingAccepts);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        Log.Listening(_logger, listener.LocalEndPoint);
        if (_options.IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            long period = Math.Clamp((long)_options.IdleTimeout.TotalMilliseconds / 4, 50, 1000);
            _heartbeat = new Timer(static state => ((MessageServer)state!).Heartbeat(), this, period, period);
        }

        _acceptLoop = AcceptLoopAsync(listener);
    }

    /// <summary>
    /// Returns the messages of all connections as they arrive (each owns its bytes), when <see cref="Start"/> was called without a handler.
    /// The sequence ends when the server stops.
    /// </summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The messages.</returns>
    /// <exception cref="InvalidOperationException">The server was started with a handler, or not started.</exception>
    /// <example>
    /// <code>
    /// server.Start();
    /// await foreach (ReceivedMessage message in server.ReadAllAsync(ct))
    /// {
    ///     await message.Connection!.SendAsync(message.Payload, ct);
    /// }
    /// </code>
    /// </example>
    public IAsyncEnumerable<ReceivedMessage> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        Channel<ReceivedMessage> channel = _received ?? throw new InvalidOperationException("ReadAllAsync needs Start() without a handler.");
        return channel.Reader.ReadAllAsync(cancellationToken);
    }

    /// <summary>
    /// Queues <paramref name="payload"/> on every open connection (or those in <paramref name="group"/>), except <paramref name="except"/>.
    /// A connection whose send queue is full misses the message (counted as dropped), so one slow reader never holds up the others.
    /// </summary>
    /// <param name="payload">The message.</param>
    /// <param name="group">Only connections that joined this group (<see cref="MessageConnection.JoinGroup"/>); all when <see langword="null"/>.</param>
    /// <param name="except">A connection to skip (typically the sender), or <see langword="null"/>.</param>
    /// <returns>The number of connections the message was queued on.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payload"/> is larger than the maximum message size.</exception>
    /// <exception cref="ArgumentException">A delimited payload contains the delimiter.</exception>
    public int Broadcast(ReadOnlySpan<byte> payload, string? group = null, MessageConnection? except = null)
    {
        _options.Framer.GetFrameLength(payload.Length + (_options.UseCorrelationIds ? 5 : 0));
        int sent = 0;
        foreach (KeyValuePair<long, MessageConnection> pair in _connections)
        {
            MessageConnection connection = pair.Value;
            if (ReferenceEquals(connection, except) || !connection.IsConnected || (group is not null && !connection.IsInGroup(group)))
            {
                continue;
            }

            if (connection.TrySend(payload))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>
    /// Stops gracefully: stops accepting, lets each connection finish its current message and send what is queued, then closes it;
    /// connections still open after <see cref="MessageServerOptions.ShutdownTimeout"/> (or when <paramref name="cancellationToken"/> is cancelled) are aborted.
    /// </summary>
    /// <param name="cancellationToken">Shortens the drain.</param>
    /// <returns>A task that completes when every connection is closed.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) != 0)
        {
            await _stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            _listener?.Dispose();
            if (_acceptLoop is not null)
            {
                await _acceptLoop.ConfigureAwait(false);
            }

            if (_heartbeat is not null)
            {
                await _heartbeat.DisposeAsync().ConfigureAwait(false);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.ShutdownTimeout);
            MessageConnection[] open = _connections.Values.ToArray();
            var closing = new Task[open.Length];
            for (int i = 0; i < open.Length; i++)
            {
                closing[i] = open[i].CloseAsync(deadline.Token);
            }

            await Task.WhenAll(closing).ConfigureAwait(false);
            int aborted = open.Count(c => c.CloseReason == "shutdown timeout");

            // Connections still in the TLS handshake are cancelled by _stopping; wait for them briefly.
            for (int i = 0; i < 100 && Volatile.Read(ref _connectionCount) > 0; i++)
            {
                await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
            }

            Log.Stopped(_logger, aborted);
        }
        finally
        {
            _received?.Writer.TryComplete();
            _stopped.TrySetResult();
        }
    }

    /// <summary>Stops the server (see <see cref="StopAsync"/>).</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _started) == 0)
        {
            _stopping.Dispose();
            return;
        }

        await StopAsync().ConfigureAwait(false);
    }

    internal static void ValidateFraming(MessageEndpointOptions options)
    {
        if (options.UseCorrelationIds && options.Framer is DelimiterFramer or RawFramer)
        {
            throw new ArgumentException("Correlation ids need length or varint framing (the binary header cannot travel inside lines or raw reads).", nameof(options));
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        // Run the loop off the caller's stack.
        await Task.Yield();
        int backoffMs = 0;
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await AcceptAsync(listener, stopping).ConfigureAwait(false);
                backoffMs = 0;
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Interrupted)
            {
                // The peer gave up before we accepted it; nothing to back off from.
                continue;
            }
            catch (Exception ex)
            {
                // EMFILE/ENFILE (SocketError.TooManyOpenSockets), ENOBUFS and friends: wait for descriptors to be released instead of failing.
                backoffMs = backoffMs == 0 ? 10 : Math.Min(backoffMs * 2, 1000);
                MessagingTelemetry.AcceptErrors.Add(1);
                Log.AcceptFailed(_logger, ex is SocketException se ? se.SocketErrorCode.ToString() : ex.GetType().Name, backoffMs, ex);
                try
                {
                    await Task.Delay(backoffMs, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            if (Interlocked.Increment(ref _connectionCount) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _connectionCount);
                MessagingTelemetry.ConnectionsRejected.Add(1);
                EndPoint? remote = null;
                try
                {
                    remote = socket.RemoteEndPoint;
                    socket.LingerState = new LingerOption(true, 0);
                }
                catch (SocketException)
                {
                }

                Log.ConnectionRejected(_logger, _options.MaxConnections, remote);
                socket.Dispose();
                continue;
            }

            _ = RunConnectionAsync(socket);
        }
    }

    private async Task RunConnectionAsync(Socket socket)
    {
        MessageConnection? connection = null;
        try
        {
            socket.NoDelay = true;
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.Tls is { } tls)
            {
                Stream? secured = await AuthenticateAsync(socket, stream, tls).ConfigureAwait(false);
                if (secured is null)
                {
                    return;
                }

                stream = secured;
            }

            connection = new MessageConnection(stream, socket, _options);
            _connections[connection.Id] = connection;
            if (_stopping.IsCancellationRequested)
            {
                connection.Abort("server stopping");
            }

            Log.ConnectionOpened(_logger, connection.Id, connection.RemoteEndPoint);
            ConnectionOpened?.Invoke(this, new MessageConnectionEventArgs(connection));
            await connection.RunAsync(_handler!, _options.ShutdownTimeout).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A failing event handler or a reset during setup must not escape the accept loop.
            connection?.Abort("setup failed: " + ex.GetType().Name);
            socket.Dispose();
        }
        finally
        {
            if (connection is not null)
            {
                _connections.TryRemove(connection.Id, out _);
            }

            Interlocked.Decrement(ref _connectionCount);
        }

        if (connection is not null)
        {
            ConnectionClosed?.Invoke(this, new MessageConnectionEventArgs(connection));
        }
    }

    private async Task<Stream?> AuthenticateAsync(Socket socket, Stream stream, SslServerAuthenticationOptions tls)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        handshake.CancelAfter(_options.HandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(tls, handshake.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex)
        {
            if (handshake.IsCancellationRequested && !_stopping.IsCancellationRequested)
            {
                MessagingTelemetry.ConnectionsTimedOut.Add(1);
            }

            EndPoint? remote = null;
            try
            {
                remote = socket.RemoteEndPoint;
            }
            catch (Exception inner) when (inner is SocketException or ObjectDisposedException)
            {
            }

            Log.HandshakeFailed(_logger, remote, ex);
            await ssl.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
            return null;
        }
    }

    private void Heartbeat()
    {
        long now = Environment.TickCount64;
        long limit = (long)_options.IdleTimeout.TotalMilliseconds;
        foreach (KeyValuePair<long, MessageConnection> pair in _connections)
        {
            MessageConnection connection = pair.Value;
            if (now - connection.LastActivity > limit && connection.IsConnected)
            {
                MessagingTelemetry.ConnectionsTimedOut.Add(1);
                Log.IdleTimeout(_logger, connection.Id, connection.RemoteEndPoint, _options.IdleTimeout);
                connection.Abort("idle timeout");
            }
        }
    }
}
