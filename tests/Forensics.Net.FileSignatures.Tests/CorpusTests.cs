using Forensics.Net.Testing;
using Xunit.Abstractions;

namespace Forensics.Net.FileSignatures.Tests;

/// <summary>Strict accuracy over the 238 labelled files of testdata/signatures (exact format: a strict MIME of typemap.csv).</summary>
public class CorpusTests(ITestOutputHelper output)
{
    private static readonly string[] Containers = ["docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "jar", "apk"];

    [SkippableFact]
    public void SignaturesCorpus_StrictAccuracy_IsAtLeast99Percent_ContainersPerfect_NoFalseMismatch()
    {
        string root = TestCorpus.Require("signatures");
        var typemap = File.ReadAllLines(Path.Combine(root, "typemap.csv")).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => (Extensions: f[1].Split(' '), Strict: f[2].Split(' ', StringSplitOptions.RemoveEmptyEntries), Family: f[3].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        var labels = File.ReadAllLines(Path.Combine(root, "labels.csv")).Skip(1).Select(l => l.Split(',')).ToList();

        int strict = 0;
        int family = 0;
        var misses = new List<string>();
        var falseMismatches = new List<string>();
        var containerMisses = new List<string>();
        foreach (var f in labels)
        {
            string path = Path.Combine(root, f[0]);
            string label = f[1];
            var map = typemap[label];
            var check = FileTypeDetector.Default.CheckFile(path);
            bool ok = map.Strict.Contains(check.Type.MimeType);
            strict += ok ? 1 : 0;
            family += !ok && map.Family.Contains(check.Type.MimeType) ? 1 : 0;
            if (!ok)
            {
                misses.Add($"{label}: {f[0]} -> {check.Type.Id} {check.Type.MimeType} ({check.Detection.Rule})");
                if (Containers.Contains(label))
                {
                    containerMisses.Add(f[0]);
                }
            }

            string ext = Path.GetExtension(path).TrimStart('.');
            bool correctlyNamed = ext.Length > 0 && map.Extensions.Contains(ext, StringComparer.OrdinalIgnoreCase);
            if (correctlyNamed && check.Verdict == ExtensionVerdict.Mismatch)
            {
                falseMismatches.Add($"{f[0]} -> {check.Type.Id}");
            }
        }

        double accuracy = (double)strict / labels.Count;
        output.WriteLine($"strict accuracy: {strict}/{labels.Count} = {accuracy:P1}; strict+family {(strict + family) * 100.0 / labels.Count:0.0}%");
        foreach (var m in misses)
        {
            output.WriteLine("miss " + m);
        }

        labels.Should().HaveCount(238);
        accuracy.Should().BeGreaterThanOrEqualTo(0.99, string.Join("; ", misses));
        containerMisses.Should().BeEmpty();
        falseMismatches.Should().BeEmpty();
    }

    [Fact]
    public void SignaturesCorpus_ForwardOnlyStreams_StayWithinWindowAndMostlyAgree()
    {
        string root = TestCorpus.Require("signatures");
        int agree = 0;
        int total = 0;
        foreach (string path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(p => !p.EndsWith(".csv", StringComparison.Ordinal) || p.Contains("/csv/", StringComparison.Ordinal)))
        {
            using var fs = File.OpenRead(path);
            var counting = new CountingStream(fs, seekable: false);
            var r = FileTypeDetector.Default.Detect(counting);
            counting.BytesRead.Should().BeLessThanOrEqualTo(FileTypeDetectorOptions.Default.MaxHeaderBytes);
            total++;
            agree += r.Type == FileTypeDetector.Default.DetectFile(path).Type ? 1 : 0;
        }

        output.WriteLine($"forward-only prefix agrees with full-file detection on {agree}/{total}");
        ((double)agree / total).Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void PcapCorpus_EveryCapture_IsPcapOrPcapngOrNamedTruncation()
    {
        string dir = TestCorpus.Require("pcap/public/tcpdump");
        var counts = new Dictionary<string, int>();
        foreach (string path in Directory.EnumerateFiles(dir, "*.pcap*"))
        {
            var r = FileTypeDetector.Default.DetectFile(path);
            counts[r.Type.Id] = counts.GetValueOrDefault(r.Type.Id) + 1;
        }

        output.WriteLine(string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}")));
        int captures = counts.Where(kv => kv.Key.StartsWith("pcap", StringComparison.Ordinal)).Sum(kv => kv.Value);
        captures.Should().BeGreaterThan((int)(counts.Values.Sum() * 0.95));
    }

    [Fact]
    public void EncodingCorpus_TextIsTextInEveryEncoding_BinaryIsNot()
    {
        string root = TestCorpus.Require("encoding");
        var labels = File.ReadAllLines(Path.Combine(root, "labels.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct().ToList();
        var notText = new List<string>();
        foreach (string rel in labels)
        {
            var r = FileTypeDetector.Default.DetectFile(Path.Combine(root, rel));
            if (!r.Type.IsText)
            {
                notText.Add($"{rel} -> {r.Type.Id}");
            }
        }

        var binaries = Directory.GetFiles(Path.Combine(root, "binary"));
        var binaryAsText = binaries.Select(p => (p, FileTypeDetector.Default.DetectFile(p))).Where(x => x.Item2.Type.IsText).Select(x => x.p).ToList();
        output.WriteLine($"text recognised as text: {labels.Count - notText.Count}/{labels.Count}; binary called text: {binaryAsText.Count}/{binaries.Length}");
        notText.ForEach(output.WriteLine);

        binaries.Should().HaveCountGreaterThan(5);
        binaryAsText.Should().BeEmpty();
        ((double)(labels.Count - notText.Count) / labels.Count).Should().BeGreaterThanOrEqualTo(0.97, "only 50-byte CJK/Thai UTF-16 without BOM or any zero byte are ambiguous");
    }
}
