using Forensics.Net.Pcap.Analysis.Internal;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// One frame as a <see cref="FrameDissector"/> saw it: the decoded headers plus the per-capture state that Wireshark
/// fields need (frame number, relative time, <c>tcp.stream</c>, relative sequence numbers, HTTP messages completed on
/// this frame). Valid until the dissector's next <see cref="FrameDissector.Dissect(CaptureRecord)"/>.
/// </summary>
public readonly ref struct DissectedFrame
{
    internal DissectedFrame(PacketView packet, FrameDissector dissector, FrameState state)
    {
        Packet = packet;
        Dissector = dissector;
        State = state;
    }

    /// <summary>Gets the decoded headers.</summary>
    public PacketView Packet { get; }

    /// <summary>Gets the one-based frame number (<c>frame.number</c>).</summary>
    public long Number => State.Number;

    /// <summary>Gets the capture time in nanoseconds since the Unix epoch (<c>frame.time_epoch</c>).</summary>
    public long TimestampNanoseconds => State.Timestamp;

    /// <summary>Gets the time since the first frame in nanoseconds (<c>frame.time_relative</c>).</summary>
    public long RelativeNanoseconds => State.Timestamp - State.FirstTimestamp;

    /// <summary>Gets the length of the frame on the wire (<c>frame.len</c>).</summary>
    public long OriginalLength => State.OriginalLength;

    /// <summary>Gets the TCP conversation index as tshark numbers it (<c>tcp.stream</c>), or -1.</summary>
    public int TcpStream => State.TcpStream;

    /// <summary>Gets the UDP conversation index (<c>udp.stream</c>), or -1.</summary>
    public int UdpStream => State.UdpStream;

    /// <summary>Gets the number of HTTP requests and responses completed on this frame.</summary>
    public int HttpMessageCount => State.Http.Count;

    internal FrameDissector Dissector { get; }

    internal FrameState State { get; }
}
