namespace Forensics.Net.Sockets.Messaging;

/// <summary>Event data naming a <see cref="MessageConnection"/>.</summary>
/// <param name="connection">The connection.</param>
public sealed class MessageConnectionEventArgs(MessageConnection connection) : EventArgs
{
    /// <summary>Gets the connection.</summary>
    public MessageConnection Connection { get; } = connection;
}
