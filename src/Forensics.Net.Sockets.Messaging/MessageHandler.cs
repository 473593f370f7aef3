namespace Forensics.Net.Sockets.Messaging;

/// <summary>Handles one received message.</summary>
/// <param name="message">The message. Its <see cref="ReceivedMessage.Payload"/> is valid until the returned task completes.</param>
/// <param name="cancellationToken">Signalled when the connection or server is closing.</param>
/// <returns>A task that completes when the message is handled; the next message on the same connection is handled after it.</returns>
public delegate ValueTask MessageHandler(ReceivedMessage message, CancellationToken cancellationToken);
