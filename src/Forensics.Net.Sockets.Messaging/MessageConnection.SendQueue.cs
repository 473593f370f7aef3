using System.Buffers;
using System.Buffers.Binary;

namespace Forensics.Net.Sockets.Messaging;

public sealed partial class MessageConnection
{
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

    private enum EnqueueResult
    {
        Queued,
        Full,
        Closed,
    }
}
