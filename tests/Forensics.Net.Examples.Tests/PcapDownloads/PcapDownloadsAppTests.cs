using System.Text.Json;
using Forensics.Net.Examples.Tests.Support;
using Forensics.Net.Testing;
using PcapDownloads;

namespace Forensics.Net.Examples.Tests.PcapDownloads;

public sealed class PcapDownloadsAppTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pcapdl-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    public static TheoryData<string> Captures => PcapData.Captures;

    [SkippableTheory]
    [MemberData(nameof(Captures))]
    public void Default_PrintsTheCourseLinesForEveryGifRequest(string capture)
    {
        string path = TestCorpus.Require(capture);
        (int code, string output, _) = Run(path);

        code.Should().Be(0);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be($"[*] Analysing {path} for gif files");

        // 19 GET requests name a .gif: what tshark's course filter finds (17 frames, one frame holding 3 pipelined requests).
        // A 404 and a 304 are shown as such, never as downloaded (issue 15); the other 17 keep the course's line.
        lines.Skip(1).Should().HaveCount(19).And.OnlyContain(l => l.StartsWith("[!] 127.0.0.1 ", StringComparison.Ordinal) && l.Contains(".gif from 127.0.0.1", StringComparison.Ordinal));
        lines.Skip(1).Where(l => l.StartsWith("[!] 127.0.0.1 downloaded /", StringComparison.Ordinal) && l.EndsWith(".gif from 127.0.0.1", StringComparison.Ordinal)).Should().HaveCount(17);
        lines.Should().Contain("[!] 127.0.0.1 requested /img/missing.gif from 127.0.0.1 (HTTP 404, not downloaded)");
        lines.Should().Contain("[!] 127.0.0.1 requested /img/logo.gif from 127.0.0.1 (HTTP 304, not downloaded)");
    }

    [Fact]
    public void NoMatch_PrintsTheCourseMessage()
    {
        (int code, string output, _) = Run("--ext exe", TestCorpus.Require("pcap/http_downloads.pcap"));
        code.Should().Be(0);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Should().Be("No exe downloads found in this file");
    }

    [SkippableFact]
    public void Json_PrintsOneObjectPerCarvedDownload()
    {
        (int code, string output, _) = Run("--json --ext gif,jpg --uri :8080/img/", TestCorpus.Require("pcap/http_downloads_vlan.pcap"));
        code.Should().Be(1, "big_noise.jpg's body is truncated in the capture: an incomplete carve is a finding");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().NotBeEmpty();
        foreach (string line in lines)
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement e = doc.RootElement;
            e.GetProperty("method").GetString().Should().Be("GET");
            e.GetProperty("uri").GetString().Should().Contain(":8080/img/");
            e.GetProperty("sha256").GetString().Should().HaveLength(64);
            e.GetProperty("client").GetString().Should().Be("127.0.0.1");
            e.GetProperty("server_port").GetInt32().Should().Be(8080);
            e.GetProperty("outcome").GetString().Should().BeOneOf("downloaded", "partial", "truncated", "http_error");
            e.GetProperty("problems").ValueKind.Should().Be(JsonValueKind.Array);
            foreach (string field in new[] { "client_port", "server", "request_timestamp", "response_timestamp", "host", "status_code", "content_type", "content_encoding", "transfer_encoding", "size", "suggested_file_name", "file_path", "is_complete" })
            {
                e.TryGetProperty(field, out _).Should().BeTrue(field);
            }
        }
    }

    [Fact]
    public void Out_WritesTheBodies()
    {
        (int code, string output, _) = Run($"--all --out {_dir}", TestCorpus.Require("pcap/http_downloads_sll2.pcap"));
        code.Should().Be(1, "big_noise.jpg's body is truncated in the capture: an incomplete carve is a finding");
        output.Should().Contain("big_noise.jpg").And.Contain("INCOMPLETE");
        output.Should().Contain("[+] http://127.0.0.1:8080/img/anim.gif -> ");
        Directory.GetFiles(_dir).Length.Should().BeGreaterThanOrEqualTo(44);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--bogus x.pcap")]
    [InlineData("--ext")]
    [InlineData("--uri ( x.pcap")]
    [InlineData("a.pcap b.pcap")]
    public void BadUsage_ExitsWith2(string args)
    {
        (int code, _, string error) = Run(args);
        code.Should().Be(2);
        error.Should().NotBeEmpty();
    }

    [Fact]
    public void UnreadableCapture_ExitsWith1()
    {
        Directory.CreateDirectory(_dir);
        string bogus = Path.Combine(_dir, "bogus.pcap");
        File.WriteAllText(bogus, "this is not a capture file at all");
        (int code, _, string error) = Run(bogus);
        code.Should().Be(1);
        error.Should().Contain("bogus.pcap");
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        string[] argv = args.Length == 1 && args[0].Contains(' ', StringComparison.Ordinal) && !File.Exists(args[0])
            ? args[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : args.SelectMany(a => a.StartsWith("--", StringComparison.Ordinal) ? a.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [a]).ToArray();
        if (args.Length == 1 && args[0].Length == 0)
        {
            argv = [];
        }

        var output = new StringWriter();
        var error = new StringWriter();
        int code = PcapDownloadsApp.Run(argv, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
