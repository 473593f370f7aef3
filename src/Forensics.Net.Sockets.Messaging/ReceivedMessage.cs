using System.Buffers;
using System.Net;
using System.Text;

namespace Forensics.Net.Sockets.Messaging;

/// <summary>
/// One message received on a <see cref="MessageConnection"/> (TCP) or a <see cref="UdpMessageEndpoint"/> (UDP).
/// </summary>
/// <remarks>
/// In a <see cref="MessageHandler"/> the <see cref="Payload"/> is a slice of the connection's receive buffer: it is valid only
/// until the handler's task completes (call <see cref="ToArray"/> to keep it). Messages returned by <c>ReceiveAsync</c> and
/// <c>ReadAllAsync</c> own a copy of their bytes.
/// </remarks>
public readonly struct ReceivedMessage
{
    internal ReceivedMessage(ReadOnlySequence<byte> payload, MessageConnection? connection, EndPoint? remoteEndPoint, MessageKind kind, uint correlationId)
    {
        Payload = payload;
        Connection = connection;
        RemoteEndPoint = remoteEndPoint;
        Kind = kind;
        CorrelationId = correlationId;
    }

    /// <summary>Gets the message bytes (without framing or correlation header).</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>Gets the payload length in bytes.</summary>
    public int Length => (int)Payload.Length;

    /// <summary>Gets the TCP connection the message arrived on, or <see langword="null"/> for a UDP datagram.</summary>
    public MessageConnection? Connection { get; }

    /// <summary>Gets the sender's address.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets whether the peer sent this message with <see cref="MessageConnection.RequestAsync"/> and expects a reply (<see cref="MessageConnection.ReplyAsync(ReceivedMessage, ReadOnlyMemory{byte}, CancellationToken)"/>).</summary>
    public bool IsRequest => Kind == MessageKind.Request;

    /// <summary>Gets the correlation id of a request or response, or 0 for a plain message (only when <see cref="MessageEndpointOptions.UseCorrelationIds"/> is on).</summary>
    public uint CorrelationId { get; }

    internal MessageKind Kind { get; }

    /// <summary>Copies the payload into a new array.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToArray() => Payload.ToArray();

    /// <summary>Decodes the payload as text.</summary>
    /// <param name="encoding">The encoding; UTF-8 when <see langword="null"/>.</param>
    /// <returns>The text.</returns>
    public string GetString(Encoding? encoding = null) => (encoding ?? Encoding.UTF8).GetString(Payload);

    /// <summary>Returns a copy of this message that owns its payload bytes (safe to keep after a handler returns).</summary>
    /// <returns>The detached message.</returns>
    public ReceivedMessage Detach() => new(new ReadOnlySequence<byte>(Payload.ToArray()), Connection, RemoteEndPoint, Kind, CorrelationId);
}

/// <summary>The kind byte of the optional correlation header.</summary>
internal enum MessageKind : byte
{
    Message = 0,
    Request = 1,
    Response = 2,
}
