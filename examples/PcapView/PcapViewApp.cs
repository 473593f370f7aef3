using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Forensics.Net.Pcap.Analysis;

namespace PcapView;

/// <summary>
/// PcapView: tshark's reading habits on our engine. Prints the packet list (default), the details tree (-V), hex
/// dumps (-x), or fields (-T fields -e F ...); -Y takes a Wireshark display filter; -w writes the matching packets.
/// Exit codes: 0 = at least one packet shown (or written), 1 = no packet matched, or the capture is damaged
/// (what was read is shown), 2 = usage, filter or I/O error.
/// </summary>
public static class PcapViewApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var captureArg = new Argument<string?>("CAPTURE") { Description = "The capture (.pcap, .pcapng, optionally .gz; - for stdin)", Arity = ArgumentArity.ZeroOrOne };
        var read = new Option<string?>("-r") { Description = "The capture to read (same as CAPTURE)" };
        var filterOpt = new Option<string?>("-Y") { Description = "Wireshark display filter" };
        var countOpt = new Option<long?>("-c") { Description = "Stop after reading N packets" };
        var details = new Option<bool>("-V") { Description = "Print the details tree" };
        var hex = new Option<bool>("-x") { Description = "Print a hex and ASCII dump" };
        var format = new Option<string>("-T") { Description = "Output format: text, fields, json, jsonl", DefaultValueFactory = _ => "text" };
        var fieldsOpt = new Option<string[]>("-e") { Description = "A field to print with -T fields|json|jsonl (repeatable)", AllowMultipleArgumentsPerToken = false };
        var eOpt = new Option<string[]>("-E") { Description = "Field output options: header=y|n, separator=/t|/s|C, occurrence=f|l|a, aggregator=C" };
        var writeOpt = new Option<string?>("-w") { Description = "Write the matching packets to a pcap or pcapng file" };
        var quiet = new Option<bool>("-q") { Description = "Do not print packets (with -z)" };
        var stats = new Option<string[]>("-z") { Description = "Statistics: conv,tcp | conv,udp | endpoints,ip | io,stat,1 | http,tree" };
        var root = new RootCommand("Reads a capture like tshark: packet list, details, hex dump, fields; Wireshark display filters with -Y.")
        {
            captureArg, read, filterOpt, countOpt, details, hex, format, fieldsOpt, eOpt, writeOpt, quiet, stats,
        };

        ParseResult parsed = root.Parse(args);
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
            return 0;
        }

        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"PcapView: {parsed.Errors[0].Message}");
            return 2;
        }

        var options = new ViewOptions
        {
            Capture = parsed.GetValue(read) ?? parsed.GetValue(captureArg),
            Filter = parsed.GetValue(filterOpt),
            Count = parsed.GetValue(countOpt),
            Details = parsed.GetValue(details),
            Hex = parsed.GetValue(hex),
            Format = parsed.GetValue(format) ?? "text",
            Fields = parsed.GetValue(fieldsOpt) ?? [],
            FieldOptions = parsed.GetValue(eOpt) ?? [],
            Write = parsed.GetValue(writeOpt),
            Quiet = parsed.GetValue(quiet),
            Statistics = parsed.GetValue(stats) ?? [],
        };
        return Run(options, output, error);
    }

    public static int Run(ViewOptions o, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Capture is null)
        {
            error.WriteLine("PcapView: a capture file is required (PcapView CAPTURE or -r CAPTURE)");
            return 2;
        }

        if (o.Format is not ("text" or "fields" or "json" or "jsonl"))
        {
            error.WriteLine($"PcapView: -T {o.Format}: expected text, fields, json or jsonl");
            return 2;
        }

        if (o.Format == "fields" && o.Fields.Count == 0)
        {
            error.WriteLine("PcapView: -T fields needs at least one -e FIELD");
            return 2;
        }

        char separator = '\t', aggregator = ',';
        bool header = false;
        foreach (string e in o.FieldOptions)
        {
            int eq = e.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? e : e[..eq], value = eq < 0 ? string.Empty : e[(eq + 1)..];
            switch (key)
            {
                case "header": header = value is "y" or "Y"; break;
                case "separator": separator = value switch { "/t" => '\t', "/s" => ' ', { Length: 1 } => value[0], _ => '\0' }; break;
                case "aggregator": aggregator = value switch { "/s" => ' ', { Length: 1 } => value[0], _ => '\0' }; break;
                case "occurrence" or "quote": break;
                default:
                    error.WriteLine($"PcapView: -E {e}: expected header=y|n, separator=/t|/s|C or aggregator=C");
                    return 2;
            }

            if (separator == '\0' || aggregator == '\0')
            {
                error.WriteLine($"PcapView: -E {e}: the separator must be one character, /t or /s");
                return 2;
            }
        }

        DisplayFilter? filter = null;
        if (!string.IsNullOrEmpty(o.Filter) && !DisplayFilter.TryParse(o.Filter, out filter, out DisplayFilterException? fe))
        {
            error.WriteLine($"PcapView: {fe!.ToCaretString()}");
            return 2;
        }

        var fields = new List<DisplayField>();
        foreach (string name in o.Fields)
        {
            if (!DisplayField.TryParse(name, out DisplayField? field))
            {
                error.WriteLine($"PcapView: Some fields aren't valid: {name}");
                return 2;
            }

            fields.Add(field);
        }

        var statistics = new List<Statistics>();
        foreach (string z in o.Statistics)
        {
            if (!Statistics.TryCreate(z, out Statistics? st))
            {
                error.WriteLine($"PcapView: -z {z}: expected conv,tcp, conv,udp, endpoints,ip, io,stat,N or http,tree");
                return 2;
            }

            statistics.Add(st);
        }

        bool application = filter?.UsesApplicationLayers == true || fields.Any(f => f.UsesApplicationLayers)
            || (!o.Quiet && o.Format == "text") || o.Format is "json" or "jsonl" || statistics.Count > 0;
        try
        {
            using CaptureReader reader = o.Capture == "-"
                ? CaptureReader.Create(Console.OpenStandardInput(), new CaptureReaderOptions { Strictness = CaptureStrictness.Lenient })
                : CaptureReader.Open(o.Capture, new CaptureReaderOptions { Strictness = CaptureStrictness.Lenient });
            var dissector = new FrameDissector(new FrameDissectorOptions { DissectApplicationLayers = application, HasInterfaceIds = reader.Format == CaptureFormat.PcapNg });
            using var writer = o.Write is null ? null : new MatchWriter(o.Write);
            long shown = 0;
            bool first = true;
            if (header && o.Format == "fields")
            {
                output.WriteLine(string.Join(separator, fields.Select(f => f.Name)));
            }

            if (o.Format == "json")
            {
                output.WriteLine("[");
            }

            while ((o.Count is not { } max || dissector.FrameCount < max) && reader.ReadNext())
            {
                CaptureRecord record = reader.Current;
                DissectedFrame frame = dissector.Dissect(record);
                if (filter is not null && !filter.Matches(frame))
                {
                    continue;
                }

                shown++;
                writer?.Write(record, reader);
                foreach (Statistics st in statistics)
                {
                    st.Add(frame);
                }

                if (o.Quiet)
                {
                    continue;
                }

                switch (o.Format)
                {
                    case "fields":
                        for (int i = 0; i < fields.Count; i++)
                        {
                            if (i > 0)
                            {
                                output.Write(separator);
                            }

                            output.Write(fields[i].Format(frame, aggregator));
                        }

                        output.WriteLine();
                        break;
                    case "json" or "jsonl":
                        WriteJson(output, frame, fields, o.Format == "jsonl", ref first);
                        break;
                    default:
                        if (!o.Details)
                        {
                            output.WriteLine(FrameText.FormatListLine(frame));
                        }
                        else
                        {
                            FrameText.WriteDetails(output, frame);
                        }

                        if (o.Hex)
                        {
                            FrameText.WriteHexDump(output, frame.Packet.Frame);
                        }

                        break;
                }
            }

            if (o.Format == "json")
            {
                output.WriteLine(first ? "]" : "\n]");
            }

            foreach (Statistics st in statistics)
            {
                st.Write(output);
            }

            if (reader.IssueCount > 0)
            {
                error.WriteLine($"PcapView: {o.Capture}: {reader.IssueCount} damaged record(s) skipped");
                return 1;
            }

            return shown > 0 || filter is null ? 0 : 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"PcapView: {ex.Message}");
            return 2;
        }
    }

    private static void WriteJson(TextWriter output, scoped in DissectedFrame frame, List<DisplayField> fields, bool lines, ref bool first)
    {
        IEnumerable<DisplayField> chosen = fields.Count > 0 ? fields : DefaultJsonFields;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (lines)
            {
                foreach (DisplayField f in chosen)
                {
                    string value = f.Format(frame, '\u0001');
                    if (value.Length == 0)
                    {
                        continue;
                    }

                    string[] values = value.Split('\u0001');
                    json.WritePropertyName(f.Name.Replace('.', '_'));
                    if (values.Length == 1)
                    {
                        json.WriteStringValue(values[0]);
                    }
                    else
                    {
                        json.WriteStartArray();
                        foreach (string v in values)
                        {
                            json.WriteStringValue(v);
                        }

                        json.WriteEndArray();
                    }
                }
            }
            else
            {
                json.WriteString("_index", "packets");
                json.WriteStartObject("_source");
                json.WriteStartObject("layers");
                foreach (DisplayField f in chosen)
                {
                    string value = f.Format(frame, '\u0001');
                    if (value.Length == 0)
                    {
                        continue;
                    }

                    json.WriteStartArray(f.Name);
                    foreach (string v in value.Split('\u0001'))
                    {
                        json.WriteStringValue(v);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        if (!lines && !first)
        {
            output.WriteLine(",");
        }

        output.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        if (lines)
        {
            output.WriteLine();
        }

        first = false;
    }

    private static readonly DisplayField[] DefaultJsonFields = DisplayField.KnownNames
        .Where(n => n.Contains('.', StringComparison.Ordinal) && n is not ("tcp.payload" or "udp.payload" or "http.file_data"))
        .Select(DisplayField.Parse).ToArray();

    /// <summary>Writes matching records with our writers: pcapng keeps the interfaces, pcap takes the first record's link type.</summary>
    private sealed class MatchWriter(string path) : IDisposable
    {
        private readonly bool _ng = path.EndsWith(".pcapng", StringComparison.OrdinalIgnoreCase);
        private readonly Dictionary<CaptureInterface, int> _interfaces = [];
        private PcapWriter? _pcap;
        private PcapNgWriter? _pcapNg;

        public void Write(CaptureRecord record, CaptureReader reader)
        {
            _ = reader;
            if (_ng)
            {
                _pcapNg ??= PcapNgWriter.Create(path);
                if (!_interfaces.TryGetValue(record.Interface, out int id))
                {
                    id = _pcapNg.AddInterface(record.LinkType, record.Interface.Name, record.Interface.SnapLength);
                    _interfaces.Add(record.Interface, id);
                }

                _pcapNg.WritePacket(id, record.TimestampNanoseconds, record.Span, record.OriginalLength);
                return;
            }

            _pcap ??= PcapWriter.Create(path, record.LinkType);
            _pcap.Write(record);
        }

        public void Dispose()
        {
            _pcap?.Dispose();
            _pcapNg?.Dispose();
        }
    }
}

public sealed class ViewOptions
{
    public string? Capture { get; init; }

    public string? Filter { get; init; }

    public long? Count { get; init; }

    public bool Details { get; init; }

    public bool Hex { get; init; }

    public string Format { get; init; } = "text";

    public IReadOnlyList<string> Fields { get; init; } = [];

    public IReadOnlyList<string> FieldOptions { get; init; } = [];

    public string? Write { get; init; }

    public bool Quiet { get; init; }

    public IReadOnlyList<string> Statistics { get; init; } = [];
}

/// <summary>The -z statistics: conversations, endpoints, I/O intervals, the HTTP tree.</summary>
internal sealed class Statistics
{
    private readonly string _kind;
    private readonly double _interval;
    private readonly Dictionary<string, long[]> _rows = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, long[]> _io = [];
    private readonly DisplayField _src = DisplayField.Parse("ip.src"), _dst = DisplayField.Parse("ip.dst");
    private readonly DisplayField _method = DisplayField.Parse("http.request.method"), _code = DisplayField.Parse("http.response.code");

    private Statistics(string kind, double interval)
    {
        _kind = kind;
        _interval = interval;
    }

    public static bool TryCreate(string spec, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Statistics? statistics)
    {
        statistics = null;
        if (spec is "conv,tcp" or "conv,udp" or "endpoints,ip" or "http,tree")
        {
            statistics = new Statistics(spec, 0);
        }
        else if (spec.StartsWith("io,stat,", StringComparison.Ordinal)
                 && double.TryParse(spec.AsSpan(8), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0)
        {
            statistics = new Statistics("io,stat", seconds);
        }

        return statistics is not null;
    }

    public void Add(scoped in DissectedFrame frame)
    {
        PacketView p = frame.Packet;
        long len = frame.OriginalLength;
        switch (_kind)
        {
            case "conv,tcp" or "conv,udp":
                if ((_kind == "conv,tcp" ? p.IsTcp : p.IsUdp) && p.HasAddresses)
                {
                    string a = $"{p.GetSourceAddress()}:{p.SourcePort}", b = $"{p.GetDestinationAddress()}:{p.DestinationPort}";
                    bool forward = string.CompareOrdinal(a, b) <= 0;
                    string key = forward ? $"{a} <-> {b}" : $"{b} <-> {a}";
                    long[] row = Row(key, 4);
                    row[forward ? 0 : 2]++;
                    row[forward ? 1 : 3] += len;
                }

                break;
            case "endpoints,ip":
                if (p.HasAddresses)
                {
                    long[] s = Row(p.GetSourceAddress()!.ToString(), 2);
                    s[0]++;
                    s[1] += len;
                    if (!p.SourceAddressBytes.SequenceEqual(p.DestinationAddressBytes))
                    {
                        long[] d = Row(p.GetDestinationAddress()!.ToString(), 2);
                        d[0]++;
                        d[1] += len;
                    }
                }

                break;
            case "io,stat":
            {
                long bucket = (long)Math.Floor(frame.RelativeNanoseconds / (_interval * 1e9));
                if (!_io.TryGetValue(bucket, out long[]? r))
                {
                    _io[bucket] = r = new long[2];
                }

                r[0]++;
                r[1] += len;
                break;
            }

            case "http,tree":
                foreach (string m in _method.Format(frame).Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    Row($"Request {m}", 1)[0]++;
                }

                foreach (string c in _code.Format(frame).Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    Row($"Response {c}", 1)[0]++;
                }

                break;
        }

        _ = _src;
        _ = _dst;
    }

    private long[] Row(string key, int width)
    {
        if (!_rows.TryGetValue(key, out long[]? row))
        {
            _rows[key] = row = new long[width];
        }

        return row;
    }

    public void Write(TextWriter output)
    {
        output.WriteLine("================================================================================");
        switch (_kind)
        {
            case "conv,tcp" or "conv,udp":
                output.WriteLine($"{(_kind == "conv,tcp" ? "TCP" : "UDP")} Conversations");
                output.WriteLine($"{"",-50} {"<- Frames",10} {"Bytes",10} {"-> Frames",10} {"Bytes",10} {"Total",10}");
                foreach ((string key, long[] r) in _rows.OrderByDescending(kv => kv.Value[1] + kv.Value[3]))
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-50} {r[2],10} {r[3],10} {r[0],10} {r[1],10} {r[0] + r[2],10}"));
                }

                break;
            case "endpoints,ip":
                output.WriteLine("IPv4/IPv6 Endpoints");
                output.WriteLine($"{"Address",-40} {"Packets",10} {"Bytes",12}");
                foreach ((string key, long[] r) in _rows.OrderByDescending(kv => kv.Value[1]))
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-40} {r[0],10} {r[1],12}"));
                }

                break;
            case "io,stat":
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"IO Statistics (interval {_interval} s)"));
                output.WriteLine($"{"Interval",-24} {"Frames",10} {"Bytes",12}");
                foreach ((long bucket, long[] r) in _io)
                {
                    string span = string.Create(CultureInfo.InvariantCulture, $"{bucket * _interval:0.###} <> {(bucket + 1) * _interval:0.###}");
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{span,-24} {r[0],10} {r[1],12}"));
                }

                break;
            default:
                output.WriteLine("HTTP/Packet Counter");
                foreach ((string key, long[] r) in _rows.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-40} {r[0],10}"));
                }

                break;
        }

        output.WriteLine("================================================================================");
    }
}
