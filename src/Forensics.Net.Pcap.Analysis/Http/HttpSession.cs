namespace Forensics.Net.Pcap.Analysis;

/// <summary>HTTP state of one connection: a parser per direction and the request/response pairing queues.</summary>
internal sealed class HttpSession
{
    private readonly HttpDirectionParser?[] _parsers = new HttpDirectionParser?[2];
    private readonly Queue<HttpTransaction> _pending = new();
    private readonly Queue<HttpTransaction> _orphans = new();
    private int _requestDirection = -1;
    private long _sequence;

    public HttpSession(HttpStreamAnalyzer analyzer, TcpConnection connection)
    {
        Analyzer = analyzer;
        Connection = connection;
    }

    public HttpStreamAnalyzer Analyzer { get; }

    public TcpConnection Connection { get; }

    public bool Tunnel { get; set; }

    public void OnData(TcpDirection direction, ReadOnlySpan<byte> data, DateTimeOffset timestamp)
    {
        if (Tunnel)
        {
            return;
        }

        if (_requestDirection < 0)
        {
            ReadOnlySpan<byte> d = data.TrimStart("\r\n"u8);
            if (d.IsEmpty)
            {
                return;
            }

            _requestDirection = d.StartsWith("HTTP/"u8) ? 1 - (int)direction : (int)direction;
        }

        HttpDirectionParser parser = _parsers[(int)direction] ??= new HttpDirectionParser(this, direction, (int)direction == _requestDirection);
        parser.Feed(data, timestamp);
    }

    public void OnGap(TcpDirection direction, long length) => _parsers[(int)direction]?.Gap(length);

    public void OnClosed()
    {
        int resp = _requestDirection < 0 ? 1 : 1 - _requestDirection;
        _parsers[resp]?.Finish();
        _parsers[1 - resp]?.Finish();
        while (_orphans.Count > 0)
        {
            Report(_orphans.Dequeue());
        }

        while (_pending.Count > 0)
        {
            Report(_pending.Dequeue());
        }

        _parsers[0]?.Dispose();
        _parsers[1]?.Dispose();
    }

    public HttpTransaction AddRequest(HttpRequestHead request)
    {
        Analyzer.Requests++;
        HttpTransaction tx;
        if (_orphans.Count > 0)
        {
            tx = _orphans.Dequeue();
            tx.Request = request;
            tx.Problems &= ~HttpProblems.NoRequest;
            Analyzer.Handler.OnRequest(tx);
            if (tx.CompletedResponse)
            {
                Report(tx);
            }

            return tx;
        }

        tx = new HttpTransaction(Connection, _sequence++) { Request = request, LastTimestamp = request.Timestamp };
        if (_pending.Count >= Analyzer.Options.MaxPendingRequests)
        {
            HttpTransaction dropped = _pending.Dequeue();
            dropped.Problems |= HttpProblems.TooManyPendingRequests;
            Report(dropped);
        }

        _pending.Enqueue(tx);
        Analyzer.Handler.OnRequest(tx);
        return tx;
    }

    public HttpTransaction TakeForResponse(HttpResponseHead response)
    {
        Analyzer.Responses++;
        HttpTransaction tx;
        if (_pending.Count > 0)
        {
            tx = _pending.Dequeue();
        }
        else
        {
            tx = new HttpTransaction(Connection, _sequence++) { Problems = HttpProblems.NoRequest };

            // On mid-stream pickup the first response's request was never captured; otherwise the request may
            // still come (segments reordered across directions) and is attached when it does.
            tx.AwaitsRequest = !(Connection.IsMidStreamPickup && tx.Sequence == 0);
            if (tx.AwaitsRequest)
            {
                _orphans.Enqueue(tx);
            }
        }

        tx.Response = response;
        tx.LastTimestamp = response.Timestamp;
        return tx;
    }

    public void ResponseCompleted(HttpTransaction tx)
    {
        tx.CompletedResponse = true;
        if (tx.Request is not null || !tx.AwaitsRequest)
        {
            Report(tx);
        }
    }

    public void StreamProblem(TcpDirection direction, HttpProblems problem) =>
        Analyzer.Handler.OnStreamProblem(Connection, direction, problem);

    private void Report(HttpTransaction tx)
    {
        if (tx.Reported)
        {
            return;
        }

        tx.Reported = true;
        if (tx.Request is not null && tx.Response is null)
        {
            tx.IsComplete = false;
        }

        Analyzer.Handler.OnCompleted(tx);
    }
}
