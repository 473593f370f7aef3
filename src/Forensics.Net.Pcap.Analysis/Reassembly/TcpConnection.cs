using System.Net;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// One TCP connection tracked by a <see cref="TcpReassembler"/>: its endpoints, times, state and per-direction counters.
/// The client is the side that sent the first SYN; on mid-stream pickup (no SYN seen) it is guessed:
/// the endpoint with the higher port is taken as the client.
/// </summary>
public sealed class TcpConnection
{
    internal readonly TcpDirectionState[] Directions = new TcpDirectionState[2];

    internal TcpConnection(long id, IPEndPoint client, IPEndPoint server, bool clientIsA, bool midStream, DateTimeOffset timestamp)
    {
        Id = id;
        Client = client;
        Server = server;
        ClientIsA = clientIsA;
        IsMidStreamPickup = midStream;
        FirstTimestamp = timestamp;
        LastTimestamp = timestamp;
        Directions[0] = new TcpDirectionState();
        Directions[1] = new TcpDirectionState();
    }

    /// <summary>Gets a number unique within the reassembler, in order of opening (starting at 1).</summary>
    public long Id { get; }

    /// <summary>Gets the client endpoint.</summary>
    public IPEndPoint Client { get; }

    /// <summary>Gets the server endpoint.</summary>
    public IPEndPoint Server { get; }

    /// <summary>Gets a value indicating whether the connection was picked up without its SYN (the client/server roles are then a guess).</summary>
    public bool IsMidStreamPickup { get; }

    /// <summary>Gets the capture time of the first segment.</summary>
    public DateTimeOffset FirstTimestamp { get; }

    /// <summary>Gets the capture time of the latest segment.</summary>
    public DateTimeOffset LastTimestamp { get; internal set; }

    /// <summary>Gets the state.</summary>
    public TcpConnectionState State { get; internal set; }

    /// <summary>Gets or sets any object a listener wants to attach to the connection (for example its protocol parser state).</summary>
    public object? UserState { get; set; }

    internal bool ClientIsA { get; }

    /// <summary>Gets the number of payload bytes delivered in order in one direction.</summary>
    /// <param name="direction">The direction.</param>
    /// <returns>The byte count.</returns>
    public long GetBytesDelivered(TcpDirection direction) => Directions[(int)direction].Delivered;

    /// <summary>Gets the number of bytes declared missing (gaps) in one direction.</summary>
    /// <param name="direction">The direction.</param>
    /// <returns>The byte count.</returns>
    public long GetGapBytes(TcpDirection direction) => Directions[(int)direction].GapBytes;

    /// <summary>Returns <c>client -> server</c> with ports.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{Client} -> {Server}";
}
