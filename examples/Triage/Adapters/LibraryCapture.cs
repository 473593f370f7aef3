using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Forensics.Net.Pcap.Analysis;
using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Adapters;

/// <summary>Flows, traffic timeline and carved HTTP bodies from Forensics.Net.Pcap.Analysis.</summary>
internal sealed class LibraryCapture : ICaptureService
{
    /// <summary>At most this many flows are listed in the report (largest first); all are counted.</summary>
    public const int MaxListedFlows = 1000;

    // Damaged captures are read to the end with the problems recorded, never aborted.
    private static readonly CaptureReaderOptions ReaderOptions = new() { Strictness = CaptureStrictness.Lenient };

    public (CaptureReport Report, IReadOnlyList<CarvedBody> Bodies) Analyze(string path, string carveDirectory, CancellationToken cancellationToken)
    {
        var report = new CaptureReport { Path = TriageRunner.DisplayPath(path) };

        // Pass 1: flow table and traffic histogram.
        var histogram = new TrafficHistogram();
        var flows = new FlowTable(new FlowTableOptions { MaxFlows = 1_000_000 });
        long first = long.MaxValue, last = long.MinValue;
        using (CaptureReader reader = CaptureReader.Open(path, ReaderOptions))
        {
            while (reader.ReadNext())
            {
                CaptureRecord record = reader.Current;
                flows.Add(record);
                histogram.Add(record.TimestampNanoseconds, record.OriginalLength);
                report.Packets++;
                report.Bytes += record.OriginalLength;
                first = Math.Min(first, record.TimestampNanoseconds);
                last = Math.Max(last, record.TimestampNanoseconds);
                if ((report.Packets & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            foreach (CaptureIssue issue in reader.Issues)
            {
                report.Problems.Add(issue.ToString());
            }
        }

        if (report.Packets > 0)
        {
            report.FirstUtc = DateTimeOffset.UnixEpoch.AddTicks(first / 100);
            report.LastUtc = DateTimeOffset.UnixEpoch.AddTicks(last / 100);
        }

        report.Timeline = histogram.ToTimeline();
        IEnumerable<Flow> listed = flows.Flows.Count <= MaxListedFlows
            ? flows.Flows
            : flows.Flows.OrderByDescending(f => f.Bytes).Take(MaxListedFlows).OrderBy(f => f.Index);
        foreach (Flow flow in listed)
        {
            report.Flows.Add(new FlowSummary
            {
                Protocol = flow.ProtocolName,
                Client = Endpoint(flow.SourceAddress, flow.SourcePort, flow.Protocol),
                Server = Endpoint(flow.DestinationAddress, flow.DestinationPort, flow.Protocol),
                Packets = flow.Packets,
                Bytes = flow.Bytes,
                FirstUtc = flow.FirstSeen,
                LastUtc = flow.LastSeen,
            });
        }

        if (flows.Flows.Count > MaxListedFlows)
        {
            report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"{flows.Flows.Count:N0} flows; the {MaxListedFlows:N0} largest are listed"));
        }

        if (flows.UntrackedPacketCount > 0)
        {
            report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"{flows.UntrackedPacketCount:N0} packets of flows beyond the flow-table limit were not attributed to a flow"));
        }

        // Pass 2: TCP reassembly, HTTP parsing and carving into the carve directory.
        HttpCarveResult carved = HttpCarver.CarveFile(path, new HttpCarverOptions
        {
            OutputDirectory = carveDirectory,
            Capture = ReaderOptions,
        });
        foreach (CaptureIssue issue in carved.Issues)
        {
            report.Problems.Add(issue.ToString());
        }

        var bodies = new List<CarvedBody>();
        foreach (CarvedHttpFile file in carved.Files)
        {
            var record = new DownloadRecord
            {
                Client = Endpoint(file.Client.Address, file.Client.Port, 6),
                Server = Endpoint(file.Server.Address, file.Server.Port, 6),
                RequestUtc = file.RequestTimestamp,
                ResponseUtc = file.ResponseTimestamp,
                Method = file.Method ?? "?",
                Host = file.Host,
                Url = file.Uri ?? file.Target ?? "",
                Status = file.StatusCode,
                ContentType = file.ContentType,
                TransferEncoding = file.TransferEncoding,
                ContentEncoding = file.ContentEncoding,
                Size = file.Size,
                Sha256 = file.Sha256,
                FileName = file.SuggestedFileName,
                Complete = file.IsComplete,
            };
            report.Downloads.Add(record);
            if (file.FilePath is { } saved)
            {
                bodies.Add(new CarvedBody(record, saved));
            }
            else
            {
                report.Problems.Add($"body of {record.Method} {record.Url} was not written");
            }
        }

        return (report, bodies);
    }

    private static string Endpoint(IPAddress address, int port, byte protocol)
    {
        string host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return protocol is 6 or 17 or 132 ? string.Create(CultureInfo.InvariantCulture, $"{host}:{port}") : host;
    }
}
