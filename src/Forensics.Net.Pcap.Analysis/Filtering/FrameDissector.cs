using Forensics.Net.Pcap.Analysis.Internal;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Walks a capture frame by frame, in file order, and keeps the state that Wireshark's fields need: frame numbers and
/// relative times, TCP conversations numbered as tshark numbers <c>tcp.stream</c> (a new SYN with a new initial
/// sequence number on a known 4-tuple starts a new stream), relative sequence and acknowledgment numbers, the window
/// scale, <c>tcp.analysis.retransmission</c>, <c>udp.stream</c>, and (optionally) in-order TCP reassembly so that HTTP
/// requests and responses sit on the frame that completes them.
/// </summary>
/// <remarks>
/// <para>HTTP rule (as tshark with its default reassembly): the fields of a request or response are on the frame whose
/// payload completes the message — the head and, for a body with <c>Content-Length</c> or chunked coding, the last
/// byte of the body; a body without length ends with the sender's FIN. Frames in between carry no <c>http</c>. Data
/// that does not start a message (an unknown protocol on an HTTP port) is an <c>http</c> frame without request or
/// response fields, like tshark's "Continuation". HTTP is dissected on tshark's default HTTP ports (80, 3128, 3132,
/// 5985, 8080, 8088, 11371, 1900, 2869, 2710).</para>
/// <para>TLS records are read from each segment on the usual TLS ports (443, 465, 636, 853, 989–995, 5061, 8443); a
/// record split over segments is seen only in the segment where it starts. DNS is read from UDP port 53, 5353 and 5355.</para>
/// <para>Header fields allocate nothing; reassembly and DNS parsing allocate.</para>
/// </remarks>
/// <example>
/// <code>
/// var filter = DisplayFilter.Parse("tcp.port == 80 &amp;&amp; tcp.flags.syn == 1");
/// var dissector = new FrameDissector();
/// using var reader = CaptureReader.Open("capture.pcap");
/// while (reader.ReadNext())
/// {
///     DissectedFrame frame = dissector.Dissect(reader.Current);
///     if (filter.Matches(frame)) Console.WriteLine(frame.Number);
/// }
/// </code>
/// </example>
public sealed class FrameDissector
{
    private static readonly ushort[] HttpPorts = [80, 3128, 3132, 5985, 8080, 8088, 11371, 1900, 2869, 2710];
    private static readonly ushort[] TlsPorts = [443, 465, 636, 853, 989, 990, 992, 993, 994, 995, 5061, 8443];

    private readonly FrameDissectorOptions _options;
    private readonly FrameState _state = new();
    private readonly Dictionary<FlowKey, TcpConversation> _tcp = [];
    private readonly Dictionary<FlowKey, int> _udp = [];
    private int _tcpStreams;

    /// <summary>Creates a dissector for one capture.</summary>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    public FrameDissector(FrameDissectorOptions? options = null)
    {
        _options = options ?? FrameDissectorOptions.Default;
    }

    /// <summary>Gets the number of frames dissected so far.</summary>
    public long FrameCount => _state.Number;

    /// <summary>Gets the number of TCP streams seen so far.</summary>
    public int TcpStreamCount => _tcpStreams;

    /// <summary>Dissects the next record of the capture.</summary>
    /// <param name="record">The record (frames must come in file order).</param>
    /// <returns>The frame, valid until the next call.</returns>
    public DissectedFrame Dissect(CaptureRecord record) =>
        Dissect(record.Span, record.LinkType, record.TimestampNanoseconds, record.OriginalLength, _options.HasInterfaceIds ? record.InterfaceId : -1);

    /// <summary>Dissects the next frame of the capture.</summary>
    /// <param name="frame">The captured bytes.</param>
    /// <param name="linkType">The link type.</param>
    /// <param name="timestampNanoseconds">The capture time in nanoseconds since the Unix epoch.</param>
    /// <param name="originalLength">The length on the wire.</param>
    /// <param name="interfaceId">The pcapng interface id, or -1 when the capture has none.</param>
    /// <returns>The frame, valid as long as <paramref name="frame"/> and until the next call.</returns>
    public DissectedFrame Dissect(ReadOnlySpan<byte> frame, LinkType linkType, long timestampNanoseconds, long originalLength, int interfaceId = -1)
    {
        FrameState s = _state;
        s.Reset();
        s.Number++;
        if (s.Number == 1)
        {
            s.FirstTimestamp = timestampNanoseconds;
            s.PreviousTimestamp = timestampNanoseconds;
        }
        else
        {
            s.PreviousTimestamp = s.Timestamp;
        }

        s.Timestamp = timestampNanoseconds;
        s.OriginalLength = originalLength;
        s.InterfaceId = interfaceId;
        var packet = new PacketView(frame, linkType);
        if (packet.IsTcp)
        {
            TrackTcp(packet, s, timestampNanoseconds);
        }
        else if (packet.IsUdp)
        {
            FlowKey key = FlowKey.Create(packet, out _);
            if (!_udp.TryGetValue(key, out int stream))
            {
                stream = _udp.Count;
                _udp.Add(key, stream);
            }

            s.UdpStream = stream;
            s.IsDnsPort = IsDnsPort(packet.SourcePort) || IsDnsPort(packet.DestinationPort);
        }

        return new DissectedFrame(packet, this, s);
    }

    private static bool IsDnsPort(ushort p) => p is 53 or 5353 or 5355;

    private void TrackTcp(PacketView packet, FrameState s, long now)
    {
        FlowKey key = FlowKey.Create(packet, out bool fromA);
        TcpFlags flags = packet.TcpFlags;
        uint seq = packet.SequenceNumber;
        uint ack = packet.AcknowledgmentNumber;
        bool syn = (flags & TcpFlags.Syn) != 0;
        bool ackFlag = (flags & TcpFlags.Ack) != 0;
        bool fin = (flags & TcpFlags.Fin) != 0;
        bool rst = (flags & TcpFlags.Rst) != 0;
        if (!_tcp.TryGetValue(key, out TcpConversation? conv))
        {
            conv = NewConversation(packet);
            _tcp.Add(key, conv);
        }
        else if (syn && !ackFlag)
        {
            TcpDirectionTracker f = fromA ? conv.A : conv.B;
            if (f.BaseSet && seq != f.Base)
            {
                conv = NewConversation(packet);
                _tcp[key] = conv;
            }
        }

        TcpDirectionTracker fwd = fromA ? conv.A : conv.B;
        TcpDirectionTracker rev = fromA ? conv.B : conv.A;
        s.TcpStream = conv.Stream;
        s.IsHttpPort = conv.IsHttp;
        s.IsTlsPort = conv.IsTls;

        if (syn)
        {
            fwd.WindowScale = packet.TryGetTcpOption(3, out ReadOnlySpan<byte> ws) && ws.Length >= 1 ? Math.Min((int)ws[0], 14) : -1;
            if (!ackFlag)
            {
                conv.SynTime = now;
            }
            else
            {
                conv.SynAckSeen = true;
            }
        }
        else if (ackFlag && conv.SynAckSeen && conv.FirstRtt == 0 && conv.SynTime >= 0)
        {
            conv.FirstRtt = now - conv.SynTime;
        }

        if (!fwd.BaseSet)
        {
            fwd.BaseSet = true;
            fwd.Base = syn ? seq : seq - 1;
        }

        if (ackFlag && !rev.BaseSet)
        {
            rev.BaseSet = true;
            rev.Base = ack - 1;
        }

        int len = packet.Payload.Length;
        s.RelSeq = seq - fwd.Base;
        s.RelAck = ackFlag ? ack - rev.Base : 0;
        s.AckFlagRelative = ackFlag;
        uint seqEnd = seq + (uint)len + (syn ? 1u : 0u) + (fin ? 1u : 0u);
        s.NextSeq = seqEnd - fwd.Base;
        s.HasNextSeq = true;
        s.WindowSize = packet.Window;
        if (!syn && fwd.WindowScale >= 0 && rev.WindowScale >= 0)
        {
            s.WindowSize = (long)packet.Window << fwd.WindowScale;
        }

        // Retransmission analysis (a simplified tcp_analyze_sequence_number).
        if ((len > 0 || syn || fin) && fwd.NextSet && (int)(fwd.NextSeq - seq) > 0)
        {
            bool keepAlive = len <= 1 && !syn && !fin && !rst && fwd.NextSeq - 1 == seq;
            if (!keepAlive && len > 0 && rev.AckSet && (int)(seq + (uint)len - rev.LastAck) <= 0)
            {
                s.Retransmission = true; // spurious: the data was already acknowledged
            }
            else if (!keepAlive)
            {
                long threshold = conv.FirstRtt > 0 ? conv.FirstRtt : 3_000_000;
                bool outOfOrder = now - fwd.NextSeqTime < threshold && fwd.NextSeq != seqEnd;
                if (!outOfOrder)
                {
                    s.Retransmission = true;
                }
            }
        }

        if (!fwd.NextSet || (int)(seqEnd - fwd.NextSeq) > 0)
        {
            if (!s.Retransmission)
            {
                fwd.NextSet = true;
                fwd.NextSeq = seqEnd;
                fwd.NextSeqTime = now;
            }
        }

        if (ackFlag && (!fwd.AckSet || (int)(ack - fwd.LastAck) > 0))
        {
            fwd.AckSet = true;
            fwd.LastAck = ack;
        }

        if (!_options.DissectApplicationLayers)
        {
            return;
        }

        if (!conv.IsHttp && !conv.IsTls && !conv.HeuristicTried && len > 0)
        {
            // tshark's "HTTP over TCP" heuristic (enabled by default): a conversation on no known port whose first
            // payload starts an HTTP message becomes HTTP.
            conv.HeuristicTried = true;
            conv.IsHttp = HttpDirectionState.LooksLikeStart(packet.Payload, request: true);
            s.IsHttpPort = conv.IsHttp;
        }

        if (conv.IsHttp)
        {
            bool toServer = IsHttpServerPort(packet.DestinationPort) && !IsHttpServerPort(packet.SourcePort)
                            || (IsHttpServerPort(packet.DestinationPort) && packet.DestinationPort <= packet.SourcePort);
            fwd.Http ??= new HttpDirectionState { IsRequestSide = toServer };
            if (len > 0 || fin || rst)
            {
                fwd.Http.Add(seq + (syn ? 1u : 0u), packet.Payload, fin || rst, conv, s.Http);
            }
        }
        else if (conv.IsTls && len > 0)
        {
            HttpDirectionState.ParseTls(packet.Payload, s.Tls);
        }
    }

    private static bool IsHttpServerPort(ushort port) => Array.IndexOf(HttpPorts, port) >= 0;

    private TcpConversation NewConversation(PacketView packet)
    {
        var conv = new TcpConversation { Stream = _tcpStreams++ };
        conv.IsHttp = IsHttpServerPort(packet.SourcePort) || IsHttpServerPort(packet.DestinationPort);
        conv.IsTls = !conv.IsHttp && (Array.IndexOf(TlsPorts, packet.SourcePort) >= 0 || Array.IndexOf(TlsPorts, packet.DestinationPort) >= 0);
        return conv;
    }
}
