using System.Buffers.Binary;
using System.Text;

namespace Forensics.Net.Pcap.Analysis.Internal;

/// <summary>One HTTP request or response as the filter sees it, attached to the frame that completed it.</summary>
internal sealed class HttpMessageInfo
{
    public bool IsRequest;
    public bool IsContinuation;
    public string? Method;
    public string? Uri;
    public string? Version;
    public int Code;
    public string? Phrase;
    public string? Host;
    public string? FullUri;
    public List<KeyValuePair<string, string>> Headers = [];
    public byte[] Body = [];
    public byte[] Raw = [];
    public string? StartLine;

    public string? Header(string name)
    {
        foreach (KeyValuePair<string, string> h in Headers)
        {
            if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return h.Value;
            }
        }

        return null;
    }
}

/// <summary>One TLS record seen in a segment.</summary>
internal readonly record struct TlsRecordInfo(byte ContentType, ushort Version, ushort Length, int HandshakeType, ushort HandshakeVersion, ushort[]? CipherSuites, string? ServerName);

internal sealed class TcpDirectionTracker
{
    public bool BaseSet;
    public uint Base;
    public bool NextSet;
    public uint NextSeq;
    public long NextSeqTime;
    public bool AckSet;
    public uint LastAck;
    public int WindowScale = -2; // -2 unknown (no SYN seen), -1 SYN without the option, else the shift
    public bool Fin;
    public HttpDirectionState? Http;
}

internal sealed class TcpConversation
{
    public int Stream;
    public TcpDirectionTracker A = new();
    public TcpDirectionTracker B = new();
    public long SynTime = -1;
    public long FirstRtt;
    public bool SynAckSeen;
    public bool IsHttp;
    public bool IsTls;
    public bool HeuristicTried;
    public Queue<string> RequestMethods = new();
}

/// <summary>In-order reassembly of one TCP direction and the HTTP messages in it.</summary>
internal sealed class HttpDirectionState
{
    private const int MaxBuffered = 32 * 1024 * 1024;

    private byte[] _buffer = new byte[4096];
    private int _length;
    private bool _expectedSet;
    private uint _expected;
    private bool _broken;
    private bool _holed;
    private uint _msgEnd;

    // Current message state.
    private HttpMessageInfo? _head;
    private int _headLength;
    private long _bodyNeeded = -1; // -1 unknown, -2 chunked, -3 until close
    private bool _chunkedDone;

    public bool IsRequestSide { get; init; }

    public void Add(uint seq, ReadOnlySpan<byte> payload, bool fin, TcpConversation conv, List<HttpMessageInfo> completed)
    {
        if (_broken)
        {
            return;
        }

        if (payload.Length > 0)
        {
            if (!_expectedSet)
            {
                _expectedSet = true;
                _expected = seq;
            }

            int diff = (int)(seq - _expected);
            if (diff > 0 && !_holed && _head is not null && _bodyNeeded >= 0)
            {
                // A gap inside a message of known length: like tshark, the message cannot be reassembled and its
                // remaining segments are skipped up to its last byte.
                _msgEnd = _expected - (uint)_length + (uint)_headLength + (uint)_bodyNeeded;
                _holed = (int)(seq - _msgEnd) < 0;
            }

            if (_holed)
            {
                uint end = seq + (uint)payload.Length;
                if ((int)(end - _msgEnd) <= 0)
                {
                    _expected = end;
                    return;
                }

                _holed = false;
                _head = null;
                _length = 0;
                int skip = Math.Max(0, (int)(_msgEnd - seq));
                _expected = seq + (uint)skip;
                payload = payload[skip..];
                diff = 0;
            }
            else if (diff > 0)
            {
                // A gap between messages or in a head: dissection restarts at this segment.
                _length = 0;
                _head = null;
                _expected = seq;
                diff = 0;
            }

            if (-diff < payload.Length)
            {
                Append(payload[-diff..]);
            }
            else if (!fin)
            {
                return; // a retransmission of data already seen: not dissected again
            }
        }

        Process(conv, completed, fin);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        _expected += (uint)data.Length;
        if (_length + data.Length > MaxBuffered)
        {
            _broken = true;
            return;
        }

        if (_length + data.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + data.Length));
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    private void Consume(int n)
    {
        Buffer.BlockCopy(_buffer, n, _buffer, 0, _length - n);
        _length -= n;
    }

    private void Process(TcpConversation conv, List<HttpMessageInfo> completed, bool fin)
    {
        for (int guard = 0; guard < 1000; guard++)
        {
            if (_head is null)
            {
                if (_length == 0)
                {
                    return;
                }

                ReadOnlySpan<byte> data = _buffer.AsSpan(0, _length);
                if (!LooksLikeStart(data, IsRequestSide))
                {
                    // Not at a message start: tshark shows such data as "Continuation".
                    completed.Add(new HttpMessageInfo { IsContinuation = true, IsRequest = IsRequestSide, Raw = data.ToArray() });
                    _length = 0;
                    return;
                }

                int end = data.IndexOf("\r\n\r\n"u8);
                int endLen = 4;
                if (end < 0)
                {
                    if (_length > 64 * 1024)
                    {
                        _broken = true;
                    }

                    return;
                }

                _headLength = end + endLen;
                _head = ParseHead(data[.._headLength], IsRequestSide, conv);
                _bodyNeeded = BodyLength(_head, conv);
                _chunkedDone = false;
            }

            if (_bodyNeeded >= 0)
            {
                if (_length - _headLength < _bodyNeeded)
                {
                    if (fin)
                    {
                        // Truncated body: tshark gives up the reassembly; we deliver what arrived.
                        Finish(completed, _length - _headLength, _buffer.AsSpan(_headLength, _length - _headLength).ToArray(), _length);
                    }

                    return;
                }

                int bodyLen = (int)_bodyNeeded;
                Finish(completed, bodyLen, _buffer.AsSpan(_headLength, bodyLen).ToArray(), _headLength + bodyLen);
                continue;
            }

            if (_bodyNeeded == -2)
            {
                if (!TryDechunk(_buffer.AsSpan(_headLength, _length - _headLength), out byte[]? body, out int used))
                {
                    if (fin)
                    {
                        Finish(completed, 0, body ?? [], _length);
                    }

                    return;
                }

                Finish(completed, body!.Length, body, _headLength + used);
                continue;
            }

            // Until close.
            if (fin)
            {
                Finish(completed, _length - _headLength, _buffer.AsSpan(_headLength, _length - _headLength).ToArray(), _length);
            }

            return;
        }
    }

    private void Finish(List<HttpMessageInfo> completed, int bodyLength, byte[] body, int consumed)
    {
        HttpMessageInfo m = _head!;
        m.Body = body;
        m.Raw = _buffer.AsSpan(0, consumed).ToArray();
        completed.Add(m);
        Consume(consumed);
        _head = null;
        _ = bodyLength;
        _ = _chunkedDone;
    }

    private static bool TryDechunk(ReadOnlySpan<byte> data, out byte[]? body, out int used)
    {
        var output = new List<byte>();
        int pos = 0;
        while (true)
        {
            int lineEnd = data[pos..].IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                body = output.ToArray();
                used = 0;
                return false;
            }

            ReadOnlySpan<byte> line = data.Slice(pos, lineEnd);
            int semi = line.IndexOf((byte)';');
            if (semi >= 0)
            {
                line = line[..semi];
            }

            long size = 0;
            foreach (byte b in line.Trim((byte)' '))
            {
                int v = b is >= (byte)'0' and <= (byte)'9' ? b - '0' : (b | 0x20) is >= 'a' and <= 'f' ? (b | 0x20) - 'a' + 10 : -1;
                if (v < 0 || size > int.MaxValue / 16)
                {
                    body = output.ToArray();
                    used = data.Length;
                    return true; // malformed: give up on this message
                }

                size = (size * 16) + v;
            }

            pos += lineEnd + 2;
            if (size == 0)
            {
                // Trailers until an empty line.
                while (true)
                {
                    int te = data[pos..].IndexOf("\r\n"u8);
                    if (te < 0)
                    {
                        body = output.ToArray();
                        used = 0;
                        return false;
                    }

                    pos += te + 2;
                    if (te == 0)
                    {
                        break;
                    }
                }

                body = output.ToArray();
                used = pos;
                return true;
            }

            if (data.Length - pos < size + 2)
            {
                body = output.ToArray();
                used = 0;
                return false;
            }

            output.AddRange(data.Slice(pos, (int)size));
            pos += (int)size + 2;
        }
    }

    private static readonly string[] Methods = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "NOTIFY", "SUBSCRIBE", "M-SEARCH", "SEARCH"];

    internal static bool LooksLikeStart(ReadOnlySpan<byte> data, bool request)
    {
        if (data.StartsWith("HTTP/"u8))
        {
            return true;
        }

        foreach (string m in Methods)
        {
            if (data.Length > m.Length && data[m.Length] == (byte)' ' && Encoding.ASCII.GetByteCount(m) == m.Length && data.StartsWith(Encoding.ASCII.GetBytes(m)))
            {
                return true;
            }
        }

        _ = request;
        return false;
    }

    private static HttpMessageInfo ParseHead(ReadOnlySpan<byte> head, bool requestSide, TcpConversation conv)
    {
        string text = Encoding.Latin1.GetString(head);
        string[] lines = text.Split("\r\n");
        var m = new HttpMessageInfo { StartLine = lines[0] };
        string first = lines[0];
        if (first.StartsWith("HTTP/", StringComparison.Ordinal))
        {
            m.IsRequest = false;
            int sp = first.IndexOf(' ', StringComparison.Ordinal);
            m.Version = sp < 0 ? first : first[..sp];
            string rest = sp < 0 ? string.Empty : first[(sp + 1)..];
            int sp2 = rest.IndexOf(' ', StringComparison.Ordinal);
            string code = sp2 < 0 ? rest : rest[..sp2];
            m.Phrase = sp2 < 0 ? string.Empty : rest[(sp2 + 1)..];
            _ = int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out m.Code);
        }
        else
        {
            m.IsRequest = true;
            string[] parts = first.Split(' ');
            m.Method = parts[0];
            m.Uri = parts.Length > 1 ? parts[1] : string.Empty;
            m.Version = parts.Length > 2 ? parts[^1] : string.Empty;
        }

        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            m.Headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        if (m.IsRequest)
        {
            m.Host = m.Header("Host");
            m.FullUri = m.Uri!.StartsWith('/') ? $"http://{m.Host}{m.Uri}" : m.Uri;
            if (conv.RequestMethods.Count < 1024)
            {
                conv.RequestMethods.Enqueue(m.Method ?? string.Empty);
            }
        }

        _ = requestSide;
        return m;
    }

    private static long BodyLength(HttpMessageInfo m, TcpConversation conv)
    {
        if (!m.IsRequest)
        {
            string method = conv.RequestMethods.Count > 0 ? conv.RequestMethods.Dequeue() : string.Empty;
            if (m.Code is >= 100 and < 200 or 204 or 304 || method == "HEAD")
            {
                return 0;
            }
        }

        string? te = m.Header("Transfer-Encoding");
        if (te is not null && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return -2;
        }

        string? cl = m.Header("Content-Length");
        if (cl is not null && long.TryParse(cl.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n))
        {
            return n;
        }

        return m.IsRequest ? 0 : -3;
    }

    internal static void ParseTls(ReadOnlySpan<byte> data, List<TlsRecordInfo> records)
    {
        int pos = 0;
        while (data.Length - pos >= 5 && records.Count < 64)
        {
            byte type = data[pos];
            ushort version = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 1)..]);
            ushort length = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 3)..]);
            if (type is < 20 or > 24 || (version >> 8) != 3)
            {
                return;
            }

            ReadOnlySpan<byte> body = data.Slice(pos + 5, Math.Min(length, data.Length - pos - 5));
            int hsType = -1;
            ushort hsVersion = 0;
            ushort[]? suites = null;
            string? sni = null;
            if (type == 22 && body.Length >= 4)
            {
                hsType = body[0];
                int hsLen = (body[1] << 16) | (body[2] << 8) | body[3];
                ReadOnlySpan<byte> hs = body.Slice(4, Math.Min(hsLen, body.Length - 4));
                if ((hsType == 1 || hsType == 2) && hs.Length >= 38)
                {
                    hsVersion = BinaryPrimitives.ReadUInt16BigEndian(hs);
                    int p = 34;
                    int sidLen = hs[p];
                    p += 1 + sidLen;
                    if (hsType == 1 && p + 2 <= hs.Length)
                    {
                        int csLen = BinaryPrimitives.ReadUInt16BigEndian(hs[p..]);
                        p += 2;
                        if (p + csLen <= hs.Length)
                        {
                            suites = new ushort[csLen / 2];
                            for (int i = 0; i < suites.Length; i++)
                            {
                                suites[i] = BinaryPrimitives.ReadUInt16BigEndian(hs[(p + (2 * i))..]);
                            }

                            p += csLen;
                            if (p < hs.Length)
                            {
                                p += 1 + hs[p]; // compression methods
                                sni = FindSni(hs, p);
                            }
                        }
                    }
                    else if (hsType == 2 && p + 2 <= hs.Length)
                    {
                        suites = [BinaryPrimitives.ReadUInt16BigEndian(hs[p..])];
                    }
                }
            }

            records.Add(new TlsRecordInfo(type, version, length, hsType, hsVersion, suites, sni));
            pos += 5 + length;
        }
    }

    private static string? FindSni(ReadOnlySpan<byte> hs, int p)
    {
        if (p + 2 > hs.Length)
        {
            return null;
        }

        int extLen = BinaryPrimitives.ReadUInt16BigEndian(hs[p..]);
        p += 2;
        int end = Math.Min(hs.Length, p + extLen);
        while (p + 4 <= end)
        {
            int type = BinaryPrimitives.ReadUInt16BigEndian(hs[p..]);
            int len = BinaryPrimitives.ReadUInt16BigEndian(hs[(p + 2)..]);
            p += 4;
            if (type == 0 && p + 5 <= end && len >= 5)
            {
                int nameLen = BinaryPrimitives.ReadUInt16BigEndian(hs[(p + 3)..]);
                if (p + 5 + nameLen <= end)
                {
                    return Encoding.ASCII.GetString(hs.Slice(p + 5, nameLen));
                }
            }

            p += len;
        }

        return null;
    }
}
