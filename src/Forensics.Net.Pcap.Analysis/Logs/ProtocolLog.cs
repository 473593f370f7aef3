using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// One pass over a capture that logs what investigators look at first: DNS queries and answers (UDP and TCP),
/// TLS ClientHello server names (SNI) and HTTP requests (one line each, like a web server log).
/// </summary>
/// <example>
/// <code>
/// ProtocolLogResult log = ProtocolLog.ReadFile("capture.pcapng");
/// foreach (DnsLogEntry d in log.Dns) Console.WriteLine(d);
/// foreach (TlsLogEntry t in log.Tls) Console.WriteLine($"{t.Client} -> {t.Server} SNI {t.ClientHello.ServerName}");
/// foreach (HttpRequestLogEntry r in log.Http) Console.WriteLine(r);
/// </code>
/// </example>
public static class ProtocolLog
{
    /// <summary>Reads a capture file and logs its DNS, TLS and HTTP activity.</summary>
    /// <param name="capturePath">The pcap or pcapng file.</param>
    /// <param name="options">Capture reader options, or <see langword="null"/> for lenient reading.</param>
    /// <returns>The log.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="capturePath"/> is <see langword="null"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="PcapFormatException">The file is not a capture (or is damaged and <paramref name="options"/> is strict).</exception>
    public static ProtocolLogResult ReadFile(string capturePath, CaptureReaderOptions? options)
    {
        ArgumentNullException.ThrowIfNull(capturePath);
        using CaptureReader reader = CaptureReader.Open(capturePath, options ?? CaptureReaderOptions.LenientDefault);
        return Read(reader);
    }

    /// <summary>Reads a capture from a stream (left open) and logs its DNS, TLS and HTTP activity.</summary>
    /// <param name="capture">The pcap or pcapng bytes.</param>
    /// <param name="options">Capture reader options, or <see langword="null"/> for lenient reading.</param>
    /// <returns>The log.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="capture"/> is <see langword="null"/>.</exception>
    /// <exception cref="PcapFormatException">The stream is not a capture (or is damaged and <paramref name="options"/> is strict).</exception>
    public static ProtocolLogResult Read(Stream capture, CaptureReaderOptions? options)
    {
        ArgumentNullException.ThrowIfNull(capture);
        using CaptureReader reader = CaptureReader.Create(capture, options ?? CaptureReaderOptions.LenientDefault, leaveOpen: true);
        return Read(reader);
    }

    private static ProtocolLogResult Read(CaptureReader reader)
    {
        var requests = new RequestLogHandler();
        var listener = new ProtocolListener(new HttpStreamAnalyzer(requests));
        using var reassembler = new TcpReassembler(listener);
        long packets = 0;
        while (reader.ReadNext())
        {
            packets++;
            CaptureRecord record = reader.Current;
            var view = new PacketView(record);
            if (view.IsUdp && !view.IsFragment && (view.SourcePort is 53 or 5353 || view.DestinationPort is 53 or 5353))
            {
                if (DnsMessage.TryParse(view.Payload, out DnsMessage? dns))
                {
                    listener.Dns.Add(new DnsLogEntry(
                        record.Timestamp,
                        new IPEndPoint(new IPAddress(view.SourceAddressBytes), view.SourcePort),
                        new IPEndPoint(new IPAddress(view.DestinationAddressBytes), view.DestinationPort),
                        overTcp: false,
                        dns));
                }
                else
                {
                    listener.MalformedDns++;
                }
            }
            else
            {
                reassembler.Process(in view, record.Timestamp);
            }
        }

        reassembler.Complete();
        var issues = reader.Issues.Select(i => new CaptureIssue(i.Offset, "capture: " + i.Message)).ToList();
        if (listener.MalformedDns > 0)
        {
            issues.Add(new CaptureIssue(reader.Position, string.Create(CultureInfo.InvariantCulture, $"dns: {listener.MalformedDns} malformed messages skipped")));
        }

        requests.Requests.Sort(static (a, b) =>
        {
            int c = a.Timestamp.CompareTo(b.Timestamp);
            c = c != 0 ? c : a.ConnectionId.CompareTo(b.ConnectionId);
            return c != 0 ? c : a.TransactionIndex.CompareTo(b.TransactionIndex);
        });
        return new ProtocolLogResult(listener.Dns, listener.Tls, requests.Requests, issues, packets);
    }

    private sealed class RequestLogHandler : HttpTransactionHandler
    {
        public List<HttpRequestLogEntry> Requests { get; } = [];

        public override bool OnResponse(HttpTransaction transaction) => false;

        public override void OnCompleted(HttpTransaction transaction)
        {
            if (transaction.Request is not null)
            {
                Requests.Add(new HttpRequestLogEntry(transaction));
            }
        }
    }

    /// <summary>Forwards everything to the HTTP analyzer and also looks for TLS ClientHellos and DNS over TCP.</summary>
    private sealed class ProtocolListener(HttpStreamAnalyzer http) : TcpStreamListener
    {
        private const int MaxTlsPrefix = 20 * 1024;
        private readonly Dictionary<TcpConnection, State> _states = [];

        public List<DnsLogEntry> Dns { get; } = [];

        public List<TlsLogEntry> Tls { get; } = [];

        public long MalformedDns { get; set; }

        public override void OnOpened(TcpConnection connection)
        {
            http.OnOpened(connection);
            _states[connection] = new State { IsDns = connection.Server.Port == 53 || connection.Client.Port == 53 };
        }

        public override void OnData(TcpConnection connection, TcpDirection direction, ReadOnlySpan<byte> data, DateTimeOffset timestamp)
        {
            http.OnData(connection, direction, data, timestamp);
            if (!_states.TryGetValue(connection, out State? s))
            {
                return;
            }

            if (s.IsDns)
            {
                DnsData(connection, direction, s.Buffers[(int)direction], data, timestamp);
                return;
            }

            if (direction != TcpDirection.ClientToServer || s.TlsDone)
            {
                return;
            }

            MemoryStream prefix = s.Buffers[0];
            if (prefix.Length == 0 && !TlsClientHello.LooksLikeHandshake(data))
            {
                s.TlsDone = true;
                return;
            }

            prefix.Write(data[..Math.Min(data.Length, MaxTlsPrefix - (int)prefix.Length)]);
            if (TlsClientHello.TryParse(prefix.GetBuffer().AsSpan(0, (int)prefix.Length), out TlsClientHello? hello))
            {
                Tls.Add(new TlsLogEntry(timestamp, connection.Client, connection.Server, hello));
                s.TlsDone = true;
            }
            else if (prefix.Length >= MaxTlsPrefix)
            {
                s.TlsDone = true;
            }

            if (s.TlsDone)
            {
                s.Buffers[0] = new MemoryStream();
            }
        }

        public override void OnGap(TcpConnection connection, TcpDirection direction, long length)
        {
            http.OnGap(connection, direction, length);
            if (_states.TryGetValue(connection, out State? s))
            {
                s.TlsDone = true;
                s.IsDns = false;
            }
        }

        public override void OnClosed(TcpConnection connection, TcpCloseReason reason)
        {
            http.OnClosed(connection, reason);
            _states.Remove(connection);
        }

        private void DnsData(TcpConnection connection, TcpDirection direction, MemoryStream buffer, ReadOnlySpan<byte> data, DateTimeOffset timestamp)
        {
            buffer.Write(data);
            while (buffer.Length >= 2)
            {
                byte[] b = buffer.GetBuffer();
                int length = BinaryPrimitives.ReadUInt16BigEndian(b);
                if (buffer.Length < 2 + length)
                {
                    return;
                }

                bool fromClient = direction == TcpDirection.ClientToServer;
                if (DnsMessage.TryParse(b.AsSpan(2, length), out DnsMessage? dns))
                {
                    Dns.Add(new DnsLogEntry(timestamp, fromClient ? connection.Client : connection.Server, fromClient ? connection.Server : connection.Client, overTcp: true, dns));
                }
                else
                {
                    MalformedDns++;
                }

                int rest = (int)buffer.Length - 2 - length;
                Buffer.BlockCopy(b, 2 + length, b, 0, rest);
                buffer.SetLength(rest);
            }
        }

        private sealed class State
        {
            public MemoryStream[] Buffers { get; } = [new(), new()];

            public bool IsDns { get; set; }

            public bool TlsDone { get; set; }
        }
    }
}
