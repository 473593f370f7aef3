using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Forensics.Net.Testing;

namespace Forensics.Net.Pcap.Analysis.Tests.Carving;

public sealed class HttpCarverTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "carve-" + Guid.NewGuid().ToString("N"));

    private static string Capture => TestCorpus.Require("pcap/http_downloads.pcap");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Carve_WithOutputDirectory_WritesEveryBodyByteExactAndNeverOverwrites()
    {
        HttpCarveResult first = HttpCarver.CarveFile(Capture, new HttpCarverOptions { OutputDirectory = _dir });
        HttpCarveResult second = HttpCarver.CarveFile(Capture, new HttpCarverOptions { OutputDirectory = _dir });

        string[] files = Directory.GetFiles(_dir);
        files.Should().HaveCount(first.Files.Count + second.Files.Count, "a second run adds files instead of overwriting");
        foreach (CarvedHttpFile f in first.Files.Concat(second.Files))
        {
            f.FilePath.Should().NotBeNull();
            Path.GetDirectoryName(f.FilePath).Should().Be(Path.GetFullPath(_dir));
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f.FilePath!))).Should().Be(f.Sha256);
            new FileInfo(f.FilePath!).Length.Should().Be(f.Size);
        }

        // anim.gif is fetched 7 times per run: 14 files share the name.
        files.Select(Path.GetFileName).Where(n => n!.StartsWith("anim", StringComparison.Ordinal)).Should()
            .Contain(["anim.gif", "anim (2).gif", "anim (14).gif"]);
    }

    [Fact]
    public void Carve_KeepBodies_BodiesMatchTheirHashes()
    {
        HttpCarveResult result = HttpCarver.CarveFile(Capture, new HttpCarverOptions { KeepBodies = true });
        result.Files.Should().NotBeEmpty();
        foreach (CarvedHttpFile f in result.Files)
        {
            f.Body.Should().NotBeNull();
            Convert.ToHexStringLower(SHA256.HashData(f.Body!.Value.ToArray())).Should().Be(f.Sha256);
        }
    }

    [Fact]
    public void Carve_Filters_SelectByExtensionContentTypeStatusHostMethodAndUri()
    {
        HttpCarveResult gifs = HttpCarver.CarveFile(Capture, new HttpCarverOptions { Extensions = ["gif"], StatusCodes = [200] });
        gifs.Files.Should().NotBeEmpty().And.OnlyContain(f => f.Uri!.EndsWith(".gif", StringComparison.Ordinal) && f.StatusCode == 200);

        HttpCarveResult jpeg = HttpCarver.CarveFile(Capture, new HttpCarverOptions { Extensions = ["jpeg"] });
        jpeg.Files.Should().NotBeEmpty().And.OnlyContain(f => f.Uri!.EndsWith(".jpg", StringComparison.Ordinal));

        HttpCarveResult images = HttpCarver.CarveFile(Capture, new HttpCarverOptions { ContentTypes = ["image/png"] });
        images.Files.Should().NotBeEmpty().And.OnlyContain(f => f.ContentType == "image/png");

        HttpCarveResult pyServer = HttpCarver.CarveFile(Capture, new HttpCarverOptions { Hosts = ["127.0.0.1"], UriPattern = new Regex(":8000/") });
        pyServer.Files.Should().HaveCount(4).And.OnlyContain(f => f.Server.Port == 8000);

        HttpCarveResult notFound = HttpCarver.CarveFile(Capture, new HttpCarverOptions { StatusCodes = [404] });
        notFound.Files.Should().HaveCount(2).And.OnlyContain(f => f.Size == 153);

        HttpCarveResult posts = HttpCarver.CarveFile(Capture, new HttpCarverOptions { Methods = ["POST"] });
        posts.Files.Should().BeEmpty();
        posts.Requests.Should().HaveCount(49, "the request log is never filtered");
    }

    [Fact]
    public void Carve_CompleteOnly_DropsTheAbortedDownload()
    {
        HttpCarveResult all = HttpCarver.CarveFile(Capture);
        HttpCarveResult complete = HttpCarver.CarveFile(Capture, new HttpCarverOptions { IncludeIncomplete = false });
        complete.Files.Should().HaveCount(all.Files.Count - 1).And.OnlyContain(f => f.IsComplete);
        all.Issues.Should().Contain(p => p.Message.Contains("big_noise.jpg", StringComparison.Ordinal));
    }

    [Fact]
    public void Carve_RecordFields_AreFilled()
    {
        CarvedHttpFile gz = HttpCarver.CarveFile(Capture).Files.First(f => f.Uri == "http://127.0.0.1:8080/gz/about.html");
        gz.Client.Address.ToString().Should().Be("127.0.0.1");
        gz.Client.Port.Should().Be(53074);
        gz.Server.Port.Should().Be(8080);
        gz.Method.Should().Be("GET");
        gz.Host.Should().Be("127.0.0.1:8080");
        gz.StatusCode.Should().Be(200);
        gz.ContentEncoding.Should().Be("gzip");
        gz.TransferEncoding.Should().Be("chunked");
        gz.ContentType.Should().StartWith("text/html");
        gz.Size.Should().Be(185867);
        gz.EncodedSize.Should().BeLessThan(gz.Size);
        gz.SuggestedFileName.Should().Be("about.html");
        gz.RequestTimestamp.Should().NotBeNull();
        gz.ResponseTimestamp.Should().BeOnOrAfter(gz.RequestTimestamp!.Value);
        gz.LastTimestamp.Should().BeOnOrAfter(gz.ResponseTimestamp);
        gz.IsComplete.Should().BeTrue();
    }

    [Fact]
    public void Carve_FromNonSeekableStream_MatchesCarveFromPath()
    {
        using var gzipped = new MemoryStream();
        using (var z = new System.IO.Compression.GZipStream(gzipped, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (FileStream f = File.OpenRead(Capture))
        {
            f.CopyTo(z);
        }

        gzipped.Position = 0;
        HttpCarveResult fromStream = HttpCarver.Carve(gzipped);
        fromStream.Files.Select(f => f.Sha256).Should().Equal(HttpCarver.CarveFile(Capture).Files.Select(f => f.Sha256));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(24)]
    [InlineData(5000)]
    [InlineData(3_000_000)]
    [InlineData(10_218_000)]
    public void Carve_CaptureCutMidStream_ReportsAndKeepsWhatItCan(int length)
    {
        byte[] bytes = File.ReadAllBytes(Capture);
        using var cut = new MemoryStream(bytes, 0, Math.Min(length, bytes.Length));
        if (length < 24)
        {
            Action act = () => HttpCarver.Carve(cut);
            act.Should().Throw<PcapFormatException>();
            return;
        }

        HttpCarveResult result = HttpCarver.Carve(cut);
        result.Files.Where(f => f.IsComplete).All(f => f.Size == f.Transaction.BodyLength && f.MissingBytes == 0).Should().BeTrue();
        result.Packets.Should().BeGreaterThanOrEqualTo(0);
        if (length == 3_000_000)
        {
            result.Files.Should().Contain(f => !f.IsComplete && (f.Problems & HttpProblems.Truncated) != 0);
        }
    }

    [Fact]
    public void Carve_MissingFile_ThrowsFileNotFound()
    {
        Directory.CreateDirectory(_dir);
        Action act = () => HttpCarver.CarveFile(Path.Combine(_dir, "nope.pcap"));
        act.Should().Throw<FileNotFoundException>();
    }

    [Theory]
    [InlineData("/img/logo.gif", null, "logo.gif")]
    [InlineData("/img/logo.gif?v=2#x", null, "logo.gif")]
    [InlineData("/", "text/html", "index.html")]
    [InlineData("/download", "image/jpeg", "download.jpg")]
    [InlineData("/a/..%2F..%2Fetc%2Fpasswd", null, "___etc_passwd")]
    [InlineData("/..", null, "body")]
    [InlineData("/%2e%2e", "text/plain", "body.txt")]
    [InlineData("/x/CON.txt", null, "_CON.txt")]
    [InlineData("/a%00b%0d%0a.png", null, "a_b__.png")]
    [InlineData("/c:\\windows\\evil.exe", null, "c__windows_evil.exe")]
    [InlineData("http://host/abs/file.zip?x", null, "file.zip")]
    [InlineData(null, null, "body")]
    public void SuggestedFileName_IsSanitised(string? target, string? contentType, string expected)
    {
        string name = SafeFileName.Suggest(target, contentType);
        name.Should().Be(expected);
        name.Should().NotContainAny("/", "\\", "..", "\0", ":");
    }

    [Fact]
    public void OutputFileAllocator_ManyIdenticalNames_AllGetDistinctFiles()
    {
        var allocator = new OutputFileAllocator(_dir);
        File.WriteAllText(Path.Combine(_dir, "x.bin"), "pre-existing");
        var paths = new HashSet<string>();
        for (int i = 0; i < 500; i++)
        {
            using FileStream s = allocator.Create("x.bin", out string path);
            paths.Add(path).Should().BeTrue();
        }

        File.ReadAllText(Path.Combine(_dir, "x.bin")).Should().Be("pre-existing");
        Directory.GetFiles(_dir).Should().HaveCount(501);
        paths.Should().Contain(Path.Combine(Path.GetFullPath(_dir), "x (501).bin"));
    }
}
