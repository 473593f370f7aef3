using System.Buffers;
using System.Globalization;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>Turns completed HTTP exchanges into <see cref="CarvedHttpFile"/> records, writing or keeping bodies as asked.</summary>
internal sealed class CarvingHandler : HttpTransactionHandler, IDisposable
{
    private readonly HttpCarverOptions _options;
    private readonly OutputFileAllocator? _allocator;
    private readonly HashSet<string>? _methods;
    private readonly HashSet<string>? _extensions;
    private readonly HashSet<string>? _hosts;
    private readonly Dictionary<HttpTransaction, BodySink> _sinks = [];
    private readonly BodyWorker _worker = new();
    private readonly List<(HttpTransaction Tx, BodySink Sink, bool Keep)> _done = [];
    private long _droppedIssues;

    public CarvingHandler(HttpCarverOptions options)
    {
        _options = options;
        if (options.OutputDirectory is not null)
        {
            _allocator = new OutputFileAllocator(options.OutputDirectory);
        }

        _methods = options.Methods is null ? null : new HashSet<string>(options.Methods, StringComparer.OrdinalIgnoreCase);
        _hosts = options.Hosts is null ? null : new HashSet<string>(options.Hosts, StringComparer.OrdinalIgnoreCase);
        if (options.Extensions is not null)
        {
            _extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string e in options.Extensions)
            {
                string x = e.Trim().TrimStart('.').ToLowerInvariant();
                _extensions.Add(x);
                if (x is "jpg" or "jpeg")
                {
                    _extensions.Add("jpg");
                    _extensions.Add("jpeg");
                }
            }
        }
    }

    public List<CarvedHttpFile> Files { get; } = [];

    public List<HttpRequestLogEntry> Requests { get; } = [];

    public const int MaxIssues = 1000;

    public List<CaptureIssue> Issues { get; } = [];

    /// <summary>Gets or sets the byte offset of the capture record being processed: the offset of the issues found while processing it.</summary>
    public long CurrentOffset { get; set; }

    public override bool OnResponse(HttpTransaction transaction)
    {
        if (!transaction.HasResponseBody || !Passes(transaction, final: false))
        {
            return false;
        }

        var sink = new BodySink();
        string name = SafeFileName.Suggest(transaction.Request?.Target, transaction.Response?.ContentType);
        sink.SuggestedName = name;
        if (_allocator is not null)
        {
            sink.Worker.File = _allocator.Create(name, out string path);
            sink.Path = path;
        }

        if (_options.KeepBodies)
        {
            sink.Keep = true;
        }

        _sinks[transaction] = sink;
        return true;
    }

    public override void OnResponseBody(HttpTransaction transaction, ReadOnlySpan<byte> data)
    {
        if (_sinks.TryGetValue(transaction, out BodySink? sink))
        {
            // Hashing and file writes run on the worker thread, in 64 KiB blocks.
            ReadOnlySpan<byte> rest = data;
            while (!rest.IsEmpty)
            {
                sink.Block ??= ArrayPool<byte>.Shared.Rent(BodyWorker.BlockSize);
                int n = Math.Min(rest.Length, BodyWorker.BlockSize - sink.BlockCount);
                rest[..n].CopyTo(sink.Block.AsSpan(sink.BlockCount));
                sink.BlockCount += n;
                rest = rest[n..];
                if (sink.BlockCount == BodyWorker.BlockSize)
                {
                    _worker.Block(sink.Worker, sink.Block, sink.BlockCount);
                    sink.Block = null;
                    sink.BlockCount = 0;
                }
            }

            if (sink.Keep)
            {
                if (sink.Count + (long)data.Length > _options.MaxKeptBodyBytes)
                {
                    sink.Keep = false;
                    sink.ReleaseMemory();
                }
                else
                {
                    sink.Append(data);
                }
            }
        }
    }

    public override void OnCompleted(HttpTransaction transaction)
    {
        if (transaction.Request is not null)
        {
            Requests.Add(new HttpRequestLogEntry(transaction));
        }

        if (!_sinks.Remove(transaction, out BodySink? sink))
        {
            return;
        }

        if (sink.Block is not null)
        {
            _worker.Block(sink.Worker, sink.Block, sink.BlockCount);
            sink.Block = null;
        }

        _worker.Finish(sink.Worker);
        bool keep = transaction.Response is not null && Passes(transaction, final: true) && (_options.IncludeIncomplete || transaction.IsComplete);
        if (keep && sink.Keep)
        {
            sink.Kept = sink.ToArray();
        }

        sink.ReleaseMemory();
        _done.Add((transaction, sink, keep));
    }

    /// <summary>Waits for the worker, then builds the records (hashes are final) and deletes dropped files.</summary>
    public void Finish()
    {
        _worker.Drain();
        foreach ((HttpTransaction tx, BodySink sink, bool keep) in _done)
        {
            tx.Sha256 = sink.Worker.Sha256;
            if (!keep)
            {
                if (sink.Path is not null)
                {
                    File.Delete(sink.Path);
                }

                continue;
            }

            Files.Add(new CarvedHttpFile(tx, sink.SuggestedName!, sink.Path, sink.Kept));
            if (!tx.IsComplete)
            {
                AddIssue($"{tx.Connection}: {tx.Url ?? "(no request)"} body incomplete ({tx.Problems})");
            }
        }

        _done.Clear();
    }

    public override void OnStreamProblem(TcpConnection connection, TcpDirection direction, HttpProblems problem)
    {
        // A connection that never spoke HTTP (TLS, SSH...) is normal traffic, not a problem.
        if (problem != HttpProblems.NotHttp)
        {
            AddIssue($"{connection} {direction}: HTTP parsing stopped ({problem})");
        }
    }

    /// <summary>Adds an issue at <see cref="CurrentOffset"/>, keeping at most <see cref="MaxIssues"/> (memory stays bounded on huge damaged captures).</summary>
    public void AddIssue(string message) => AddIssue(new CaptureIssue(CurrentOffset, message));

    /// <summary>Adds an issue, keeping at most <see cref="MaxIssues"/>.</summary>
    public void AddIssue(CaptureIssue issue)
    {
        if (Issues.Count < MaxIssues)
        {
            Issues.Add(issue);
        }
        else
        {
            _droppedIssues++;
        }
    }

    /// <summary>Appends the count of issues that did not fit.</summary>
    public void SummarizeIssues()
    {
        if (_droppedIssues > 0)
        {
            Issues.Add(new CaptureIssue(CurrentOffset, string.Create(CultureInfo.InvariantCulture, $"... and {_droppedIssues} more problems")));
        }
    }

    public void Dispose()
    {
        _worker.Dispose();
        foreach (BodySink sink in _sinks.Values)
        {
            sink.Worker.File?.Dispose();
            sink.Worker.Hash.Dispose();
            sink.ReleaseMemory();
            if (sink.Block is not null)
            {
                ArrayPool<byte>.Shared.Return(sink.Block);
                sink.Block = null;
            }
        }

        _sinks.Clear();
    }

    private static string HostWithoutPort(string host)
    {
        if (host.StartsWith('['))
        {
            int close = host.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? host[1..close] : host;
        }

        int colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(':', StringComparison.Ordinal) == colon ? host[..colon] : host;
    }

    private bool Passes(HttpTransaction tx, bool final)
    {
        HttpResponseHead? response = tx.Response;
        if (response is not null)
        {
            if (_options.StatusCodes is not null && !_options.StatusCodes.Contains(response.StatusCode))
            {
                return false;
            }

            if (_options.ContentTypes is not null)
            {
                string ct = response.ContentType ?? string.Empty;
                if (!_options.ContentTypes.Any(p => ct.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                {
                    return false;
                }
            }
        }

        HttpRequestHead? request = tx.Request;
        if (request is null)
        {
            // Request-based filters are decided when (if) the request shows up.
            return !final || (_methods is null && _hosts is null && _options.UriPattern is null && (_extensions is null || ExtensionMatches(tx)));
        }

        if (_methods is not null && !_methods.Contains(request.Method))
        {
            return false;
        }

        if (_hosts is not null)
        {
            string host = request.Host is null ? tx.Connection.Server.Address.ToString() : HostWithoutPort(request.Host);
            if (!_hosts.Contains(host) && !_hosts.Contains(tx.Connection.Server.Address.ToString()))
            {
                return false;
            }
        }

        if (_options.UriPattern is not null && !_options.UriPattern.IsMatch(tx.Url ?? string.Empty))
        {
            return false;
        }

        return _extensions is null || ExtensionMatches(tx);
    }

    private bool ExtensionMatches(HttpTransaction tx)
    {
        string ext = SafeFileName.ExtensionOf(tx.Request?.Target);
        if (ext.Length > 0 && _extensions!.Contains(ext))
        {
            return true;
        }

        string mapped = SafeFileName.ExtensionForContentType(tx.Response?.ContentType);
        return ext.Length == 0 && mapped.Length > 0 && _extensions!.Contains(mapped);
    }

    private sealed class BodySink
    {
        private byte[]? _buffer;

        public BodyWorker.Body Worker { get; } = new();

        public byte[]? Block { get; set; }

        public int BlockCount { get; set; }

        public ReadOnlyMemory<byte>? Kept { get; set; }

        public string? Path { get; set; }

        public string? SuggestedName { get; set; }

        public bool Keep { get; set; }

        public int Count { get; private set; }

        public void Append(ReadOnlySpan<byte> data)
        {
            int needed = Count + data.Length;
            if (_buffer is null || _buffer.Length < needed)
            {
                byte[] grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer is null ? 16 * 1024 : _buffer.Length * 2));
                _buffer?.AsSpan(0, Count).CopyTo(grown);
                if (_buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(_buffer);
                }

                _buffer = grown;
            }

            data.CopyTo(_buffer.AsSpan(Count));
            Count = needed;
        }

        public byte[] ToArray() => _buffer is null ? [] : _buffer.AsSpan(0, Count).ToArray();

        public void ReleaseMemory()
        {
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }

            Count = 0;
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path} {Count}");
    }
}
