using System.Text.Json;
using Forensics.Net.Testing;

namespace Forensics.Net.Pcap.Analysis.Tests.Carving;

/// <summary>The key proof: every decoded body listed in testdata/pcap/manifest.json is carved byte-exact from every capture variant.</summary>
public class CorpusCarvingTests
{
    public static TheoryData<string> Captures => new()
    {
        "pcap/http_downloads.pcap",
        "pcap/http_downloads.pcapng",
        "pcap/http_downloads_sll2.pcap",
        "pcap/http_downloads_vlan.pcap",
        "pcap/http_downloads_reordered.pcap",
    };

    [SkippableTheory]
    [MemberData(nameof(Captures))]
    public void Carve_SharedCapture_FindsAll44ManifestBodiesByteExact(string capture)
    {
        List<ManifestEntry> expected = LoadManifest().Where(e => e.BodySha256 is not null && e.Status is 200 or 206).ToList();
        expected.Should().HaveCount(44);

        HttpCarveResult result = HttpCarver.CarveFile(TestCorpus.Require(capture));

        var carved = result.Files.Where(f => f.IsComplete).Select(f => (f.Uri, f.Sha256)).ToHashSet();
        var missing = expected.Where(e => !carved.Contains((e.Url, e.BodySha256!))).Select(e => e.Url).ToList();
        missing.Should().BeEmpty("every manifest body must be carved with its URL and SHA-256 from {0}", capture);

        // One carved file for each manifest entry (the same URL fetched several times gives several files).
        foreach (IGrouping<(string Url, string? Sha), ManifestEntry> group in expected.GroupBy(e => (e.Url, e.BodySha256)))
        {
            result.Files.Count(f => f.Uri == group.Key.Url && f.Sha256 == group.Key.Sha && f.IsComplete)
                .Should().Be(group.Count(), group.Key.Url);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Captures))]
    public void Carve_SharedCapture_LogsEveryRequestAndReportsTheAbortedDownload(string capture)
    {
        HttpCarveResult result = HttpCarver.CarveFile(TestCorpus.Require(capture));

        // The 48 manifest requests, plus wget's robots.txt (not in the manifest), each once.
        List<ManifestEntry> manifest = LoadManifest();
        result.Requests.Should().HaveCount(49);
        foreach (IGrouping<(string Method, string Url), ManifestEntry> group in manifest.GroupBy(e => (e.Method, e.Url)))
        {
            result.Requests.Count(r => r.Method == group.Key.Method && r.Url == group.Key.Url).Should().Be(group.Count(), group.Key.Url);
        }

        result.Requests.Should().ContainSingle(r => r.Target == "/robots.txt" && r.StatusCode == 404);
        result.Requests.Count(r => r.Method == "HEAD").Should().Be(1);
        result.Files.Should().Contain(f => f.StatusCode == 206 && f.ContentRange == "bytes 0-9999/1827422" && f.Size == 10000);
        result.Files.Should().NotContain(f => f.Method == "HEAD");
        result.Files.Should().NotContain(f => f.StatusCode == 304);
        result.Files.Should().Contain(f => !f.IsComplete && f.Uri!.EndsWith("/img/big_noise.jpg", StringComparison.Ordinal) && f.Size >= 200_000);
    }

    [Theory]
    [InlineData(LinkType.IPv4)]
    [InlineData(LinkType.Raw)]
    public void Carve_SharedCaptureRewrittenAsRawIp_FindsAll44Bodies(LinkType linkType)
    {
        // The Ethernet capture with its 14-byte link headers stripped, written as LINKTYPE_IPV4 (228) or LINKTYPE_RAW (101).
        using var raw = new MemoryStream();
        using (CaptureReader reader = CaptureReader.Open(TestCorpus.Require("pcap/http_downloads.pcap")))
        using (var writer = new PcapWriter(raw, linkType, leaveOpen: true))
        {
            while (reader.ReadNext())
            {
                CaptureRecord r = reader.Current;
                writer.WritePacket(r.TimestampNanoseconds, r.Span[14..], r.OriginalLength - 14);
            }
        }

        raw.Position = 0;
        HttpCarveResult result = HttpCarver.Carve(raw);

        var carved = result.Files.Where(f => f.IsComplete).Select(f => (f.Uri, f.Sha256)).ToList();
        foreach (IGrouping<(string Url, string? Sha), ManifestEntry> group in LoadManifest().Where(e => e.BodySha256 is not null && e.Status is 200 or 206).GroupBy(e => (e.Url, e.BodySha256)))
        {
            carved.Count(c => c == (group.Key.Url, group.Key.Sha!)).Should().Be(group.Count(), group.Key.Url);
        }
    }

    internal static List<ManifestEntry> LoadManifest()
    {
        using FileStream s = File.OpenRead(TestCorpus.Require("pcap/manifest.json"));
        using JsonDocument doc = JsonDocument.Parse(s);
        var list = new List<ManifestEntry>();
        foreach (JsonElement e in doc.RootElement.EnumerateArray())
        {
            list.Add(new ManifestEntry(
                e.GetProperty("method").GetString()!,
                e.GetProperty("url").GetString()!,
                e.GetProperty("status").GetInt32(),
                e.TryGetProperty("body_sha256", out JsonElement h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null));
        }

        return list;
    }

    internal sealed record ManifestEntry(string Method, string Url, int Status, string? BodySha256);
}
