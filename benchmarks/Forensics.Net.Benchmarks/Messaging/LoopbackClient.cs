using System.Net;
using System.Net.Sockets;

namespace Forensics.Net.Benchmarks.Messaging;

/// <summary>The same raw socket client drives every server, so only the servers differ.</summary>
internal sealed class LoopbackClient : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _receive;

    private LoopbackClient(Socket socket, int receiveSize)
    {
        _socket = socket;
        _receive = new byte[receiveSize];
    }

    public static async Task<LoopbackClient> ConnectAsync(IPEndPoint endPoint, int receiveSize)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return new LoopbackClient(socket, receiveSize);
    }

    /// <summary>Sends <paramref name="request"/> in one write and reads exactly <paramref name="expectedBytes"/> back.</summary>
    public async ValueTask RoundTripAsync(ReadOnlyMemory<byte> request, int expectedBytes)
    {
        await _socket.SendAsync(request, SocketFlags.None);
        int read = 0;
        while (read < expectedBytes)
        {
            int n = await _socket.ReceiveAsync(_receive.AsMemory(0, Math.Min(_receive.Length, expectedBytes - read)), SocketFlags.None);
            if (n == 0)
            {
                throw new IOException("server closed the connection");
            }

            read += n;
        }
    }

    public void Dispose() => _socket.Dispose();
}
