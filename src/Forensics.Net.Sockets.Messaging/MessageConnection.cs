using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Forensics.Net.Sockets.Messaging;

/// <summary>
/// One framed TCP connection (plain or TLS) of a <see cref="MessageServer"/> or <see cref="MessageClient"/>: send, request/response,
/// per-connection state and groups.
/// </summary>
/// <remarks>
/// <para>
/// Sending is thread-safe. Frames are copied into a per-connection send queue bounded by
/// <see cref="MessageEndpointOptions.MaxSendQueueBytes"/>; one writer task sends everything queued in one write, so frames are never
/// split across small writes (Nagle's algorithm is off as well) and messages queued while a write is in progress are batched into the next write.
/// </para>
/// <para>Receiving is done by the owner (server or client) on one asynchronous loop per connection; no thread is held while a connection is idle,
/// and an idle connection holds no receive or send buffer.</para>
/// </remarks>
public sealed partial class MessageConnection : IAsyncDisposable
{
    private const int CorrelationHeaderLength = 5;
    private const int StateOpen = 0;
    private const int StateClosing = 1;
    private const int StateClosed = 2;
    private const int MinSendBuffer = 4096;
    private const int KeepSpareLimit = 64 * 1024;
    private static long s_nextId;

    private readonly Stream _stream;
    private readonly Socket? _socket;
    private readonly MessageFramer _framer;
    private readonly ILogger _logger;
    private readonly bool _correlation;
    private readonly int _maxSendQueue;
    private readonly TimeSpan _requestTimeout;
    private readonly Lock _sendLock = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private byte[]? _pending;
    private int _pendingLength;
    private int _pendingFrames;
    private byte[]? _spare;
    private int _inflightLength;
    private bool _sending;
    private bool _deferFlush;
    private TaskCompletionSource? _spaceWaiter;
    private int _state;
    private string? _closeReason;
    private PipeReader? _reader;
    private long _lastActivity;
    private int _nextCorrelationId;
    private ConcurrentDictionary<uint, TaskCompletionSource<ReceivedMessage>>? _requests;
    private HashSet<string>? _groups;

    internal MessageConnection(Stream stream, Socket? socket, MessageEndpointOptions options)
    {
        _stream = stream;
        _socket = socket;
        _framer = options.Framer;
        _logger = options.Logger ?? NullLogger.Instance;
        _correlation = options.UseCorrelationIds;
        _maxSendQueue = options.MaxSendQueueBytes;
        _requestTimeout = options.RequestTimeout;
        Id = Interlocked.Increment(ref s_nextId);
        try
        {
            RemoteEndPoint = socket?.RemoteEndPoint;
            LocalEndPoint = socket?.LocalEndPoint;
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _lastActivity = Environment.TickCount64;
        MessagingTelemetry.ConnectionsOpened.Add(1);
        MessagingTelemetry.ConnectionsActive.Add(1);
    }

    /// <summary>Gets a process-unique number for this connection (for logs and dictionaries).</summary>
    public long Id { get; }

    /// <summary>Gets the peer's address.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets the local address.</summary>
    public EndPoint? LocalEndPoint { get; }

    /// <summary>Gets whether the connection uses TLS.</summary>
    public bool IsSecure => _stream is SslStream;

    /// <summary>Gets or sets application state for this connection (for example a chat nickname).</summary>
    public object? State { get; set; }

    /// <summary>Gets whether the connection is open (not closing or closed).</summary>
    public bool IsConnected => Volatile.Read(ref _state) == StateOpen;

    /// <summary>Gets why the connection closed (for example "closed by peer", "idle timeout", "framing error"), or <see langword="null"/> while open.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Gets a task that completes when the connection has closed and released its resources.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Gets the number of bytes queued for sending and not yet written to the network.</summary>
    public int QueuedSendBytes
    {
        get
        {
            lock (_sendLock)
            {
                return _pendingLength + _inflightLength;
            }
        }
    }

    /// <summary>Gets a token that is cancelled when the connection is aborted.</summary>
    public CancellationToken ConnectionAborted => _aborted.Token;

    internal long LastActivity => Volatile.Read(ref _lastActivity);

    internal MessageFramer Framer => _framer;

    /// <summary>
    /// Queues <paramref name="payload"/> as one message. When the send queue is full the call waits until the peer has read enough
    /// (backpressure) or <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="payload">The message.</param>
    /// <param name="cancellationToken">Cancels waiting for queue space.</param>
    /// <returns>A task that completes when the message is queued (not when the peer has received it).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payload"/> is larger than the framer's maximum message size.</exception>
    /// <exception cref="ArgumentException">A delimited payload contains the delimiter.</exception>
    /// <exception cref="IOException">The connection is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        return TryEnqueue(payload.Span, default, useSpan: true, MessageKind.Message, 0, out Task? wait) switch
        {
            EnqueueResult.Queued => default,
            EnqueueResult.Closed => ValueTask.FromException(ClosedException()),
            _ => SendSlowAsync(new ReadOnlySequence<byte>(payload), MessageKind.Message, 0, wait!, cancellationToken),
        };
    }

    /// <summary>Queues <paramref name="payload"/> (for example a received <see cref="ReceivedMessage.Payload"/>) as one message; see <see cref="SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.</summary>
    /// <param name="payload">The message.</param>
    /// <param name="cancellationToken">Cancels waiting for queue space.</param>
    /// <returns>A task that completes when the message is queued.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payload"/> is larger than the framer's maximum message size.</exception>
    /// <exception cref="ArgumentException">A delimited payload contains the delimiter.</exception>
    /// <exception cref="IOException">The connection is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public ValueTask SendAsync(ReadOnlySequence<byte> payload, CancellationToken cancellationToken = default) =>
        SendCoreAsync(payload, MessageKind.Message, 0, cancellationToken);

    /// <summary>Queues <paramref name="payload"/> as one message unless the send queue is full (then the message is dropped and counted in <c>messaging.messages.dropped</c>).</summary>
    /// <param name="payload">The message.</param>
    /// <returns><see langword="true"/> when queued; <see langword="false"/> when the queue was full or the connection is closed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payload"/> is larger than the framer's maximum message size.</exception>
    /// <exception cref="ArgumentException">A delimited payload contains the delimiter.</exception>
    /// <remarks>The throwing/awaiting counterpart is <see cref="SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/>, which waits for queue space; <c>TrySend</c> is for callers that must not wait (broadcasts).</remarks>
    public bool TrySend(ReadOnlySpan<byte> payload)
    {
        EnqueueResult result = TryEnqueue(payload, default, useSpan: true, MessageKind.Message, 0, out _, createWaiter: false);
        if (result == EnqueueResult.Full)
        {
            MessagingTelemetry.MessagesDropped.Add(1);
            Log.SendQueueFull(_logger, Id, QueuedSendBytes);
        }

        return result == EnqueueResult.Queued;
    }

    /// <summary>
    /// Replies to <paramref name="request"/>: when it was sent with <see cref="RequestAsync"/>, the reply carries its correlation id;
    /// otherwise this is a plain <see cref="SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.
    /// </summary>
    /// <param name="request">The received message.</param>
    /// <param name="payload">The reply.</param>
    /// <param name="cancellationToken">Cancels waiting for queue space.</param>
    /// <returns>A task that completes when the reply is queued.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payload"/> is larger than the framer's maximum message size.</exception>
    /// <exception cref="IOException">The connection is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public ValueTask ReplyAsync(ReceivedMessage request, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        ReplyAsync(request, new ReadOnlySequence<byte>(payload), cancellationToken);

    /// <summary>Replies to <paramref name="request"/> with a payload sequence (for example an echo of the request's own payload).</summary>
    /// <param name="request">The received message.</param>
    /// <param name="payload">The reply.</param>
    /// <param name="cancellationToken">Cancels waiting for queue space.</param>
    /// <returns>A task that completes when the reply is queued.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payload"/> is larger than the framer's maximum message size.</exception>
    /// <exception cref="IOException">The connection is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public ValueTask ReplyAsync(ReceivedMessage request, ReadOnlySequence<byte> payload, CancellationToken cancellationToken = default) =>
        request.IsRequest
            ? SendCoreAsync(payload, MessageKind.Response, request.CorrelationId, cancellationToken)
            : SendCoreAsync(payload, MessageKind.Message, 0, cancellationToken);

    /// <summary>
    /// Sends <paramref name="payload"/> as a request and waits for the peer's <see cref="ReplyAsync(ReceivedMessage, ReadOnlyMemory{byte}, CancellationToken)"/>,
    /// matched by correlation id (so several requests may be outstanding). Needs <see cref="MessageEndpointOptions.UseCorrelationIds"/> on both peers.
    /// </summary>
    /// <param name="payload">The request.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The response (it owns its bytes).</returns>
    /// <exception cref="InvalidOperationException">Correlation ids are off.</exception>
    /// <exception cref="TimeoutException">No response within <see cref="MessageEndpointOptions.RequestTimeout"/>.</exception>
    /// <exception cref="IOException">The connection closed before the response arrived.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <example>
    /// <code>
    /// ReceivedMessage reply = await connection.RequestAsync("ping"u8.ToArray());
    /// Console.WriteLine(reply.GetString());
    /// </code>
    /// </example>
    public async Task<ReceivedMessage> RequestAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (!_correlation)
        {
            throw new InvalidOperationException("RequestAsync needs UseCorrelationIds = true on both peers.");
        }

        ConcurrentDictionary<uint, TaskCompletionSource<ReceivedMessage>> requests =
            LazyInitializer.EnsureInitialized(ref _requests, () => new ConcurrentDictionary<uint, TaskCompletionSource<ReceivedMessage>>());
        uint id;
        do
        {
            id = (uint)Interlocked.Increment(ref _nextCorrelationId);
        }
        while (id == 0);

        var response = new TaskCompletionSource<ReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        requests[id] = response;
        try
        {
            if (!IsConnected)
            {
                throw ClosedException();
            }

            await SendCoreAsync(new ReadOnlySequence<byte>(payload), MessageKind.Request, id, cancellationToken).ConfigureAwait(false);
            return await response.Task.WaitAsync(_requestTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            requests.TryRemove(id, out _);
        }
    }

    /// <summary>Adds this connection to a named group (see <see cref="MessageServer.Broadcast"/>).</summary>
    /// <param name="group">The group name (ordinal, case-sensitive).</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when already a member.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> is null.</exception>
    public bool JoinGroup(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        HashSet<string> groups = LazyInitializer.EnsureInitialized(ref _groups, () => new HashSet<string>(StringComparer.Ordinal));
        lock (groups)
        {
            return groups.Add(group);
        }
    }

    /// <summary>Removes this connection from a named group.</summary>
    /// <param name="group">The group name.</param>
    /// <returns><see langword="true"/> when removed; <see langword="false"/> when not a member.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> is null.</exception>
    public bool LeaveGroup(string group) => WithGroups(group, remove: true);

    /// <summary>Gets whether this connection is a member of <paramref name="group"/>.</summary>
    /// <param name="group">The group name.</param>
    /// <returns><see langword="true"/> when a member.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> is null.</exception>
    public bool IsInGroup(string group) => WithGroups(group, remove: false);

    /// <summary>Removes <paramref name="group"/> from, or looks it up in, the groups joined so far (none until the first <see cref="JoinGroup"/>).</summary>
    private bool WithGroups(string group, bool remove)
    {
        ArgumentNullException.ThrowIfNull(group);
        HashSet<string>? groups = Volatile.Read(ref _groups);
        if (groups is null)
        {
            return false;
        }

        lock (groups)
        {
            return remove ? groups.Remove(group) : groups.Contains(group);
        }
    }

    /// <summary>
    /// Closes the connection gracefully: stops reading new messages, lets the current handler finish, sends what is queued,
    /// then closes the socket (TLS close_notify and TCP FIN). If <paramref name="cancellationToken"/> is cancelled first, the connection is aborted.
    /// </summary>
    /// <param name="cancellationToken">The drain deadline.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    /// <remarks>Inside a <see cref="MessageHandler"/> of this same connection, do not await the returned task: the close completes only after
    /// the handler returns. Discard it (<c>_ = connection.CloseAsync();</c>) and return.</remarks>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, StateClosing, StateOpen) == StateOpen)
        {
            Interlocked.CompareExchange(ref _closeReason, "closed locally", null);
            PipeReader? reader = Volatile.Read(ref _reader);
            if (reader is null)
            {
                Abort("closed locally");
            }
            else
            {
                reader.CancelPendingRead();
            }
        }

        try
        {
            await Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (IsConnected || Volatile.Read(ref _state) == StateClosing)
            {
                Volatile.Write(ref _closeReason, "shutdown timeout");
            }

            Abort("shutdown timeout");
            await Completion.ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection at once, discarding queued messages.</summary>
    public void Abort() => Abort("aborted locally");

    /// <summary>Aborts the connection (see <see cref="Abort()"/>) and waits until its resources are released.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        Abort("disposed");
        if (Volatile.Read(ref _reader) is not null)
        {
            await Completion.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"#{Id} {RemoteEndPoint}";
}
