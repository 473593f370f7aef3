using System.Text.Json;
using System.Text.RegularExpressions;
using ChatExample;
using EchoServerExample;
using EncodingSniff;
using FileHash;
using FileTypeCheck;
using Forensics.Net.Examples.Tests.Support;
using Forensics.Net.Testing;
using Forensics.Net.Triage;
using HashScan;
using MessageClientExample;
using PcapDownloads;
using PcapFlows;

namespace Forensics.Net.Examples.Tests.Conventions;

/// <summary>
/// The one command-line convention, app by app: --help on stdout with exit 0; a bad option, a missing input and a
/// value out of range as one line on stderr with exit 2 and never a stack trace; every --json key in snake_case.
/// </summary>
public sealed partial class CommandLineConventionTests
{
    private static readonly Dictionary<string, Func<string[], TextWriter, TextWriter, int>> Apps = new(StringComparer.Ordinal)
    {
        ["Triage"] = (a, o, e) => TriageApp.Run(a, o, e),
        ["PcapFlows"] = (a, o, e) => PcapFlowsApp.Run(a, o, e),
        ["PcapDownloads"] = PcapDownloadsApp.Run,
        ["FileTypeCheck"] = FileTypeCheckApp.Run,
        ["FileHash"] = FileHashApp.Run,
        ["HashScan"] = HashScanApp.Run,
        ["EncodingSniff"] = SniffApp.Run,
        ["EchoServer"] = (a, o, e) => EchoServerApp.RunAsync(a, o, e, CancellationToken.None).GetAwaiter().GetResult(),
        ["MessageClient"] = (a, o, e) => MessageClientApp.RunAsync(a, TextReader.Null, o, e, CancellationToken.None).GetAwaiter().GetResult(),
        ["Chat"] = (a, o, e) => ChatApp.RunAsync(a, TextReader.Null, o, e, CancellationToken.None).GetAwaiter().GetResult(),
    };

    private static string Capture => PcapData.Path(PcapData.HttpFirst20Pcap);

    [Theory]
    [InlineData("Triage", "fnet-triage")]
    [InlineData("PcapFlows", "fnet-pcapflows")]
    [InlineData("PcapDownloads", "fnet-pcapdownloads")]
    [InlineData("FileTypeCheck", "fnet-filetypecheck")]
    [InlineData("FileHash", "fnet-filehash")]
    [InlineData("HashScan", "fnet-hashscan")]
    [InlineData("EncodingSniff", "fnet-encodingsniff")]
    [InlineData("EchoServer", "fnet-echoserver")]
    [InlineData("MessageClient", "fnet-messageclient")]
    [InlineData("Chat", "fnet-chat")]
    public void Help_PrintsUsageOnStdout_ExitZero(string app, string command)
    {
        foreach (string help in new[] { "--help", "-h" })
        {
            var (exit, stdout, stderr) = AppRunner.Run(Apps[app], [help]);

            exit.Should().Be(0, stderr);
            stderr.Should().BeEmpty();
            stdout.Should().Contain("Usage:").And.Contain(command).And.Contain("Exit codes: 0");
        }
    }

    [Theory]
    [InlineData("Triage", "--bogus")]
    [InlineData("PcapFlows", "--bogus", "x.pcap")]
    [InlineData("PcapDownloads", "--bogus", "x.pcap")]
    [InlineData("FileTypeCheck", "--bogus", "x")]
    [InlineData("FileHash", "--bogus", "x")]
    [InlineData("HashScan", "--bad", "x", "--bogus", "y")]
    [InlineData("EncodingSniff", "--bogus", "x")]
    [InlineData("EchoServer", "--bogus")]
    [InlineData("MessageClient", "--bogus")]
    [InlineData("Chat", "server", "--bogus")]
    public void BadOption_OneLineOnStderr_ExitTwo(string app, params string[] args) =>
        UsageError(app, args, "--bogus");

    [Theory]
    [InlineData("Triage", "--threads", "999")]
    [InlineData("PcapFlows", "-c", "0", "CAPTURE")]
    [InlineData("PcapFlows", "--count", "99999999999999999999", "CAPTURE")]
    [InlineData("PcapDownloads", "--uri", "(", "CAPTURE")]
    [InlineData("FileHash", "--min-size", "99999999999999999999", "x")]
    [InlineData("FileHash", "-j", "0", "x")]
    [InlineData("FileHash", "--format", "xml", "x")]
    [InlineData("HashScan", "x", "--bad")]
    [InlineData("EchoServer", "--port", "99999")]
    [InlineData("EchoServer", "--port", "-1")]
    [InlineData("MessageClient", "--port", "99999")]
    [InlineData("MessageClient", "--timeout", "-1")]
    [InlineData("Chat", "server", "--port", "99999")]
    public void ValueOutOfRange_OneLineOnStderr_ExitTwo(string app, params string[] args) =>
        UsageError(app, args.Select(a => a == "CAPTURE" ? Capture : a).ToArray(), args.First(a => a.StartsWith('-')).Split('=')[0]);

    [Theory]
    [InlineData("Triage", "--dir", "/nonexistent/evidence-dir")]
    [InlineData("PcapFlows", "/nonexistent/capture.pcap")]
    [InlineData("PcapDownloads", "/nonexistent/capture.pcap")]
    [InlineData("FileTypeCheck", "/nonexistent/file.bin")]
    [InlineData("FileHash", "/nonexistent/file.bin")]
    [InlineData("HashScan", "--bad", "HASHES", "/nonexistent/file.bin")]
    [InlineData("HashScan", "--bad", "/nonexistent/hashes.txt", "HASHES")]
    [InlineData("EncodingSniff", "/nonexistent/file.txt")]
    [InlineData("MessageClient", "--port", "1", "--timeout", "1", "--host", "127.0.0.1")]
    [InlineData("Chat", "client", "--nick", "x", "--port", "1")]
    public void MissingInput_NamedOnStderr_ExitTwo(string app, params string[] args)
    {
        args = args.Select(a => a == "HASHES" ? HashingData.Get("sha256sum.txt") : a).ToArray();
        var (exit, stdout, stderr) = AppRunner.Run(Apps[app], args);

        exit.Should().Be(2, stdout + stderr);
        NoStackTrace(stdout, stderr);
        string named = args.FirstOrDefault(a => a.StartsWith("/nonexistent", StringComparison.Ordinal)) ?? "127.0.0.1:1";
        if (app == "Triage")
        {
            // Triage reports an unreadable input inside its report (the rest of the run still happens).
            stdout.Should().Contain(named);
            return;
        }

        stderr.Should().Contain(named);
        Lines(stderr).Where(l => l.Contains(named, StringComparison.Ordinal)).Should().ContainSingle();
        Lines(stderr).Should().OnlyContain(l => l.StartsWith("fnet-", StringComparison.Ordinal));
    }

    [Fact]
    public void EchoServer_PortInUse_OneLineOnStderr_ExitTwo()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, stdout, stderr) = AppRunner.Run(Apps["EchoServer"], ["--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        exit.Should().Be(2);
        NoStackTrace(stdout, stderr);
        Lines(stderr).Should().ContainSingle().Which.Should().StartWith("fnet-echoserver: ");
    }

    public static TheoryData<string, string[]> JsonRuns => new()
    {
        { "PcapFlows", ["--json", "CAPTURE"] },
        { "PcapFlows", ["--json", "--summary", "CAPTURE"] },
        { "PcapDownloads", ["--json", "--all", "pcap/http_downloads.pcap"] },
        { "FileTypeCheck", ["--json", "-r", "TREE", "/nonexistent/x"] },
        { "FileHash", ["--json", "-r", "TREE"] },
        { "FileHash", ["--json", "--algorithms", "md5,sha1,sha256,crc32,xxh3,blake3", "-r", "TREE"] },
        { "HashScan", ["--json", "--bad", "HASHES", "-r", "TREE", "/nonexistent/x"] },
        { "EncodingSniff", ["--json", "TREE"] },
        { "Triage", ["--json"] },
    };

    [Theory]
    [MemberData(nameof(JsonRuns))]
    public void Json_EveryKeyIsSnakeCase_AndEachLineIsOneDocument(string app, string[] args)
    {
        args = args.Select(a => a switch
        {
            "CAPTURE" => Capture,
            "TREE" => HashingData.Tree,
            "HASHES" => HashingData.Get("sha256sum.txt"),
            _ when a.StartsWith("pcap/", StringComparison.Ordinal) => TestCorpus.Require(a),
            _ => a,
        }).ToArray();
        var (exit, stdout, stderr) = AppRunner.Run(Apps[app], args);

        exit.Should().BeOneOf([0, 1, 2], stderr);
        NoStackTrace(stdout, stderr);
        List<JsonDocument> documents = app == "Triage"
            ? [JsonDocument.Parse(stdout)] // a report: one document
            : Lines(stdout).Select(l => JsonDocument.Parse(l)).ToList(); // JSON Lines: one object per line
        documents.Should().NotBeEmpty();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonDocument document in documents)
        {
            document.RootElement.ValueKind.Should().Be(JsonValueKind.Object);
            CollectKeys(document.RootElement, keys);
            document.Dispose();
        }

        keys.Should().NotBeEmpty().And.OnlyContain(k => SnakeCase().IsMatch(k), $"{app} --json keys are snake_case");
    }

    private static void UsageError(string app, string[] args, string mentioned)
    {
        var (exit, stdout, stderr) = AppRunner.Run(Apps[app], args);

        exit.Should().Be(2, stderr);
        NoStackTrace(stdout, stderr);
        stdout.Should().BeEmpty();
        string line = Lines(stderr).Should().ContainSingle().Subject;
        line.Should().StartWith("fnet-").And.Contain("--help").And.Contain(mentioned.TrimStart('-'));
    }

    private static void NoStackTrace(string stdout, string stderr)
    {
        (stdout + stderr).Should().NotContain("   at ").And.NotContain("Exception:").And.NotContain("Unhandled");
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void CollectKeys(JsonElement element, HashSet<string> keys)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    keys.Add(property.Name);
                    CollectKeys(property.Value, keys);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    CollectKeys(item, keys);
                }

                break;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SnakeCase();
}
