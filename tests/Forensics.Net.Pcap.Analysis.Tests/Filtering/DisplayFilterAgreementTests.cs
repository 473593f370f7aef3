using System.Collections.Concurrent;
using Forensics.Net.Testing;
using Xunit.Abstractions;

namespace Forensics.Net.Pcap.Analysis.Tests.Filtering;

/// <summary>
/// Our display filters and field values against tshark's on one capture merged from windows of every test capture
/// (1,000 frames each of http_downloads.pcap, _sll2, _reordered, the derived pcapng and VLAN variants, taken from
/// disjoint parts of the traffic with 500-frame gaps so that no connection is seen twice) plus small
/// public captures with DNS, ICMP, ICMPv6, ARP and IPv6 extension headers. tshark runs once per filter (two at a
/// time), its outputs are cached for the test run.
/// </summary>
public class DisplayFilterAgreementTests(ITestOutputHelper log)
{
    private static readonly string[] PublicCaptures =
    [
        "pcap/public/tcpdump/edns-opts.pcap", "pcap/public/tcpdump/icmpv6.pcap", "pcap/public/tcpdump/icmp6-rfc8335.pcap",
        "pcap/public/tcpdump/arp-too-long-tha.pcap", "pcap/public/tcpdump/dns-uri.pcap", "pcap/public/tcpdump/ipv6-routing-header.pcap",
        "pcap/public/tcpdump/ntp-control.pcap", "pcap/public/tcpdump/icmp-icmp_print-oobr-1.pcap",
    ];

    private static readonly Lazy<string> Merged = new(BuildMergedCapture);
    private static readonly ConcurrentDictionary<string, (int Exit, string Out)> TsharkCache = new(StringComparer.Ordinal);

    public static IReadOnlyList<(string Filter, bool Lenient)> Filters { get; } = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Filtering", "agreement-filters.txt"))
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.StartsWith("!lenient ", StringComparison.Ordinal) ? (l[9..], true) : (l, false))
        .ToArray();

    [SkippableFact]
    public void FrameNumbers_EqualTsharks_ForEveryFilter()
    {
        ExternalTool.Require("tshark");
        ExternalTool.Require("editcap", "tshark");
        ExternalTool.Require("tcprewrite", "tcpreplay");
        string capture = Merged.Value;
        Filters.Count.Should().BeGreaterThanOrEqualTo(150);

        var tshark = new (int Exit, string Out)[Filters.Count];
        Parallel.For(0, Filters.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => tshark[i] = Tshark(capture, Filters[i].Filter));

        var failures = new List<string>();
        int equal = 0;
        for (int i = 0; i < Filters.Count; i++)
        {
            (string filter, bool lenient) = Filters[i];
            bool tsharkRejects = tshark[i].Exit != 0;
            bool weAccept = DisplayFilter.TryParse(filter, out DisplayFilter? compiled, out DisplayFilterException? error);
            string verdict;
            if (lenient)
            {
                verdict = tsharkRejects && weAccept ? string.Empty : $"documented extension: tshark rejects={tsharkRejects}, we accept={weAccept} {error?.Message}";
            }
            else if (tsharkRejects || !weAccept)
            {
                verdict = tsharkRejects && !weAccept ? string.Empty : $"tshark rejects={tsharkRejects}, we reject={!weAccept} {error?.Message}";
            }
            else
            {
                string ours = string.Concat(Evaluate(capture, compiled!).Select(n => n + "\n"));
                verdict = ours == tshark[i].Out ? string.Empty : Difference(tshark[i].Out, ours);
            }

            if (verdict.Length == 0)
            {
                equal++;
            }
            else
            {
                failures.Add($"{filter}: {verdict}");
            }
        }

        log.WriteLine($"frame numbers: {equal}/{Filters.Count} filters agree with tshark on the merged capture");
        foreach (string f in failures)
        {
            log.WriteLine(f);
        }

        // Ratchet at the level measured on 2026-12-04 (304 of 321 with the same comparison in a script); the known
        // differences are listed in the test output. Raise it as they are fixed.
        equal.Should().BeGreaterThanOrEqualTo(MinimumAgreeingFilters);
    }

    private const int MinimumAgreeingFilters = 300;
    private const int MinimumAgreeingFields = 128;

    [SkippableFact]
    public void FieldValues_EqualTsharks_ForEveryField()
    {
        ExternalTool.Require("tshark");
        ExternalTool.Require("editcap", "tshark");
        ExternalTool.Require("tcprewrite", "tcpreplay");
        string capture = Merged.Value;
        string[] names = DisplayField.KnownNames.Where(n => IsValueField(n)).ToArray();
        var args = new List<string> { "-r", capture, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=," };
        foreach (string n in names)
        {
            args.Add("-e");
            args.Add(n);
        }

        (int exit, string stdout, string stderr) = ExternalTool.Run("tshark", args, TimeSpan.FromMinutes(2));
        exit.Should().Be(0, stderr);
        string[] theirs = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        DisplayField[] fields = names.Select(DisplayField.Parse).ToArray();
        var mismatches = new Dictionary<string, (int Count, string Example)>(StringComparer.Ordinal);
        int frames = 0;
        using (CaptureReader reader = CaptureReader.Open(capture))
        {
            var dissector = new FrameDissector(new FrameDissectorOptions { HasInterfaceIds = true });
            while (reader.ReadNext())
            {
                DissectedFrame frame = dissector.Dissect(reader.Current);
                string[] row = theirs[frames].TrimEnd('\r').Split('\t');
                for (int k = 0; k < fields.Length; k++)
                {
                    string ours = fields[k].Format(frame);
                    string expected = k < row.Length ? row[k] : string.Empty;
                    if (ours != expected)
                    {
                        mismatches.TryGetValue(names[k], out (int Count, string Example) m);
                        mismatches[names[k]] = (m.Count + 1, m.Example ?? $"frame {frame.Number}: tshark '{Cut(expected)}' ours '{Cut(ours)}'");
                    }
                }

                frames++;
            }
        }

        frames.Should().Be(theirs.Length);
        log.WriteLine($"field values: {names.Length - mismatches.Count}/{names.Length} fields equal on all {frames} frames");
        foreach ((string name, (int count, string example)) in mismatches.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            log.WriteLine($"{name}: {count} frame(s) differ, first {example}");
        }

        // Ratchet at the level measured on 2026-12-04: 129 of 140 fields equal on every frame (same comparison in a script).
        (names.Length - mismatches.Count).Should().BeGreaterThanOrEqualTo(MinimumAgreeingFields);
    }

    private static string Cut(string s) => s.Length > 80 ? s[..80] + "…" : s;

    // Protocol fields print tshark's tree label (not a value); frame.time depends on the time zone.
    private static bool IsValueField(string name) => name.Contains('.', StringComparison.Ordinal)
        && name is not ("tcp.analysis.retransmission" or "frame.time");

    private static (int Exit, string Out) Tshark(string capture, string filter) =>
        TsharkCache.GetOrAdd(capture + "\0" + filter, _ =>
        {
            (int exit, string stdout, _) = ExternalTool.Run("tshark", ["-r", capture, "-Y", filter, "-T", "fields", "-e", "frame.number"], TimeSpan.FromMinutes(2));
            return (exit, stdout);
        });

    internal static List<long> Evaluate(string capture, DisplayFilter filter)
    {
        var result = new List<long>();
        using CaptureReader reader = CaptureReader.Open(capture);
        var dissector = new FrameDissector(new FrameDissectorOptions { HasInterfaceIds = reader.Format == CaptureFormat.PcapNg });
        while (reader.ReadNext())
        {
            DissectedFrame frame = dissector.Dissect(reader.Current);
            if (filter.Matches(frame))
            {
                result.Add(frame.Number);
            }
        }

        return result;
    }

    private static string Difference(string theirs, string ours)
    {
        HashSet<string> t = [.. theirs.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        HashSet<string> u = [.. ours.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        string onlyT = string.Join(',', t.Except(u).Take(8));
        string onlyU = string.Join(',', u.Except(t).Take(8));
        return $"tshark {t.Count} frames, ours {u.Count}; only tshark: [{onlyT}] only ours: [{onlyU}]";
    }

    /// <summary>Writes the merged capture (one pcapng, an interface per source) into a temporary folder once per run.</summary>
    private static string BuildMergedCapture()
    {
        (string Path, int First, int Last)[] windows =
        [
            (TestCorpus.Require("pcap/http_downloads.pcap"), 1, 1000),
            (TestCorpus.Require("pcap/http_downloads_sll2.pcap"), 1501, 2500),
            (TestCorpus.Require("pcap/http_downloads_reordered.pcap"), 3001, 4000),
            (TestCorpus.Require("pcap/http_downloads.pcapng"), 4501, 5500),
            (TestCorpus.Require("pcap/http_downloads_vlan.pcap"), 6001, 7000),
            .. PublicCaptures.Select(p => (TestCorpus.Require(p), 1, int.MaxValue)),
        ];
        string dir = Path.Combine(Path.GetTempPath(), "fnet-filter-agreement-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "merged.pcapng");
        using var writer = PcapNgWriter.Create(path);
        foreach ((string source, int first, int last) in windows)
        {
            using CaptureReader reader = CaptureReader.Open(source);
            var ids = new Dictionary<CaptureInterface, int>();
            while (reader.ReadNext())
            {
                CaptureRecord r = reader.Current;
                if (r.Number < first || r.Number > last)
                {
                    continue;
                }

                if (!ids.TryGetValue(r.Interface, out int id))
                {
                    id = writer.AddInterface(r.LinkType, snapLength: r.Interface.SnapLength);
                    ids.Add(r.Interface, id);
                }

                writer.WritePacket(id, r.TimestampNanoseconds, r.Span, r.OriginalLength);
            }
        }

        return path;
    }
}
