using Forensics.Net.Testing;

namespace Forensics.Net.Pcap.Analysis.Tests.Carving;

/// <summary>Robustness: carving and protocol logging get through every public tcpdump/libpcap test capture.</summary>
public class PublicCorpusCarvingTests
{
    [Fact]
    public void CarveAndProtocolLog_EveryPublicCapture_FinishOrThrowOnlyPcapFormatException()
    {
        string root = TestCorpus.Require("pcap/public");
        string[] files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        files.Length.Should().BeGreaterThan(400);
        int finished = 0, rejected = 0;
        var unexpected = new List<string>();
        foreach (string file in files)
        {
            try
            {
                HttpCarveResult carved = HttpCarver.CarveFile(file);
                ProtocolLogResult log = ProtocolLog.ReadFile(file, null);
                carved.Packets.Should().Be(log.Packets);
                finished++;
            }
            catch (PcapFormatException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                unexpected.Add($"{Path.GetFileName(file)}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        unexpected.Should().BeEmpty();
        finished.Should().BeGreaterThan(300);
        (finished + rejected).Should().Be(files.Length);
    }
}
