using Forensics.Net.Testing;

namespace Forensics.Net.EncodingDetection.Tests.Corpus;

/// <summary>The detector over the other test corpora in testdata/: real files it was not tuned on.</summary>
public class OtherCorporaTests
{
    private static readonly HashSet<string> TextTypes =
    [
        "afm", "c", "css", "csv", "dtd", "eml", "html", "javascript", "json", "markdown", "pem", "perl",
        "postscript", "python", "shell", "svg", "toml", "txt", "xbm", "xml", "xpm",
    ];

    [Fact]
    public void Signatures_TextFilesAreNeverBinary_AndNoFileThrows()
    {
        string dir = TestCorpus.Require("signatures");
        var calledBinary = new List<string>();
        int text = 0;
        foreach (string line in File.ReadLines(Path.Combine(dir, "labels.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            var result = EncodingDetector.Detect(File.ReadAllBytes(Path.Combine(dir, f[0])));
            result.Confidence.Should().BeInRange(0, 1);
            if (TextTypes.Contains(f[1]))
            {
                text++;
                if (result.IsBinary)
                {
                    calledBinary.Add(f[0]);
                }
            }
        }

        text.Should().BeGreaterThan(50);
        calledBinary.Should().BeEmpty();
    }

    [Fact]
    public void Signatures_CompressedAndMediaFiles_AreBinary()
    {
        string dir = TestCorpus.Require("signatures");
        string[] binaryTypes = ["png", "jpeg", "gif", "gzip", "xz", "zstd", "bzip2", "elf", "pebin", "sqlite", "zip", "jar", "pdf", "wav", "ttf"];
        var notBinary = File.ReadLines(Path.Combine(dir, "labels.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => binaryTypes.Contains(f[1]))
            .Where(f => !EncodingDetector.Detect(File.ReadAllBytes(Path.Combine(dir, f[0]))).IsBinary)
            .Select(f => f[0])
            .ToList();

        notBinary.Should().BeEmpty();
    }

    [Fact]
    public void PublicCaptures_IncludingMalformedOnes_NeverThrow()
    {
        string dir = TestCorpus.Require("pcap/public");
        int files = 0;
        foreach (string path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var result = EncodingDetector.Detect(File.ReadAllBytes(path));
            result.Confidence.Should().BeInRange(0, 1);
            files++;
        }

        files.Should().BeGreaterThan(400);
    }
}
