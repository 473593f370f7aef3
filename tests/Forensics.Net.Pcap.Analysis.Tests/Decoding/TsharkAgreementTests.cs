using System.Diagnostics;
using System.Globalization;
using Forensics.Net.Testing;

namespace Forensics.Net.Pcap.Analysis.Tests.Decoding;

/// <summary>
/// Correctness against the reference tool: for every packet of the shared http_downloads captures, the
/// (src, dst, sport, dport, proto) this package decodes equals what <c>tshark -T fields</c> prints.
/// </summary>
public class TsharkAgreementTests
{
    private const string Fields = "-e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport -e ip.proto";

    [SkippableTheory]
    [InlineData("pcap/http_downloads.pcap")]
    [InlineData("pcap/http_downloads.pcapng")]
    [InlineData("pcap/http_downloads_sll2.pcap")]
    [InlineData("pcap/http_downloads_vlan.pcap")]
    [InlineData("pcap/http_downloads_reordered.pcap")]
    public async Task EveryPacket_MatchesTsharkFields(string capture)
    {
        string path = TestCorpus.Require(capture);
        List<string> expected = await RunTsharkAsync(path);

        var actual = new List<string>();
        using (var reader = CaptureReader.Open(path))
        {
            while (reader.ReadNext())
            {
                actual.Add(Format(new PacketView(reader.Current)));
            }
        }

        actual.Should().HaveCount(expected.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            actual[i].Should().Be(expected[i], $"packet {i + 1} of {capture}");
        }
    }

    internal static string Format(PacketView p)
    {
        string ip4 = p.Network == NetworkLayerType.IPv4 && p.HasAddresses ? $"{p.GetSourceAddress()}\t{p.GetDestinationAddress()}" : "\t";
        string ip6 = p.Network == NetworkLayerType.IPv6 && p.HasAddresses ? $"{p.GetSourceAddress()}\t{p.GetDestinationAddress()}" : "\t";
        string tcp = p.HasPorts && p.Protocol == IPProtocolNumbers.Tcp ? $"{p.SourcePort}\t{p.DestinationPort}" : "\t";
        string udp = p.HasPorts && p.Protocol == IPProtocolNumbers.Udp ? $"{p.SourcePort}\t{p.DestinationPort}" : "\t";
        string proto = p.Network == NetworkLayerType.IPv4 && p.HasAddresses ? p.Protocol.ToString(CultureInfo.InvariantCulture) : "";
        return $"{ip4}\t{ip6}\t{tcp}\t{udp}\t{proto}";
    }

    internal static async Task<List<string>> RunTsharkAsync(string path)
    {
        ExternalTool.Require("tshark");
        var start = new ProcessStartInfo("tshark", $"-n -r \"{path}\" -T fields -E separator=/t {Fields}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("tshark did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("tshark is required for this test and was not found on PATH (apt-get install tshark).", ex);
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            var lines = new List<string>();
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
            }

            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.Should().Be(0, await stderr);
            return lines;
        }
    }
}
