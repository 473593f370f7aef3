using System.IO.Compression;

namespace Forensics.Net.Pcap.Analysis.Tests;

/// <summary>The package README's example, compiled and run against a gzip-compressed pcapng fixture.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_CompilesAndRuns()
    {
        string path = Path.Combine(Path.GetTempPath(), $"readme-{Guid.NewGuid():N}.pcapng.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write(TestFiles.Bytes(TestFiles.HttpFirst20PcapNg));
        }

        var console = new StringWriter();
        try
        {
            // ---- README example (Console replaced by a StringWriter) ----
            using var reader = CaptureReader.Open(path,
                new CaptureReaderOptions { Strictness = CaptureStrictness.Lenient });
            var flows = new FlowTable();
            while (reader.ReadNext())
            {
                CaptureRecord record = reader.Current;                     // bytes valid until the next ReadNext
                var packet = new PacketView(record.Span, record.LinkType); // zero allocation
                if (packet.IsTcp && packet.DestinationPort == 80)
                    console.WriteLine($"{packet.GetSourceAddress()}:{packet.SourcePort} -> {packet.GetDestinationAddress()}:80");
                flows.Add(packet, record.TimestampNanoseconds, record.OriginalLength);
            }

            foreach (Flow flow in flows.Flows.OrderByDescending(f => f.Bytes).Take(10))
                console.WriteLine($"{flow.ProtocolName} {flow.SourceAddress}:{flow.SourcePort} -> {flow.DestinationAddress}:{flow.DestinationPort} {flow.Packets} pkts {flow.Bytes} B {flow.TcpState}");
            FlowExport.WriteCsv(console, flows.Flows);
            // ---- end ----

            reader.IsCompressed.Should().BeTrue();
            flows.PacketCount.Should().Be(20);
            console.ToString().Should().Contain("tcp 127.0.0.1:52986 -> 127.0.0.1:8080").And.Contain(FlowExport.CsvHeader);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
