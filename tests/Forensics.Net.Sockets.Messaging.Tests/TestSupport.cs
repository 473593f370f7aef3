using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Forensics.Net.Sockets.Messaging.Tests;

/// <summary>Bounded waits, loopback helpers and multi-segment sequences for the tests.</summary>
internal static class TestSupport
{
    public static readonly IPEndPoint AnyLoopback = new(IPAddress.Loopback, 0);

    /// <summary>Every network wait in the tests is bounded by this.</summary>
    public static CancellationTokenSource Timeout(int seconds = 15) => new(TimeSpan.FromSeconds(seconds));

    public static MessageServer StartEchoServer(MessageServerOptions? options = null)
    {
        var server = new MessageServer(AnyLoopback, options);
        server.Start(static (message, ct) => message.Connection!.ReplyAsync(message, message.Payload, ct));
        return server;
    }

    public static async Task<Socket> ConnectRawAsync(IPEndPoint endPoint, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint, ct);
        return socket;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes or throws at end of stream.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, CancellationToken ct)
    {
        byte[] buffer = new byte[count];
        int read = 0;
        while (read < count)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, ct);
            if (n == 0)
            {
                throw new EndOfStreamException($"end of stream after {read} of {count} bytes");
            }

            read += n;
        }

        return buffer;
    }

    /// <summary>Reads until the peer closes (0 bytes or reset); returns what arrived.</summary>
    public static async Task<byte[]> ReadToEndAsync(Socket socket, CancellationToken ct)
    {
        var all = new MemoryStream();
        byte[] buffer = new byte[8192];
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (n == 0)
                {
                    break;
                }

                all.Write(buffer, 0, n);
            }
        }
        catch (SocketException)
        {
            // A reset counts as closed.
        }

        return all.ToArray();
    }

    public static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(10, ct);
        }
    }

    /// <summary>Builds a multi-segment sequence, one segment per chunk.</summary>
    public static ReadOnlySequence<byte> Sequence(IReadOnlyList<byte[]> chunks)
    {
        if (chunks.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(chunks[0], 0);
        Segment last = first;
        for (int i = 1; i < chunks.Count; i++)
        {
            last = last.Append(chunks[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="data"/> at the given cut points.</summary>
    public static List<byte[]> Split(byte[] data, IEnumerable<int> cuts)
    {
        var chunks = new List<byte[]>();
        int start = 0;
        foreach (int cut in cuts.Where(c => c > 0 && c < data.Length).Distinct().Order())
        {
            chunks.Add(data[start..cut]);
            start = cut;
        }

        chunks.Add(data[start..]);
        return chunks;
    }

    /// <summary>Feeds chunks one at a time as a pipe would (unconsumed bytes stay) and returns every parsed message.</summary>
    public static List<byte[]> ParseIncrementally(MessageFramer framer, IReadOnlyList<byte[]> chunks)
    {
        var messages = new List<byte[]>();
        var unconsumed = new List<byte[]>();
        foreach (byte[] chunk in chunks)
        {
            unconsumed.Add(chunk);
            ReadOnlySequence<byte> buffer = Sequence(unconsumed);
            long before = buffer.Length;
            while (framer.TryParse(ref buffer, out ReadOnlySequence<byte> message))
            {
                messages.Add(message.ToArray());
            }

            byte[] rest = buffer.ToArray();
            unconsumed.Clear();
            if (rest.Length > 0)
            {
                unconsumed.Add(rest);
            }

            _ = before;
        }

        return messages;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
