using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Forensics.Net.Benchmarks.Messaging;

/// <summary>
/// The baseline: a plain System.IO.Pipelines echo server for 4-byte big-endian length framing, written the way the
/// Pipelines documentation and samples do it (PipeReader/PipeWriter over a NetworkStream, one accept loop, one task per connection).
/// <see cref="FlushPerRead"/> = false writes and flushes each reply (the common form); true flushes once per read (hand-tuned).
/// </summary>
public sealed class PipelinesEchoServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _accepted = [];
    private readonly bool _echo;
    private int _connections;

    public PipelinesEchoServer(bool flushPerRead, bool echo = true)
    {
        FlushPerRead = flushPerRead;
        _echo = echo;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        _ = AcceptLoopAsync();
    }

    public bool FlushPerRead { get; }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public int ConnectionCount => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        lock (_accepted)
        {
            _accepted.ForEach(s => s.Dispose());
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            socket.NoDelay = true;
            lock (_accepted)
            {
                _accepted.Add(socket);
            }

            _ = _echo ? EchoAsync(socket) : HoldAsync(socket);
        }
    }

    /// <summary>Accept-and-hold (no reading): the floor for per-connection memory.</summary>
    private Task HoldAsync(Socket socket)
    {
        Interlocked.Increment(ref _connections);
        return Task.CompletedTask;
    }

    private async Task EchoAsync(Socket socket)
    {
        Interlocked.Increment(ref _connections);
        var stream = new NetworkStream(socket, ownsSocket: true);
        PipeReader reader = PipeReader.Create(stream);
        PipeWriter writer = PipeWriter.Create(stream);
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync();
                ReadOnlySequence<byte> buffer = result.Buffer;
                while (TryReadFrame(ref buffer, out ReadOnlySequence<byte> payload))
                {
                    Span<byte> span = writer.GetSpan(4 + (int)payload.Length);
                    BinaryPrimitives.WriteUInt32BigEndian(span, (uint)payload.Length);
                    payload.CopyTo(span[4..]);
                    writer.Advance(4 + (int)payload.Length);
                    if (!FlushPerRead)
                    {
                        await writer.FlushAsync();
                    }
                }

                if (FlushPerRead)
                {
                    await writer.FlushAsync();
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception)
        {
            // Connection reset: done.
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
            await reader.CompleteAsync();
            await writer.CompleteAsync();
            socket.Dispose();
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (buffer.Length < 4 + length)
        {
            return false;
        }

        payload = buffer.Slice(4, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }
}
