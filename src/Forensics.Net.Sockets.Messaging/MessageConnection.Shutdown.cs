using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;

namespace Forensics.Net.Sockets.Messaging;

public sealed partial class MessageConnection
{
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
}
