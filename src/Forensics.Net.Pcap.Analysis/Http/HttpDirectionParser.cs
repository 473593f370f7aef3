using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>Incremental HTTP/1.x message parser for one direction of a connection (push model: data arrives in pieces).</summary>
internal sealed partial class HttpDirectionParser : IDisposable
{
    private const int MaxChunkExtension = 4096;
    private const long MaxZeroFill = 16 * 1024 * 1024;

    private static readonly byte[] Zeros = new byte[64 * 1024];

    private readonly HttpSession _session;
    private readonly TcpDirection _direction;
    private readonly bool _isRequest;
    private readonly HttpStreamAnalyzerOptions _options;

    private State _state;
    private byte[]? _head;
    private int _headCount;
    private DateTimeOffset _headTimestamp;
    private bool _seenMessage;

    private HttpTransaction? _tx;
    private long _remaining;
    private long _chunkSize;
    private int _chunkDigits;
    private int _extensionLength;
    private bool _deliver;
    private bool _decoding;
    private string? _coding;
    private byte[]? _encoded;
    private int _encodedCount;
    private bool _encodedOverflow;
    private byte[]? _trailer;
    private int _trailerCount;
    private IncrementalHash? _hash;
    private DateTimeOffset _lastTimestamp;

    public HttpDirectionParser(HttpSession session, TcpDirection direction, bool isRequest)
    {
        _session = session;
        _direction = direction;
        _isRequest = isRequest;
        _options = session.Analyzer.Options;
    }

    private enum State
    {
        Head,
        Body,
        UntilClose,
        ChunkSize,
        ChunkExtension,
        ChunkSizeLf,
        ChunkData,
        ChunkDataCr,
        ChunkDataLf,
        TrailerLineStart,
        TrailerLine,
        TrailerEndLf,
        Resync,
        Dead,
    }

    public void Feed(ReadOnlySpan<byte> data, DateTimeOffset timestamp)
    {
        _lastTimestamp = timestamp;
        while (!data.IsEmpty)
        {
            switch (_state)
            {
                case State.Head:
                    data = FeedHead(data, timestamp);
                    break;
                case State.Body:
                    {
                        int n = (int)Math.Min(_remaining, data.Length);
                        Body(data[..n]);
                        data = data[n..];
                        _remaining -= n;
                        if (_remaining == 0)
                        {
                            EndMessage(complete: true);
                        }

                        break;
                    }

                case State.UntilClose:
                    Body(data);
                    data = default;
                    break;
                case State.ChunkData:
                    {
                        int n = (int)Math.Min(_remaining, data.Length);
                        Body(data[..n]);
                        data = data[n..];
                        _remaining -= n;
                        if (_remaining == 0)
                        {
                            _state = State.ChunkDataCr;
                        }

                        break;
                    }

                case State.ChunkExtension:
                    {
                        int nl = data.IndexOf((byte)'\n');
                        if (nl < 0)
                        {
                            _extensionLength += data.Length;
                            data = default;
                            if (_extensionLength > MaxChunkExtension)
                            {
                                Fail(HttpProblems.BadChunk);
                            }
                        }
                        else
                        {
                            data = data[(nl + 1)..];
                            SizeLineDone();
                        }

                        break;
                    }

                case State.TrailerLine:
                    {
                        int nl = data.IndexOf((byte)'\n');
                        ReadOnlySpan<byte> part = nl < 0 ? data : data[..(nl + 1)];
                        if (!AppendTrailer(part))
                        {
                            Fail(HttpProblems.HeadTooLarge);
                            break;
                        }

                        data = data[part.Length..];
                        if (nl >= 0)
                        {
                            _state = State.TrailerLineStart;
                        }

                        break;
                    }

                case State.Resync:
                    data = Resync(data, timestamp);
                    break;
                case State.Dead:
                    return;
                default:
                    data = ChunkByte(data);
                    break;
            }
        }
    }

    public void Gap(long length)
    {
        switch (_state)
        {
            case State.Body:
            case State.ChunkData:
                if (length <= _remaining)
                {
                    MissingBody(length);
                    _remaining -= length;
                    if (_remaining == 0)
                    {
                        if (_state == State.Body)
                        {
                            EndMessage(complete: true);
                        }
                        else
                        {
                            _state = State.ChunkDataCr;
                        }
                    }

                    return;
                }

                MissingBody(_remaining);
                EndMessage(complete: false);
                _state = State.Resync;
                return;
            case State.UntilClose:
                MissingBody(length);
                return;
            case State.Head when _headCount == 0:
                _state = State.Resync;
                return;
            case State.Resync:
            case State.Dead:
                return;
            default:
                if (_tx is not null)
                {
                    _tx.Problems |= HttpProblems.MissingData;
                }

                EndMessage(complete: false);
                _state = State.Resync;
                return;
        }
    }

    public void Finish()
    {
        switch (_state)
        {
            case State.UntilClose:
                EndMessage(complete: true);
                break;
            case State.Head:
            case State.Resync:
            case State.Dead:
                break;
            default:
                if (_tx is not null)
                {
                    _tx.Problems |= HttpProblems.Truncated;
                }

                EndMessage(complete: false);
                break;
        }

        _state = State.Dead;
    }

    public void Dispose()
    {
        ReturnBuffer(ref _head);
        ReturnBuffer(ref _encoded);
        ReturnBuffer(ref _trailer);
        _hash?.Dispose();
        _hash = null;
    }

    private static void ReturnBuffer(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    private static void Append(ref byte[]? buffer, ref int count, ReadOnlySpan<byte> data)
    {
        int needed = count + data.Length;
        if (buffer is null || buffer.Length < needed)
        {
            byte[] grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, buffer is null ? 4096 : buffer.Length * 2));
            if (buffer is not null)
            {
                buffer.AsSpan(0, count).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(buffer);
            }

            buffer = grown;
        }

        data.CopyTo(buffer.AsSpan(count));
        count = needed;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static bool IsMethodStart(ReadOnlySpan<byte> s) =>
        s.StartsWith("GET "u8) || s.StartsWith("POST "u8) || s.StartsWith("HEAD "u8) || s.StartsWith("PUT "u8)
        || s.StartsWith("DELETE "u8) || s.StartsWith("OPTIONS "u8) || s.StartsWith("PATCH "u8) || s.StartsWith("CONNECT "u8);

    private ReadOnlySpan<byte> FeedHead(ReadOnlySpan<byte> data, DateTimeOffset timestamp)
    {
        HttpHeadStatus status;
        int consumed;
        var collector = new HeadCollector();
        if (_headCount == 0)
        {
            data = data.TrimStart("\r\n"u8);
            if (data.IsEmpty)
            {
                return data;
            }

            _headTimestamp = timestamp;
            status = _isRequest
                ? HttpHeadParser.ParseRequestHead(data, ref collector, _options.MaxHeadBytes, out consumed)
                : HttpHeadParser.ParseResponseHead(data, ref collector, _options.MaxHeadBytes, out consumed);
            switch (status)
            {
                case HttpHeadStatus.Complete:
                    OnHead(collector);
                    return data[consumed..];
                case HttpHeadStatus.NeedMoreData:
                    Append(ref _head, ref _headCount, data);
                    return default;
                default:
                    Fail(status == HttpHeadStatus.TooLarge ? HttpProblems.HeadTooLarge : HttpProblems.NotHttp);
                    return default;
            }
        }

        int old = _headCount;
        int take = Math.Min(data.Length, _options.MaxHeadBytes + 1 - old);
        Append(ref _head, ref _headCount, data[..Math.Max(take, 0)]);
        ReadOnlySpan<byte> buffered = _head.AsSpan(0, _headCount);
        status = _isRequest
            ? HttpHeadParser.ParseRequestHead(buffered, ref collector, _options.MaxHeadBytes, out consumed)
            : HttpHeadParser.ParseResponseHead(buffered, ref collector, _options.MaxHeadBytes, out consumed);
        switch (status)
        {
            case HttpHeadStatus.Complete:
                _headCount = 0;
                OnHead(collector);
                return data[(consumed - old)..];
            case HttpHeadStatus.NeedMoreData:
                return data[Math.Max(take, 0)..];
            default:
                _headCount = 0;
                Fail(status == HttpHeadStatus.TooLarge ? HttpProblems.HeadTooLarge : HttpProblems.NotHttp);
                return default;
        }
    }

    private void OnHead(HeadCollector head)
    {
        _seenMessage = true;
        List<KeyValuePair<string, string>> headers = head.Headers ?? [];
        if (_isRequest)
        {
            var request = new HttpRequestHead(head.Method!, head.Target!, head.Version!, headers, _headTimestamp);
            _tx = _session.AddRequest(request);
            _deliver = false;
            StartBody(request, isResponse: false, noBody: false);
            return;
        }

        var response = new HttpResponseHead(head.StatusCode, head.Reason ?? string.Empty, head.Version!, headers, _headTimestamp);
        if (head.StatusCode is >= 100 and < 200 && head.StatusCode != 101)
        {
            return; // interim response: the final one follows
        }

        HttpTransaction tx = _session.TakeForResponse(response);
        _tx = tx;
        string? method = tx.Request?.Method;
        bool connect = string.Equals(method, "CONNECT", StringComparison.OrdinalIgnoreCase) && head.StatusCode is >= 200 and < 300;
        bool noBody = string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase)
            || head.StatusCode is (>= 100 and < 200) or 204 or 304 || connect;
        tx.HasResponseBody = !noBody;
        _deliver = !noBody && _session.Analyzer.Handler.OnResponse(tx);
        if (head.StatusCode == 101 || connect)
        {
            _session.Tunnel = true;
        }

        StartBody(response, isResponse: true, noBody);
    }

    private void StartBody(HttpMessageHead head, bool isResponse, bool noBody)
    {
        _decoding = false;
        _encodedCount = 0;
        _encodedOverflow = false;
        _trailerCount = 0;
        if (noBody)
        {
            EndMessage(complete: true);
            return;
        }

        string? te = head.GetHeader("Transfer-Encoding");
        string? cl = head.GetHeader("Content-Length");
        if (te is not null)
        {
            string last = te.Split(',')[^1].Trim();
            if (last.Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                if (te.Contains(',', StringComparison.Ordinal))
                {
                    _tx!.Problems |= HttpProblems.UnsupportedEncoding;
                }

                SetupDecoding(head, isResponse);
                _state = State.ChunkSize;
                _chunkSize = 0;
                _chunkDigits = 0;
                return;
            }

            if (!isResponse)
            {
                Fail(HttpProblems.BadContentLength);
                return;
            }

            _tx!.Problems |= HttpProblems.UnsupportedEncoding;
            SetupDecoding(head, isResponse);
            _state = State.UntilClose;
            return;
        }

        if (cl is not null)
        {
            if (!TryParseContentLength(cl, out long length))
            {
                _tx!.Problems |= HttpProblems.BadContentLength;
                if (!isResponse)
                {
                    Fail(HttpProblems.BadContentLength);
                    return;
                }

                SetupDecoding(head, isResponse);
                _state = State.UntilClose;
                return;
            }

            if (length == 0)
            {
                EndMessage(complete: true);
                return;
            }

            SetupDecoding(head, isResponse);
            _remaining = length;
            _state = State.Body;
            return;
        }

        if (!isResponse)
        {
            EndMessage(complete: true);
            return;
        }

        SetupDecoding(head, isResponse);
        _state = State.UntilClose;
    }

    private static bool TryParseContentLength(string value, out long length)
    {
        // RFC 9110 section 8.6: a list of identical values is allowed.
        length = -1;
        foreach (string part in value.Split(','))
        {
            if (!long.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long v) || (length >= 0 && v != length))
            {
                return false;
            }

            length = v;
        }

        return length >= 0;
    }

    private void Body(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || _tx is null)
        {
            return;
        }

        if (_isRequest)
        {
            _tx.RequestBodyLength += data.Length;
            return;
        }

        _tx.EncodedBodyLength += data.Length;
        _tx.LastTimestamp = _lastTimestamp;
        if (!_deliver)
        {
            _tx.BodyLength += data.Length;
            return;
        }

        if (_decoding)
        {
            if (_encodedCount + (long)data.Length > _options.MaxEncodedBodyBytes)
            {
                _encodedOverflow = true;
                _tx.Problems |= HttpProblems.EncodedSizeLimit;
                return;
            }

            Append(ref _encoded, ref _encodedCount, data);
            return;
        }

        Emit(data);
    }

    private void Emit(ReadOnlySpan<byte> data)
    {
        _tx!.BodyLength += data.Length;
        _hash?.AppendData(data);
        _session.Analyzer.Handler.OnResponseBody(_tx, data);
    }

    private void MissingBody(long length)
    {
        if (_tx is null || length <= 0)
        {
            return;
        }

        _tx.Problems |= HttpProblems.MissingData;
        if (_isRequest)
        {
            return;
        }

        _tx.MissingBytes += length;
        if (_deliver && !_decoding && length <= MaxZeroFill)
        {
            // Keep later bytes at their true offsets: fill the hole with zeros.
            while (length > 0)
            {
                int n = (int)Math.Min(length, Zeros.Length);
                Emit(Zeros.AsSpan(0, n));
                length -= n;
            }
        }
    }

    private void EndMessage(bool complete)
    {
        HttpTransaction? tx = _tx;
        _state = State.Head;
        if (tx is null || _isRequest)
        {
            _tx = null;
            return;
        }

        if (_decoding)
        {
            DecodeBuffered(tx);
        }

        if (_hash is not null && _deliver)
        {
            tx.Sha256 = _hash.GetHashAndReset();
        }

        if (_trailerCount > 0)
        {
            tx.Trailers = ParseTrailers(_trailer.AsSpan(0, _trailerCount));
            _trailerCount = 0;
        }

        const HttpProblems Damaging = HttpProblems.Truncated | HttpProblems.MissingData | HttpProblems.BadChunk
            | HttpProblems.DecodingFailed | HttpProblems.DecodedSizeLimit | HttpProblems.EncodedSizeLimit;
        tx.IsComplete = complete && tx.MissingBytes == 0 && (tx.Problems & Damaging) == 0;
        _deliver = false;
        _decoding = false;
        _tx = null;
        _session.ResponseCompleted(tx);
    }

    private struct HeadCollector : IHttpHeadHandler
    {
        public string? Method;
        public string? Target;
        public string? Version;
        public int StatusCode;
        public string? Reason;
        public List<KeyValuePair<string, string>>? Headers;

        public void OnRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, ReadOnlySpan<byte> version)
        {
            Method = Encoding.ASCII.GetString(method);
            Target = Encoding.Latin1.GetString(target);
            Version = Encoding.ASCII.GetString(version);
        }

        public void OnStatusLine(ReadOnlySpan<byte> version, int statusCode, ReadOnlySpan<byte> reasonPhrase)
        {
            Version = Encoding.ASCII.GetString(version);
            StatusCode = statusCode;
            Reason = Encoding.Latin1.GetString(reasonPhrase);
        }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
            (Headers ??= []).Add(new(Encoding.ASCII.GetString(name), Encoding.Latin1.GetString(value)));
    }
}
