using System.Text;

namespace Forensics.Net.Pcap.Analysis.Tests.Reassembly;

/// <summary>Records every reassembler event; data per direction is concatenated, gaps appear as runs of # in the text.</summary>
internal sealed class RecordingListener : TcpStreamListener
{
    public List<string> Events { get; } = [];

    public Dictionary<(long Id, TcpDirection Dir), MemoryStream> Data { get; } = [];

    public List<TcpConnection> Opened { get; } = [];

    public List<(TcpConnection Connection, TcpCloseReason Reason)> Closed { get; } = [];

    public List<(TcpDirection Dir, long Offset, int Length)> Conflicts { get; } = [];

    public long GapBytes { get; private set; }

    public string Text(long id, TcpDirection dir) =>
        Data.TryGetValue((id, dir), out MemoryStream? ms) ? Encoding.Latin1.GetString(ms.ToArray()) : string.Empty;

    public string Text(TcpDirection dir = TcpDirection.ClientToServer) => Text(Opened[^1].Id, dir);

    public override void OnOpened(TcpConnection connection)
    {
        Opened.Add(connection);
        Events.Add("open " + connection.Id);
    }

    public override void OnData(TcpConnection connection, TcpDirection direction, ReadOnlySpan<byte> data, DateTimeOffset timestamp)
    {
        if (!Data.TryGetValue((connection.Id, direction), out MemoryStream? ms))
        {
            Data[(connection.Id, direction)] = ms = new MemoryStream();
        }

        ms.Write(data);
    }

    public override void OnGap(TcpConnection connection, TcpDirection direction, long length)
    {
        GapBytes += length;
        Events.Add($"gap {connection.Id} {direction} {length}");
        OnData(connection, direction, Encoding.Latin1.GetBytes(new string('#', (int)Math.Min(length, 1000))), default);
    }

    public override void OnOverlapConflict(TcpConnection connection, TcpDirection direction, long streamOffset, int length) =>
        Conflicts.Add((direction, streamOffset, length));

    public override void OnAborted(TcpConnection connection) => Events.Add("abort " + connection.Id);

    public override void OnClosed(TcpConnection connection, TcpCloseReason reason)
    {
        Closed.Add((connection, reason));
        Events.Add($"close {connection.Id} {reason}");
    }
}

/// <summary>Builds segments of one IPv4 connection 10.0.0.1:40000 (client) ↔ 10.0.0.2:80 (server).</summary>
internal sealed class SegmentFactory
{
    private static readonly byte[] ClientIp = [10, 0, 0, 1];
    private static readonly byte[] ServerIp = [10, 0, 0, 2];
    private readonly TcpReassembler _reassembler;
    private DateTimeOffset _time = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public SegmentFactory(TcpReassembler reassembler, uint clientIsn = 1000, uint serverIsn = 5000, ushort clientPort = 40000)
    {
        _reassembler = reassembler;
        ClientIsn = clientIsn;
        ServerIsn = serverIsn;
        ClientPort = clientPort;
    }

    public uint ClientIsn { get; }

    public uint ServerIsn { get; }

    public ushort ClientPort { get; }

    /// <summary>Three-way handshake.</summary>
    public void Handshake()
    {
        Client(ClientIsn, TcpFlags.Syn);
        Server(ServerIsn, TcpFlags.Syn | TcpFlags.Ack);
        Client(ClientIsn + 1, TcpFlags.Ack);
    }

    /// <summary>Client data at relative offset (0 = first byte after SYN).</summary>
    public void ClientData(int offset, string text, TcpFlags flags = TcpFlags.Ack | TcpFlags.Psh, ushort window = 65535) =>
        Client(unchecked(ClientIsn + 1 + (uint)offset), flags, Encoding.Latin1.GetBytes(text), window);

    public void ServerData(int offset, string text, TcpFlags flags = TcpFlags.Ack | TcpFlags.Psh) =>
        Server(unchecked(ServerIsn + 1 + (uint)offset), flags, Encoding.Latin1.GetBytes(text));

    public void ServerBytes(int offset, ReadOnlySpan<byte> data, TcpFlags flags = TcpFlags.Ack | TcpFlags.Psh) =>
        Server(unchecked(ServerIsn + 1 + (uint)offset), flags, data);

    public void Client(uint seq, TcpFlags flags, ReadOnlySpan<byte> payload = default, ushort window = 65535)
    {
        _time = _time.AddMilliseconds(1);
        _reassembler.Process(new TcpSegment(ClientIp, ServerIp, ClientPort, 80, seq, 0, flags, window, payload, _time));
    }

    public void Server(uint seq, TcpFlags flags, ReadOnlySpan<byte> payload = default, ushort window = 65535)
    {
        _time = _time.AddMilliseconds(1);
        _reassembler.Process(new TcpSegment(ServerIp, ClientIp, 80, ClientPort, seq, 0, flags, window, payload, _time));
    }

    public void Advance(TimeSpan t) => _time += t;
}
