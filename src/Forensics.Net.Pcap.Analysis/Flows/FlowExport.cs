using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Writes flows as CSV (RFC 4180, header row) or JSON Lines (one object per line). Both use the same field names:
/// <c>index, proto, src, sport, dst, dport, packets, bytes, packets_src, bytes_src, packets_dst, bytes_dst,
/// payload_bytes_src, payload_bytes_dst, first_seen, last_seen, duration_s, tcp_state</c>
/// (times in ISO 8601 UTC with 7 fractional digits, duration in seconds, <c>tcp_state</c> empty/null for non-TCP).
/// </summary>
public static class FlowExport
{
    private static readonly string[] Columns =
    [
        "index", "proto", "src", "sport", "dst", "dport", "packets", "bytes", "packets_src", "bytes_src", "packets_dst",
        "bytes_dst", "payload_bytes_src", "payload_bytes_dst", "first_seen", "last_seen", "duration_s", "tcp_state",
    ];

    /// <summary>Gets the CSV header line (without line terminator).</summary>
    public static string CsvHeader { get; } = string.Join(',', Columns);

    /// <summary>Writes a header row and one row per flow.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="flows">The flows, e.g. <see cref="FlowTable.Flows"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <example><code>FlowExport.WriteCsv(Console.Out, table.Flows);</code></example>
    public static void WriteCsv(TextWriter writer, IEnumerable<Flow> flows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(flows);
        writer.WriteLine(CsvHeader);
        var line = new StringBuilder(160);
        foreach (Flow flow in flows)
        {
            line.Clear();
            CultureInfo c = CultureInfo.InvariantCulture;
            line.Append(c, $"{flow.Index},{flow.ProtocolName},{flow.SourceAddress},{flow.SourcePort},{flow.DestinationAddress},{flow.DestinationPort},")
                .Append(c, $"{flow.Packets},{flow.Bytes},{flow.PacketsFromSource},{flow.BytesFromSource},{flow.PacketsFromDestination},{flow.BytesFromDestination},")
                .Append(c, $"{flow.PayloadBytesFromSource},{flow.PayloadBytesFromDestination},{Time(flow.FirstSeen)},{Time(flow.LastSeen)},")
                .Append(c, $"{flow.Duration.TotalSeconds:0.#########},{State(flow)}");
            writer.WriteLine(line);
        }
    }

    /// <summary>Writes one JSON object per flow, one per line.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="flows">The flows.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteJsonLines(TextWriter writer, IEnumerable<Flow> flows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(flows);
        var buffer = new ArrayBufferWriter<byte>(512);
        using var json = new Utf8JsonWriter(buffer);
        foreach (Flow flow in flows)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            Write(json, flow);
            json.Flush();
            writer.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    /// <summary>Returns one flow as a single-line JSON object.</summary>
    /// <param name="flow">The flow.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="flow"/> is <see langword="null"/>.</exception>
    public static string ToJson(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, flow);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one flow as a JSON object to a <see cref="Utf8JsonWriter"/>.</summary>
    /// <param name="json">The JSON writer.</param>
    /// <param name="flow">The flow.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Write(Utf8JsonWriter json, Flow flow)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(flow);
        json.WriteStartObject();
        json.WriteNumber("index", flow.Index);
        json.WriteString("proto", flow.ProtocolName);
        json.WriteString("src", flow.SourceAddress.ToString());
        json.WriteNumber("sport", flow.SourcePort);
        json.WriteString("dst", flow.DestinationAddress.ToString());
        json.WriteNumber("dport", flow.DestinationPort);
        json.WriteNumber("packets", flow.Packets);
        json.WriteNumber("bytes", flow.Bytes);
        json.WriteNumber("packets_src", flow.PacketsFromSource);
        json.WriteNumber("bytes_src", flow.BytesFromSource);
        json.WriteNumber("packets_dst", flow.PacketsFromDestination);
        json.WriteNumber("bytes_dst", flow.BytesFromDestination);
        json.WriteNumber("payload_bytes_src", flow.PayloadBytesFromSource);
        json.WriteNumber("payload_bytes_dst", flow.PayloadBytesFromDestination);
        json.WriteString("first_seen", Time(flow.FirstSeen));
        json.WriteString("last_seen", Time(flow.LastSeen));
        json.WriteNumber("duration_s", Math.Round(flow.Duration.TotalSeconds, 7));
        if (flow.Protocol == IPProtocolNumbers.Tcp)
        {
            json.WriteString("tcp_state", State(flow));
        }
        else
        {
            json.WriteNull("tcp_state");
        }

        json.WriteEndObject();
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string State(Flow flow) => flow.TcpState switch
    {
        TcpFlowState.None => "",
        TcpFlowState.SynSent => "syn_sent",
        TcpFlowState.Established => "established",
        TcpFlowState.Closing => "closing",
        TcpFlowState.Closed => "closed",
        TcpFlowState.Reset => "reset",
        _ => "mid_stream",
    };
}
