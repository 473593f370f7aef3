using System.Runtime.InteropServices;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A table of bidirectional 5-tuple flows (addresses, ports, IP protocol) built from decoded packets: packets and
/// bytes per direction, first and last seen, TCP flags and state. Protocols without ports (ICMP, non-first
/// fragments, others) are keyed with ports 0. A new SYN on a TCP 4-tuple whose connection was closed (FIN or RST)
/// starts a new flow, as tshark starts a new <c>tcp.stream</c>. Adding a packet of a known flow does not allocate.
/// </summary>
/// <example>
/// <code>
/// using var reader = CaptureReader.Open("capture.pcap");
/// FlowTable flows = FlowTable.Build(reader);
/// foreach (Flow flow in flows.Flows.OrderByDescending(f => f.Bytes).Take(10)) Console.WriteLine(flow);
/// FlowExport.WriteCsv(Console.Out, flows.Flows);
/// </code>
/// </example>
public sealed class FlowTable
{
    private readonly Dictionary<FlowKey, Flow> _flows = [];
    private readonly List<Flow> _ordered = [];
    private readonly FlowTableOptions _options;

    /// <summary>Creates an empty table.</summary>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="FlowTableOptions.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="FlowTableOptions.MaxFlows"/> is negative.</exception>
    public FlowTable(FlowTableOptions? options = null)
    {
        _options = options ?? FlowTableOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxFlows, nameof(options));
    }

    /// <summary>Gets the number of flows.</summary>
    public int Count => _ordered.Count;

    /// <summary>Gets the flows in the order they were first seen.</summary>
    public IReadOnlyList<Flow> Flows => _ordered;

    /// <summary>Gets the number of packets counted in a flow.</summary>
    public long PacketCount { get; private set; }

    /// <summary>Gets the number of packets without an IP layer (ARP, unsupported link types, damaged headers).</summary>
    public long NonIPPacketCount { get; private set; }

    /// <summary>Gets the number of IP packets rejected by <see cref="FlowTableOptions.Filter"/>.</summary>
    public long FilteredPacketCount { get; private set; }

    /// <summary>Gets the number of packets of new flows beyond <see cref="FlowTableOptions.MaxFlows"/>.</summary>
    public long UntrackedPacketCount { get; private set; }

    /// <summary>Reads every record of <paramref name="source"/> (a file or a live capture) into a new table, until it ends.</summary>
    /// <param name="source">A capture source.</param>
    /// <param name="options">Table options (e.g. a filter).</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="PcapFormatException">The capture is damaged (strict reader).</exception>
    /// <example><code>FlowTable table = FlowTable.Build(CaptureReader.Open(path));</code></example>
    public static FlowTable Build(ICaptureSource source, FlowTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var table = new FlowTable(options);
        while (source.ReadNext())
        {
            table.Add(source.Current);
        }

        return table;
    }

    /// <summary>Reads every remaining record of <paramref name="source"/> asynchronously into a new table.</summary>
    /// <param name="source">A capture source (a file or a live capture).</param>
    /// <param name="options">Table options (e.g. a filter).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="PcapFormatException">The capture is damaged (strict reader).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async ValueTask<FlowTable> BuildAsync(ICaptureSource source, FlowTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var table = new FlowTable(options);
        while (await source.ReadNextAsync(cancellationToken).ConfigureAwait(false))
        {
            table.Add(source.Current);
        }

        return table;
    }

    /// <summary>Decodes a record and counts it in its flow.</summary>
    /// <param name="record">The record.</param>
    /// <returns><see langword="true"/> when the packet was counted in a flow.</returns>
    public bool Add(CaptureRecord record)
    {
        var packet = new PacketView(record.Span, record.LinkType);
        return Add(packet, record.TimestampNanoseconds, record.OriginalLength);
    }

    /// <summary>Counts a decoded packet in its flow.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="timestampNanoseconds">The packet's time in nanoseconds since the Unix epoch.</param>
    /// <param name="length">The packet's length for byte counters (usually the original frame length).</param>
    /// <returns><see langword="true"/> when the packet was counted in a flow; <see langword="false"/> when it has no IP layer, was filtered out or the table is full.</returns>
    public bool Add(scoped in PacketView packet, long timestampNanoseconds, long length)
    {
        if (!packet.HasAddresses)
        {
            NonIPPacketCount++;
            return false;
        }

        if (_options.Filter is PacketFilter filter && !filter.Matches(packet))
        {
            FilteredPacketCount++;
            return false;
        }

        FlowKey key = FlowKey.Create(packet, out bool fromA);
        ref Flow? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_flows, key, out bool exists);
        if (exists && packet.IsTcp && (packet.TcpFlags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn
            && ((slot!.TcpFlagsFromSource | slot.TcpFlagsFromDestination) & (TcpFlags.Fin | TcpFlags.Rst)) != 0)
        {
            // Port reuse: a new SYN after the connection was closed (FIN or RST) is a new connection, as tshark
            // starts a new tcp.stream.
            exists = false;
        }

        if (!exists)
        {
            if (_ordered.Count >= _options.MaxFlows)
            {
                _flows.Remove(key);
                UntrackedPacketCount++;
                return false;
            }

            slot = new Flow(key, fromA, _ordered.Count, timestampNanoseconds);
            _ordered.Add(slot);
        }

        slot!.Add(fromA, timestampNanoseconds, length, packet.Payload.Length, packet.TcpFlags);
        PacketCount++;
        return true;
    }

    /// <summary>Finds the flow a packet belongs to.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="flow">The flow, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the packet's flow is in the table.</returns>
    /// <remarks>No throwing counterpart: a packet of an untracked flow (filtered, non-IP, beyond the table limit) is an expected answer.</remarks>
    public bool TryGetFlow(scoped in PacketView packet, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Flow? flow)
    {
        if (!packet.HasAddresses)
        {
            flow = null;
            return false;
        }

        return _flows.TryGetValue(FlowKey.Create(packet, out _), out flow);
    }
}
