using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
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
public sealed class MessageConnection : IAsyncDisposable
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

    /// <summary>Runs the receive loop until the connection closes. Called once by the owner.</summary>
    internal async Task RunAsync(MessageHandler handler, TimeSpan drainTimeout)
    {
        PipeReader reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 8192, minimumReadSize: 2048, leaveOpen: true, useZeroByteReads: true));
        Volatile.Write(ref _reader, reader);
        string reason = "closed by peer";
        Exception? error = null;
        try
        {
            if (Volatile.Read(ref _state) != StateOpen)
            {
                reader.CancelPendingRead();
            }

            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    reason = _closeReason ?? "closed locally";
                    break;
                }

                long available = buffer.Length;
                int messages = 0;
                try
                {
                    SetDeferFlush(true);
                    while (_framer.TryParse(ref buffer, out ReadOnlySequence<byte> frame))
                    {
                        if (messages++ == 0)
                        {
                            // Once per read, not per message: activity for the idle timeout.
                            Volatile.Write(ref _lastActivity, Environment.TickCount64);
                        }

                        if (!TryCreateMessage(frame, out ReceivedMessage message))
                        {
                            continue;
                        }

                        ValueTask handled;
                        try
                        {
                            handled = handler(message, _aborted.Token);
                            if (handled.IsCompletedSuccessfully)
                            {
                                // Observe the result so that pooled IValueTaskSource instances are released.
                                handled.GetAwaiter().GetResult();
                            }
                            else
                            {
                                SetDeferFlush(false);
                                await handled.ConfigureAwait(false);
                                SetDeferFlush(true);
                            }
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException || !_aborted.IsCancellationRequested)
                        {
                            throw new HandlerException(ex);
                        }
                    }
                }
                finally
                {
                    SetDeferFlush(false);
                    if (messages > 0)
                    {
                        MessagingTelemetry.MessagesReceived.Add(messages);
                        MessagingTelemetry.BytesReceived.Add(available - buffer.Length);
                    }
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        reason = $"closed by peer mid-frame ({buffer.Length} bytes discarded)";
                    }

                    reader.AdvanceTo(buffer.End);
                    break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (MessageFramingException ex)
        {
            reason = "framing error";
            error = ex;
            MessagingTelemetry.FramingErrors.Add(1);
            Log.FramingError(_logger, Id, RemoteEndPoint, ex);
        }
        catch (HandlerException ex)
        {
            reason = "handler failed";
            error = ex.InnerException;
            Log.HandlerFailed(_logger, Id, ex.InnerException!);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or AuthenticationException)
        {
            reason = _closeReason ?? "connection reset";
            error = ex;
        }
        catch (Exception ex)
        {
            // Never let one connection take the process down.
            reason = _closeReason ?? "internal error: " + ex.GetType().Name;
            error = ex;
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }

        if (error is null)
        {
            // Graceful: the peer half-closed or we are closing. Send what is queued, then FIN.
            await DrainAsync(drainTimeout).ConfigureAwait(false);
            await ShutdownSendAsync().ConfigureAwait(false);
        }

        Abort(reason);
        ReleaseResources();
        Log.ConnectionClosed(_logger, Id, RemoteEndPoint, _closeReason ?? reason);
        _completion.TrySetResult();
    }

    internal void Abort(string reason)
    {
        TaskCompletionSource? waiter;
        lock (_sendLock)
        {
            if (_state == StateClosed)
            {
                return;
            }

            _state = StateClosed;
            _closeReason ??= reason;
            waiter = _spaceWaiter;
            _spaceWaiter = null;
        }

        MessagingTelemetry.ConnectionsClosed.Add(1);
        MessagingTelemetry.ConnectionsActive.Add(-1);
        waiter?.TrySetResult();
        try
        {
            _aborted.Cancel();
        }
        catch (AggregateException)
        {
        }

        ConcurrentDictionary<uint, TaskCompletionSource<ReceivedMessage>>? requests = Volatile.Read(ref _requests);
        if (requests is not null)
        {
            foreach (KeyValuePair<uint, TaskCompletionSource<ReceivedMessage>> pair in requests)
            {
                pair.Value.TrySetException(ClosedException());
            }
        }

        try
        {
            _stream.Dispose();
            _socket?.Dispose();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }

        if (Volatile.Read(ref _reader) is null)
        {
            ReleaseResources();
            _completion.TrySetResult();
        }
    }

    private bool TryCreateMessage(ReadOnlySequence<byte> frame, out ReceivedMessage message)
    {
        if (!_correlation)
        {
            message = new ReceivedMessage(frame, this, RemoteEndPoint, MessageKind.Message, 0);
            return true;
        }

        if (frame.Length < CorrelationHeaderLength)
        {
            throw new MessageFramingException($"The frame is {frame.Length} bytes, shorter than the {CorrelationHeaderLength}-byte correlation header", 0);
        }

        Span<byte> header = stackalloc byte[CorrelationHeaderLength];
        frame.Slice(0, CorrelationHeaderLength).CopyTo(header);
        var kind = (MessageKind)header[0];
        uint id = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        ReadOnlySequence<byte> payload = frame.Slice(CorrelationHeaderLength);
        switch (kind)
        {
            case MessageKind.Message:
            case MessageKind.Request:
                message = new ReceivedMessage(payload, this, RemoteEndPoint, kind, id);
                return true;
            case MessageKind.Response:
                if (Volatile.Read(ref _requests) is { } requests && requests.TryRemove(id, out TaskCompletionSource<ReceivedMessage>? waiter))
                {
                    waiter.TrySetResult(new ReceivedMessage(new ReadOnlySequence<byte>(payload.ToArray()), this, RemoteEndPoint, kind, id));
                }

                // A late or unknown response (for example after a timeout) is dropped.
                message = default;
                return false;
            default:
                throw new MessageFramingException($"Unknown message kind {(byte)kind} in the correlation header", 0);
        }
    }

    private ValueTask SendCoreAsync(ReadOnlySequence<byte> payload, MessageKind kind, uint id, CancellationToken cancellationToken)
    {
        EnqueueResult result = payload.IsSingleSegment
            ? TryEnqueue(payload.FirstSpan, default, useSpan: true, kind, id, out Task? wait)
            : TryEnqueue(default, payload, useSpan: false, kind, id, out wait);
        return result switch
        {
            EnqueueResult.Queued => default,
            EnqueueResult.Closed => ValueTask.FromException(ClosedException()),
            _ => SendSlowAsync(payload, kind, id, wait!, cancellationToken),
        };
    }

    private async ValueTask SendSlowAsync(ReadOnlySequence<byte> payload, MessageKind kind, uint id, Task wait, CancellationToken cancellationToken)
    {
        while (true)
        {
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
            EnqueueResult result = TryEnqueue(default, payload, useSpan: false, kind, id, out Task? next);
            if (result == EnqueueResult.Queued)
            {
                return;
            }

            if (result == EnqueueResult.Closed)
            {
                throw ClosedException();
            }

            wait = next!;
        }
    }

    private EnqueueResult TryEnqueue(ReadOnlySpan<byte> span, in ReadOnlySequence<byte> sequence, bool useSpan, MessageKind kind, uint id, out Task? wait, bool createWaiter = true)
    {
        wait = null;
        int payloadLength = useSpan ? span.Length : checked((int)sequence.Length);
        int headerLength = _correlation ? CorrelationHeaderLength : 0;
        int frameLength = _framer.GetFrameLength(payloadLength + headerLength);
        if (useSpan)
        {
            _framer.ValidatePayload(span);
        }
        else
        {
            _framer.ValidatePayload(sequence);
        }

        bool startSending = false;
        lock (_sendLock)
        {
            if (_state == StateClosed)
            {
                return EnqueueResult.Closed;
            }

            int queued = _pendingLength + _inflightLength;
            if (queued > 0 && (long)queued + frameLength > _maxSendQueue)
            {
                if (createWaiter)
                {
                    if (!_sending && _pendingLength > 0)
                    {
                        _sending = startSending = true;
                    }

                    wait = (_spaceWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }

                if (!startSending)
                {
                    return EnqueueResult.Full;
                }
            }
            else
            {
                EnsureCapacity(frameLength);
                Span<byte> destination = _pending.AsSpan(_pendingLength, frameLength);
                int written = _framer.WritePrefix(payloadLength + headerLength, destination);
                if (_correlation)
                {
                    destination[written] = (byte)kind;
                    BinaryPrimitives.WriteUInt32BigEndian(destination[(written + 1)..], id);
                    written += CorrelationHeaderLength;
                }

                if (useSpan)
                {
                    span.CopyTo(destination[written..]);
                }
                else
                {
                    sequence.CopyTo(destination[written..]);
                }

                _framer.WriteSuffix(destination[(written + payloadLength)..]);
                _pendingLength += frameLength;
                _pendingFrames++;
                if (!_sending && !_deferFlush)
                {
                    _sending = startSending = true;
                }
            }
        }

        if (startSending)
        {
            _ = SendLoopAsync();
        }

        if (wait is not null)
        {
            return EnqueueResult.Full;
        }

        return EnqueueResult.Queued;
    }

    private void EnsureCapacity(int frameLength)
    {
        int needed = _pendingLength + frameLength;
        if (_pending is not null && _pending.Length >= needed)
        {
            return;
        }

        byte[] grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(MinSendBuffer, (_pending?.Length ?? 0) * 2)));
        if (_pending is not null)
        {
            _pending.AsSpan(0, _pendingLength).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_pending);
        }

        _pending = grown;
    }

    private void SetDeferFlush(bool defer)
    {
        bool startSending = false;
        lock (_sendLock)
        {
            _deferFlush = defer;
            if (!defer && !_sending && _pendingLength > 0 && _state != StateClosed)
            {
                _sending = startSending = true;
            }
        }

        if (startSending)
        {
            _ = SendLoopAsync();
        }
    }

    private async Task SendLoopAsync()
    {
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                int length;
                int frames;
                TaskCompletionSource? waiter;
                lock (_sendLock)
                {
                    if (buffer is not null)
                    {
                        _inflightLength = 0;
                        if (_spare is null && buffer.Length <= KeepSpareLimit && _state != StateClosed)
                        {
                            _spare = buffer;
                        }
                        else
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                        }

                        buffer = null;
                    }

                    waiter = _spaceWaiter;
                    _spaceWaiter = null;
                    if (_pendingLength == 0 || _state == StateClosed)
                    {
                        _sending = false;
                        if (_pendingLength == 0)
                        {
                            // Idle: hold no buffers.
                            if (_pending is not null)
                            {
                                ArrayPool<byte>.Shared.Return(_pending);
                                _pending = null;
                            }

                            if (_spare is not null)
                            {
                                ArrayPool<byte>.Shared.Return(_spare);
                                _spare = null;
                            }
                        }

                        waiter?.TrySetResult();
                        return;
                    }

                    buffer = _pending!;
                    length = _pendingLength;
                    frames = _pendingFrames;
                    _pendingFrames = 0;
                    _pending = _spare;
                    _spare = null;
                    _pendingLength = 0;
                    _inflightLength = length;
                }

                waiter?.TrySetResult();
                await _stream.WriteAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
                MessagingTelemetry.BytesSent.Add(length);
                MessagingTelemetry.MessagesSent.Add(frames);
                Volatile.Write(ref _lastActivity, Environment.TickCount64);
            }
        }
        catch (Exception ex)
        {
            // Whatever the stream throws, the connection is over; never leave _sending set.
            lock (_sendLock)
            {
                _sending = false;
                _inflightLength = 0;
            }

            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            Abort("send failed: " + ex.GetType().Name);
        }
    }

    private async Task DrainAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                Task wait;
                bool startSending = false;
                lock (_sendLock)
                {
                    if (_state == StateClosed || _pendingLength + _inflightLength == 0)
                    {
                        return;
                    }

                    if (!_sending)
                    {
                        _sending = startSending = true;
                    }

                    wait = (_spaceWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }

                if (startSending)
                {
                    _ = SendLoopAsync();
                }

                await wait.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            Volatile.Write(ref _closeReason, "shutdown timeout");
        }
    }

    private async Task ShutdownSendAsync()
    {
        try
        {
            if (_stream is SslStream ssl)
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await ssl.ShutdownAsync().WaitAsync(deadline.Token).ConfigureAwait(false);
            }

            _socket?.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
    }

    private void ReleaseResources()
    {
        lock (_sendLock)
        {
            if (_pending is not null)
            {
                ArrayPool<byte>.Shared.Return(_pending);
                _pending = null;
            }

            if (_spare is not null)
            {
                ArrayPool<byte>.Shared.Return(_spare);
                _spare = null;
            }

            _pendingLength = 0;
            _pendingFrames = 0;
        }
    }

    private static IOException ClosedException() => new("The connection is closed.");

    private enum EnqueueResult
    {
        Queued,
        Full,
        Closed,
    }

    private sealed class HandlerException(Exception inner) : Exception(inner.Message, inner);
}
