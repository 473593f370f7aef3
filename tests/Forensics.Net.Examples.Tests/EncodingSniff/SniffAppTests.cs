using System.Text.Json;
using EncodingSniff;
using Forensics.Net.Examples.Tests.Support;
using Forensics.Net.Testing;

namespace Forensics.Net.Examples.Tests.EncodingSniff;

public class SniffAppTests
{
    [Fact]
    public void Run_SampleEvidenceDirectory_PrintsEncodingBomConfidenceAndFirstLine()
    {
        string dir = Path.Combine(TestData.RepositoryRoot(), "samples", "evidence");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = SniffApp.Run([dir], stdout, stderr);

        exit.Should().Be(0);
        stderr.ToString().Should().BeEmpty();
        string text = stdout.ToString();
        text.Should().Contain("greeting-utf16le.txt: utf-16le, BOM, confidence 1.00");
        text.Should().Contain("greeting-utf8-bom.txt: utf-8, BOM, confidence 1.00");
        text.Should().Contain("    Good morning");
    }

    [Fact]
    public void Run_Json_PrintsOneObjectPerFileWithTheContractFields()
    {
        string koi8 = TestData.Path("Encoding/Legacy/koi8-r_ru_short.txt");
        string png = TestData.Path("Encoding/Binary/img.png");
        var stdout = new StringWriter();

        int exit = SniffApp.Run(["--json", koi8, png], stdout, new StringWriter());

        exit.Should().Be(0);
        string[] lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);

        using var text = JsonDocument.Parse(lines[0]);
        var t = text.RootElement;
        t.GetProperty("path").GetString().Should().Be(koi8);
        t.GetProperty("encoding").GetString().Should().Be("koi8-r");
        t.GetProperty("confidence").GetDouble().Should().BeInRange(0.8, 1.0);
        t.GetProperty("bom").GetBoolean().Should().BeFalse();
        t.GetProperty("is_binary").GetBoolean().Should().BeFalse();
        t.GetProperty("language").GetString().Should().Be("ru");
        t.GetProperty("alternatives").ValueKind.Should().Be(JsonValueKind.Array);
        t.GetProperty("first_line").GetString().Should().StartWith("Съешь же ещё");

        using var binary = JsonDocument.Parse(lines[1]);
        var b = binary.RootElement;
        b.GetProperty("encoding").ValueKind.Should().Be(JsonValueKind.Null);
        b.GetProperty("is_binary").GetBoolean().Should().BeTrue();
        b.GetProperty("language").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void Run_CorpusDirectoryAsJson_EveryLineParsesAndBinaryFolderIsBinary()
    {
        string dir = TestCorpus.Require("encoding/binary");
        var stdout = new StringWriter();

        SniffApp.Run(["--json", dir], stdout, new StringWriter()).Should().Be(0);

        string[] lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(11);
        foreach (string line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            doc.RootElement.GetProperty("is_binary").GetBoolean().Should().BeTrue(line);
        }
    }

    [Theory]
    [InlineData(new string[0], 2)]
    [InlineData(new[] { "--bogus", "x" }, 2)]
    [InlineData(new[] { "/nonexistent/path/for/sniff" }, 2)]
    public void Run_BadArguments_ReturnsNonZero(string[] args, int expected)
    {
        var stderr = new StringWriter();

        SniffApp.Run(args, new StringWriter(), stderr).Should().Be(expected);

        stderr.ToString().Should().NotBeEmpty();
    }
}
