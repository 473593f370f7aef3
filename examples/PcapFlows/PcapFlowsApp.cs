using System.Globalization;
using System.Net;
using System.Text;
using System.CommandLine;
using System.Text.Json;
using Forensics.Net.Examples.Shared;
using Forensics.Net.Pcap.Analysis;
using Spectre.Console;

namespace PcapFlows;

/// <summary>
/// The PcapFlows command line: the course's dpkt "print source and destination of every packet" script, plus ports,
/// a source exclusion, a flow-table summary and JSON output.
/// </summary>
public static class PcapFlowsApp
{
    private static readonly Option<string> ReadOption = new("--read", "-r") { Description = "the capture to read (.pcap, .pcapng, optionally .gz; - for stdin), as tcpdump -r", HelpName = "CAPTURE" };
    private static readonly Option<long> CountOption = new Option<long>("--count", "-c") { Description = "stop after N matching packets, as tcpdump -c", HelpName = "N" }.InRange(1, long.MaxValue);
    private static readonly Option<string> WriteOption = new("--write", "-w") { Description = "write the matching packets to a pcap file instead of printing them, as tcpdump -w", HelpName = "OUT" };
    private static readonly Option<string> ExcludeOption = new("--exclude-src") { Description = "drop packets from this source address or prefix", HelpName = "IP[/PREFIX]" };
    private static readonly Option<bool> PortsOption = new("--ports") { Description = "print ADDR:PORT -> ADDR:PORT instead of the course's [+] lines" };
    private static readonly Option<bool> SummaryOption = new("--summary") { Description = "print the flow table instead of packets" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "JSON Lines: one object per packet (or per flow with --summary)" };
    private static readonly Argument<string[]> ArgsArgument = new("CAPTURE [EXPRESSION]") { Description = "the capture (unless -r is given), then an optional BPF filter expression (pcap-filter(7), as tcpdump)", Arity = ArgumentArity.ZeroOrMore };

    private static readonly Command RootCommand = Cli.CreateCommand(
        "The course's dpkt script: [+] Src: A --> Dst: B for every IP packet of a capture; ports, a flow table, JSON Lines, BPF filters.",
        ReadOption, CountOption, WriteOption, ExcludeOption, PortsOption, SummaryOption, JsonOption, ArgsArgument);

    /// <summary>Runs the command; returns 0 on success, 1 when the capture is damaged (what was read is printed), 2 on usage or I/O errors.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool isTerminal = false) => Cli.Run(error, () =>
    {
        if (!Cli.TryParse(RootCommand, args, output, error, out ParseResult parsed, out int exit))
        {
            return exit;
        }

        List<string> rest = [.. parsed.GetValue(ArgsArgument) ?? []];
        string? capture = parsed.GetValue(ReadOption);
        if (capture is null)
        {
            if (rest.Count == 0)
            {
                return Cli.Usage(error, "no capture given (CAPTURE or -r CAPTURE)");
            }

            capture = rest[0];
            rest.RemoveAt(0);
        }

        IPNetwork? excludeSource = null;
        if (parsed.GetValue(ExcludeOption) is { } exclude)
        {
            if (!TryParseNetwork(exclude, out IPNetwork network))
            {
                return Cli.Usage(error, $"--exclude-src: '{exclude}' is not an IP address or prefix");
            }

            excludeSource = network;
        }

        bool ports = parsed.GetValue(PortsOption), summary = parsed.GetValue(SummaryOption), json = parsed.GetValue(JsonOption);
        string? write = parsed.GetValue(WriteOption);
        if (write is not null && summary)
        {
            return Cli.Usage(error, "-w writes packets; it cannot be combined with --summary");
        }

        using BpfFilter? bpf = rest.Count > 0 ? new BpfFilter(string.Join(' ', rest)) : null;
        var filter = excludeSource is null ? null : new PacketFilter { ExcludeSource = excludeSource };
        var options = new CaptureReaderOptions { Strictness = CaptureStrictness.Lenient };
        try
        {
            using CaptureReader reader = Input.IsStdin(capture)
                ? CaptureReader.Create(Console.OpenStandardInput(), options)
                : CaptureReader.Open(capture, options);
            using var source = new SelectedSource(reader, bpf, parsed.GetValue(CountOption) is > 0 and long n ? n : long.MaxValue);
            if (summary)
            {
                FlowTable table = FlowTable.Build(source, new FlowTableOptions { Filter = filter });
                if (json)
                {
                    FlowExport.WriteJsonLines(output, table.Flows);
                }
                else
                {
                    WriteSummary(output, table, capture, isTerminal);
                }
            }
            else if (write is not null)
            {
                WriteCapture(source, write, filter);
            }
            else
            {
                WritePackets(source, output, filter, ports, json);
            }

            foreach (CaptureIssue issue in reader.Issues)
            {
                Cli.Error(error, capture, issue.ToString());
            }

            return reader.IssueCount > 0 ? ExitCodes.Findings : ExitCodes.Success;
        }
        catch (PcapFormatException ex)
        {
            Cli.Error(error, capture, ex.Message);
            return ExitCodes.Findings;
        }
        catch (ArgumentException ex) when (bpf is not null)
        {
            return Cli.Usage(error, $"filter expression: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Cli.Error(error, capture, ex.Message);
            return ExitCodes.Error;
        }
    });

    /// <summary>The reader's records that pass the BPF filter, up to the -c count.</summary>
    private sealed class SelectedSource(CaptureReader reader, BpfFilter? bpf, long count) : ICaptureSource
    {
        private long _taken;

        public CaptureRecord Current => reader.Current;

        public bool ReadNext()
        {
            if (_taken >= count)
            {
                return false;
            }

            while (reader.ReadNext())
            {
                if (bpf is null || bpf.Matches(reader.Current))
                {
                    _taken++;
                    return true;
                }
            }

            return false;
        }

        public ValueTask<bool> ReadNextAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(ReadNext());

        public void Dispose()
        {
        }
    }

    private static void WriteCapture(ICaptureSource source, string path, PacketFilter? filter)
    {
        PcapWriter? writer = null;
        try
        {
            while (source.ReadNext())
            {
                CaptureRecord record = source.Current;
                if (filter is not null && !filter.Matches(new PacketView(record.Span, record.LinkType)))
                {
                    continue;
                }

                writer ??= PcapWriter.Create(path, record.LinkType);
                if (record.LinkType != writer.LinkType)
                {
                    throw new IOException($"{path}: the capture mixes link types ({writer.LinkType}, {record.LinkType}); a pcap file holds one");
                }

                writer.Write(record);
            }

            writer ??= PcapWriter.Create(path, LinkType.Ethernet);
        }
        finally
        {
            writer?.Dispose();
        }
    }

    private static void WritePackets(ICaptureSource reader, TextWriter output, PacketFilter? filter, bool ports, bool json)
    {
        var line = new StringBuilder(96);
        using var jsonLines = new JsonLineWriter(output);
        Span<char> address = stackalloc char[64];
        while (reader.ReadNext())
        {
            CaptureRecord record = reader.Current;
            var packet = new PacketView(record.Span, record.LinkType);
            if (!packet.HasAddresses || (filter is not null && !filter.Matches(packet)))
            {
                continue;
            }

            if (json)
            {
                Utf8JsonWriter jsonWriter = jsonLines.Begin();
                jsonWriter.WriteNumber("frame", record.Number);
                jsonWriter.WriteString("ts", record.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                jsonWriter.WriteString("src", Format(packet.SourceAddressBytes, address));
                jsonWriter.WriteString("dst", Format(packet.DestinationAddressBytes, address));
                if (packet.HasPorts)
                {
                    jsonWriter.WriteNumber("sport", packet.SourcePort);
                    jsonWriter.WriteNumber("dport", packet.DestinationPort);
                }
                else
                {
                    jsonWriter.WriteNull("sport");
                    jsonWriter.WriteNull("dport");
                }

                jsonWriter.WriteString("proto", ProtocolName(packet.Protocol));
                jsonWriter.WriteNumber("len", record.OriginalLength);
                jsonLines.End();
                continue;
            }

            line.Clear();
            if (ports)
            {
                line.Append(Format(packet.SourceAddressBytes, address));
                if (packet.HasPorts)
                {
                    line.Append(':').Append(packet.SourcePort);
                }

                line.Append(" -> ").Append(Format(packet.DestinationAddressBytes, address));
                if (packet.HasPorts)
                {
                    line.Append(':').Append(packet.DestinationPort);
                }
            }
            else
            {
                line.Append("[+] Src: ").Append(Format(packet.SourceAddressBytes, address))
                    .Append(" --> Dst: ").Append(Format(packet.DestinationAddressBytes, address));
            }

            output.WriteLine(line);
        }
    }

    private static void WriteSummary(TextWriter output, FlowTable table, string capture, bool isTerminal)
    {
        long bytes = table.Flows.Sum(f => f.Bytes);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{capture}: {table.Count} flows, {table.PacketCount} packets, {bytes} bytes ({table.NonIPPacketCount} non-IP, {table.FilteredPacketCount} filtered out)"));
        Table grid = TableConsole.Plain("proto", "source", "destination", ">packets", ">bytes", ">duration_s", "tcp_state");
        foreach (Flow flow in table.Flows)
        {
            grid.AddRow(
                flow.ProtocolName,
                Markup.Escape(Endpoint(flow.SourceAddress, flow.SourcePort, flow.Protocol)),
                Markup.Escape(Endpoint(flow.DestinationAddress, flow.DestinationPort, flow.Protocol)),
                flow.Packets.ToString(CultureInfo.InvariantCulture),
                flow.Bytes.ToString(CultureInfo.InvariantCulture),
                flow.Duration.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture),
                State(flow.TcpState));
        }

        TableConsole.Write(output, isTerminal, grid);
    }

    private static string Endpoint(IPAddress address, ushort port, byte protocol)
    {
        bool hasPorts = protocol is IPProtocolNumbers.Tcp or IPProtocolNumbers.Udp;
        string a = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && hasPorts ? $"[{address}]" : address.ToString();
        return hasPorts ? string.Create(CultureInfo.InvariantCulture, $"{a}:{port}") : a;
    }

    private static string State(TcpFlowState state) => state switch
    {
        TcpFlowState.None => "",
        TcpFlowState.SynSent => "syn_sent",
        TcpFlowState.Established => "established",
        TcpFlowState.Closing => "closing",
        TcpFlowState.Closed => "closed",
        TcpFlowState.Reset => "reset",
        _ => "mid_stream",
    };

    private static string ProtocolName(byte protocol) => protocol switch
    {
        IPProtocolNumbers.Tcp => "tcp",
        IPProtocolNumbers.Udp => "udp",
        IPProtocolNumbers.Icmp => "icmp",
        IPProtocolNumbers.IcmpV6 => "icmpv6",
        _ => protocol.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Formats 4 or 16 address bytes as socket.inet_ntoa / inet_ntop would, without allocating an IPAddress for IPv4.</summary>
    private static ReadOnlySpan<char> Format(ReadOnlySpan<byte> address, Span<char> destination)
    {
        if (address.Length == 4)
        {
            int n = 0;
            for (int i = 0; i < 4; i++)
            {
                if (i > 0)
                {
                    destination[n++] = '.';
                }

                address[i].TryFormat(destination[n..], out int written, default, CultureInfo.InvariantCulture);
                n += written;
            }

            return destination[..n];
        }

        new IPAddress(address).TryFormat(destination, out int length);
        return destination[..length];
    }

    private static bool TryParseNetwork(string text, out IPNetwork network)
    {
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out IPAddress? address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }
}
