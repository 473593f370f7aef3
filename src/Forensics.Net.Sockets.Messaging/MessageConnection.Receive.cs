using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Forensics.Net.Sockets.Messaging;

public sealed partial class MessageConnection
{
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

    private sealed class HandlerException(Exception inner) : Exception(inner.Message, inner);
}
