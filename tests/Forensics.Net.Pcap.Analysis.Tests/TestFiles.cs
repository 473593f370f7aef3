namespace Forensics.Net.Pcap.Analysis.Tests;

/// <summary>Paths of the fixtures under TestData/ (see TestData/Capture/README.md for how each was made).</summary>
internal static class TestFiles
{
    public const string HttpFirst20Pcap = "TestData/Capture/http_first20.pcap";
    public const string HttpFirst20PcapNg = "TestData/Capture/http_first20.pcapng";
    public const string HttpFirst20Sll2 = "TestData/Capture/http_first20_sll2.pcap";
    public const string HttpFirst20Vlan = "TestData/Capture/http_first20_vlan.pcap";
    public const string MixedEtherSll2PcapNg = "TestData/Capture/mixed_ether_sll2.pcapng";
    public const string BigEndianPcap = "TestData/Capture/bigendian_unaligned-nfs-1.pcap";
    public const string NanosecondPcap = "TestData/Capture/nanosecond_timestamp_invalid_nano.pcap";

    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));
}
