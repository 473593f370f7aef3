using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Forensics.Net.Pcap.Analysis;

namespace PcapFlows;

/// <summary>
/// The PcapFlows command line: the course's dpkt "print source and destination of every packet" script, plus ports,
/// a source exclusion, a flow-table summary and JSON output.
/// </summary>
public static class PcapFlowsApp
{
    public const string Usage = "usage: PcapFlows [--exclude-src IP[/PREFIX]] [--ports] [--summary] [--json] CAPTURE   (CAPTURE: .pcap, .pcapng, optionally .gz; - for stdin)";

    /// <summary>Runs the command; returns 0 on success, 1 when the capture is damaged (what was read is printed), 2 on usage errors.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        IPNetwork? excludeSource = null;
        bool ports = false, summary = false, json = false;
        string? capture = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--exclude-src" when i + 1 < args.Length:
                    if (!TryParseNetwork(args[++i], out IPNetwork network))
                    {
                        error.WriteLine($"PcapFlows: '{args[i]}' is not an IP address or prefix");
                        return 2;
                    }

                    excludeSource = network;
                    break;
                case "--ports":
                    ports = true;
                    break;
                case "--summary":
                    summary = true;
                    break;
                case "--json":
                    json = true;
                    break;
                case "-h" or "--help":
                    output.WriteLine(Usage);
                    return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || capture is not null)
                    {
                        error.WriteLine(Usage);
                        return 2;
                    }

                    capture = args[i];
                    break;
            }
        }

        if (capture is null)
        {
            error.WriteLine(Usage);
            return 2;
        }

        var filter = excludeSource is null ? null : new PacketFilter { ExcludeSource = excludeSource };
        var options = new CaptureReaderOptions { Strictness = CaptureStrictness.Lenient };
        try
        {
            using CaptureReader reader = capture == "-"
                ? CaptureReader.Create(Console.OpenStandardInput(), options)
                : CaptureReader.Open(capture, options);
            if (summary)
            {
                FlowTable table = FlowTable.Build(reader, new FlowTableOptions { Filter = filter });
                if (json)
                {
                    FlowExport.WriteJsonLines(output, table.Flows);
                }
                else
                {
                    WriteSummary(output, table, capture);
                }
            }
            else
            {
                WritePackets(reader, output, filter, ports, json);
            }

            foreach (CaptureIssue issue in reader.Issues)
            {
                error.WriteLine($"PcapFlows: {capture}: {issue}");
            }

            return reader.IssueCount > 0 ? 1 : 0;
        }
        catch (PcapFormatException ex)
        {
            error.WriteLine($"PcapFlows: {capture}: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"PcapFlows: {capture}: {ex.Message}");
            return 2;
        }
    }

    private static void WritePackets(CaptureReader reader, TextWriter output, PacketFilter? filter, bool ports, bool json)
    {
        var line = new StringBuilder(96);
        var buffer = new ArrayBufferWriter<byte>(256);
        using var jsonWriter = new Utf8JsonWriter(buffer);
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
                buffer.ResetWrittenCount();
                jsonWriter.Reset(buffer);
                jsonWriter.WriteStartObject();
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
                jsonWriter.WriteEndObject();
                jsonWriter.Flush();
                output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
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

    private static void WriteSummary(TextWriter output, FlowTable table, string capture)
    {
        long bytes = table.Flows.Sum(f => f.Bytes);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{capture}: {table.Count} flows, {table.PacketCount} packets, {bytes} bytes ({table.NonIPPacketCount} non-IP, {table.FilteredPacketCount} filtered out)"));
        output.WriteLine("proto   source                                          destination                                      packets        bytes   duration_s  tcp_state");
        foreach (Flow flow in table.Flows)
        {
            string src = Endpoint(flow.SourceAddress, flow.SourcePort, flow.Protocol);
            string dst = Endpoint(flow.DestinationAddress, flow.DestinationPort, flow.Protocol);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{flow.ProtocolName,-7} {src,-47} {dst,-47} {flow.Packets,8} {flow.Bytes,12} {flow.Duration.TotalSeconds,12:0.000000}  {State(flow.TcpState)}"));
        }
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
