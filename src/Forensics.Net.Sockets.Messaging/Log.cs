using System.Net;
using Microsoft.Extensions.Logging;

namespace Forensics.Net.Sockets.Messaging;

/// <summary>Source-generated log messages (no allocation when the level is off).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint? endPoint);

    [LoggerMessage(2, LogLevel.Debug, "Connection {Id} from {RemoteEndPoint} opened")]
    public static partial void ConnectionOpened(ILogger logger, long id, EndPoint? remoteEndPoint);

    [LoggerMessage(3, LogLevel.Debug, "Connection {Id} from {RemoteEndPoint} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, long id, EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Connection {Id} from {RemoteEndPoint} violated the framing and was closed")]
    public static partial void FramingError(ILogger logger, long id, EndPoint? remoteEndPoint, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Connection limit {Limit} reached; closed the connection from {RemoteEndPoint}")]
    public static partial void ConnectionRejected(ILogger logger, int limit, EndPoint? remoteEndPoint);

    [LoggerMessage(6, LogLevel.Warning, "Accept failed ({Error}); backing off {DelayMs} ms")]
    public static partial void AcceptFailed(ILogger logger, string error, int delayMs, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Connection {Id} from {RemoteEndPoint} idle for {Timeout}; closed")]
    public static partial void IdleTimeout(ILogger logger, long id, EndPoint? remoteEndPoint, TimeSpan timeout);

    [LoggerMessage(8, LogLevel.Warning, "TLS handshake with {RemoteEndPoint} failed")]
    public static partial void HandshakeFailed(ILogger logger, EndPoint? remoteEndPoint, Exception exception);

    [LoggerMessage(9, LogLevel.Error, "Message handler of connection {Id} threw; connection closed")]
    public static partial void HandlerFailed(ILogger logger, long id, Exception exception);

    [LoggerMessage(10, LogLevel.Warning, "Connect to {EndPoint} failed (attempt {Attempt}); retrying in {DelayMs} ms")]
    public static partial void ConnectRetry(ILogger logger, EndPoint endPoint, int attempt, int delayMs, Exception exception);

    [LoggerMessage(11, LogLevel.Debug, "Dropped a message for connection {Id}: send queue full ({Queued} bytes)")]
    public static partial void SendQueueFull(ILogger logger, long id, int queued);

    [LoggerMessage(12, LogLevel.Information, "Server stopped; {Remaining} connections aborted after the shutdown timeout")]
    public static partial void Stopped(ILogger logger, int remaining);
}
