using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Forensics.Net.Sockets.Messaging;

/// <summary>
/// A UDP endpoint with the same message shape as the TCP classes: each datagram is one <see cref="ReceivedMessage"/>
/// (with <see cref="ReceivedMessage.RemoteEndPoint"/> set and no connection). Datagrams above <see cref="MaxDatagramSize"/> are dropped and counted.
/// </summary>
/// <remarks>UDP does not retransmit or order: a datagram may be lost, duplicated or reordered. Receive from one task at a time.</remarks>
/// <example>
/// <code>
/// using var server = new UdpMessageEndpoint(new IPEndPoint(IPAddress.Loopback, 0));
/// using var client = new UdpMessageEndpoint(new IPEndPoint(IPAddress.Loopback, 0));
/// await client.SendAsync("hello"u8.ToArray(), server.LocalEndPoint);
/// ReceivedMessage datagram = await server.ReceiveAsync();
/// await server.SendAsync(datagram.Payload.ToArray(), datagram.RemoteEndPoint!);
/// </code>
/// </example>
public sealed class UdpMessageEndpoint : IDisposable
{
    /// <summary>The largest UDP payload over IPv4: 65 507 bytes (65 535 − 8-byte UDP header − 20-byte IP header; RFC 768, RFC 791).</summary>
    public const int MaxUdpPayload = 65_507;

    private readonly Socket _socket;
    private readonly byte[] _buffer;
    private readonly EndPoint _anyEndPoint;

    /// <summary>Binds a UDP socket to <paramref name="localEndPoint"/> (port 0 picks a free port).</summary>
    /// <param name="localEndPoint">The local address and port.</param>
    /// <param name="maxDatagramSize">The largest datagram sent or accepted; default and maximum <see cref="MaxUdpPayload"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="localEndPoint"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDatagramSize"/> is not between 1 and <see cref="MaxUdpPayload"/>.</exception>
    /// <exception cref="SocketException">The address could not be bound.</exception>
    public UdpMessageEndpoint(IPEndPoint localEndPoint, int maxDatagramSize = MaxUdpPayload)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDatagramSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDatagramSize, MaxUdpPayload);
        MaxDatagramSize = maxDatagramSize;
        _socket = new Socket(localEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(localEndPoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        // One spare byte shows that a datagram was larger than the limit (the kernel truncates silently on Linux).
        _buffer = new byte[maxDatagramSize + 1];
        _anyEndPoint = localEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>Gets the bound address, with the actual port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Gets the largest datagram sent or accepted.</summary>
    public int MaxDatagramSize { get; }

    /// <summary>Sends <paramref name="payload"/> as one datagram.</summary>
    /// <param name="payload">The message.</param>
    /// <param name="remoteEndPoint">The destination.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="remoteEndPoint"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payload"/> is larger than <see cref="MaxDatagramSize"/>.</exception>
    /// <exception cref="SocketException">The send failed.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, EndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        if (payload.Length > MaxDatagramSize)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"The datagram is larger than the maximum datagram size ({MaxDatagramSize} bytes).");
        }

        int sent = await _socket.SendToAsync(payload, SocketFlags.None, remoteEndPoint, cancellationToken).ConfigureAwait(false);
        MessagingTelemetry.MessagesSent.Add(1);
        MessagingTelemetry.BytesSent.Add(sent);
    }

    /// <summary>Waits for the next datagram of at most <see cref="MaxDatagramSize"/> bytes (larger ones are dropped and counted).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The datagram; it owns its bytes.</returns>
    /// <exception cref="SocketException">The receive failed.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<ReceivedMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, _anyEndPoint, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.MessageSize or SocketError.ConnectionReset)
            {
                // Windows reports an oversized datagram as MessageSize and an ICMP port-unreachable as ConnectionReset.
                MessagingTelemetry.MessagesDropped.Add(ex.SocketErrorCode == SocketError.MessageSize ? 1 : 0);
                continue;
            }

            MessagingTelemetry.BytesReceived.Add(result.ReceivedBytes);
            if (result.ReceivedBytes > MaxDatagramSize)
            {
                MessagingTelemetry.MessagesDropped.Add(1);
                continue;
            }

            MessagingTelemetry.MessagesReceived.Add(1);
            byte[] payload = _buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            return new ReceivedMessage(new ReadOnlySequence<byte>(payload), null, result.RemoteEndPoint, MessageKind.Message, 0);
        }
    }

    /// <summary>Returns datagrams as they arrive until cancelled or disposed.</summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The datagrams.</returns>
    public async IAsyncEnumerable<ReceivedMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ReceivedMessage message;
            try
            {
                message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                yield break;
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            yield return message;
        }
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();
}
