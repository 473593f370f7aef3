namespace Forensics.Net.Pcap.Analysis.Internal;

/// <summary>The per-frame results of the stateful dissection, reused from frame to frame.</summary>
internal sealed class FrameState
{
    public long Number;
    public long Timestamp;
    public long FirstTimestamp;
    public long PreviousTimestamp;
    public long OriginalLength;
    public int InterfaceId = -1;
    public int TcpStream = -1;
    public int UdpStream = -1;
    public uint RelSeq;
    public uint RelAck;
    public uint NextSeq;
    public bool HasNextSeq;
    public long WindowSize;
    public bool Retransmission;
    public bool AckFlagRelative;
    public bool IsHttpPort;
    public bool IsTlsPort;
    public bool IsDnsPort;
    public readonly List<HttpMessageInfo> Http = [];
    public readonly List<TlsRecordInfo> Tls = [];
    public bool DnsParsed;
    public DnsMessage? Dns;
    public byte[] Aux = new byte[1024];
    public int AuxLength;
    public char[] Chars = new char[1024];

    public void Reset()
    {
        TcpStream = -1;
        UdpStream = -1;
        RelSeq = 0;
        RelAck = 0;
        NextSeq = 0;
        HasNextSeq = false;
        WindowSize = 0;
        Retransmission = false;
        IsHttpPort = false;
        IsTlsPort = false;
        IsDnsPort = false;
        Http.Clear();
        Tls.Clear();
        DnsParsed = false;
        Dns = null;
        AuxLength = 0;
    }

    public int AppendAux(ReadOnlySpan<byte> data)
    {
        if (AuxLength + data.Length > Aux.Length)
        {
            Array.Resize(ref Aux, Math.Max(Aux.Length * 2, AuxLength + data.Length));
        }

        int off = AuxLength;
        data.CopyTo(Aux.AsSpan(off));
        AuxLength += data.Length;
        return off;
    }

    public Span<byte> ReserveAux(int length, out int offset)
    {
        if (AuxLength + length > Aux.Length)
        {
            Array.Resize(ref Aux, Math.Max(Aux.Length * 2, AuxLength + length));
        }

        offset = AuxLength;
        AuxLength += length;
        return Aux.AsSpan(offset, length);
    }
}
