using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Forensics.Net.Benchmarks.Pcap;

/// <summary>Million packets per second over the benchmark capture (one operation = one pass over every packet).</summary>
public sealed class MegaPacketsPerSecondColumn : IColumn
{
    public string Id => "MpktPerSec";

    public string ColumnName => "Mpkt/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Million packets per second (packets in the capture / mean time of one pass)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats)
        {
            return "-";
        }

        double seconds = stats.Mean / 1e9;
        return (PcapBenchmarkInput.PacketCount / seconds / 1e6).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Bytes allocated per packet (allocated per pass / packets).</summary>
public sealed class AllocatedPerPacketColumn : IColumn
{
    public string Id => "AllocPerPacket";

    public string ColumnName => "B/pkt";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Managed bytes allocated per packet (allocated per pass / packets in the capture)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report is null || report.GcStats.TotalOperations == 0)
        {
            return "-";
        }

        long? bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        return bytes is long b ? ((double)b / PcapBenchmarkInput.PacketCount).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
