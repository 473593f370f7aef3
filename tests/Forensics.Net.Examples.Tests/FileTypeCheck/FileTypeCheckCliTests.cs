using System.Text.Json;
using FileTypeCheck;
using Forensics.Net.Examples.Tests.Support;

namespace Forensics.Net.Examples.Tests.FileTypeCheck;

public sealed class FileTypeCheckCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("filetypecheck-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Json_OneObjectPerFile_WithContractFields_ExitZero()
    {
        File.Copy(TestData.Path("FileSignatures/gen.odt"), Path.Combine(_dir, "doc.odt"));
        File.Copy(TestData.Path("FileSignatures/maven-resolver-transport-file.jar"), Path.Combine(_dir, "lib.zip"));
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.Copy(TestData.Path("FileSignatures/gdbtui"), Path.Combine(_dir, "sub", "gdbtui"));

        var (code, stdout, _) = Run("--json", "--recursive", _dir);

        code.Should().Be(0);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        var objects = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        foreach (var o in objects)
        {
            o.GetProperty("path").GetString().Should().NotBeNullOrEmpty();
            o.GetProperty("mime").GetString().Should().Contain("/");
            o.GetProperty("name").GetString().Should().NotBeNullOrEmpty();
            o.GetProperty("extensions").ValueKind.Should().Be(JsonValueKind.Array);
            o.GetProperty("confidence").GetDouble().Should().BeInRange(0, 1);
            o.GetProperty("verdict").GetString().Should().BeOneOf("match", "alias", "mismatch", "unknown", "no-extension");
        }

        objects.Select(o => o.GetProperty("verdict").GetString()).Should().BeEquivalentTo(["match", "alias", "no-extension"]);
        objects.Single(o => o.GetProperty("path").GetString()!.EndsWith("lib.zip", StringComparison.Ordinal)).GetProperty("mime").GetString().Should().Be("application/java-archive");
    }

    [Fact]
    public void Mismatch_ExitsOne_AndTextModeSaysDangerous()
    {
        File.Copy(TestData.Path("FileSignatures/a.pie"), Path.Combine(_dir, "holiday.jpg"));

        var (code, stdout, _) = Run(_dir);
        var (jsonCode, json, _) = Run("--json", Path.Combine(_dir, "holiday.jpg"));

        code.Should().Be(1);
        stdout.Should().Contain("mismatch!").And.Contain("EXECUTABLE");
        jsonCode.Should().Be(1);
        var o = JsonDocument.Parse(json).RootElement;
        o.GetProperty("verdict").GetString().Should().Be("mismatch");
        o.GetProperty("dangerous").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void WithoutRecursive_SubdirectoriesAreSkipped()
    {
        File.Copy(TestData.Path("FileSignatures/gen.odt"), Path.Combine(_dir, "doc.odt"));
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.Copy(TestData.Path("FileSignatures/a.pie"), Path.Combine(_dir, "sub", "x.jpg"));

        var (code, stdout, _) = Run("--json", _dir);

        code.Should().Be(0);
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
    }

    [Fact]
    public void MissingPath_ReportedPerFile_ExitTwo_OthersStillChecked()
    {
        File.Copy(TestData.Path("FileSignatures/gen.odt"), Path.Combine(_dir, "doc.odt"));

        var (code, stdout, stderr) = Run("--json", Path.Combine(_dir, "nope.bin"), Path.Combine(_dir, "doc.odt"));

        code.Should().Be(2);
        stderr.Should().Contain("nope.bin");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        JsonDocument.Parse(lines[0]).RootElement.GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        JsonDocument.Parse(lines[1]).RootElement.GetProperty("verdict").GetString().Should().Be("match");
    }

    [Theory]
    [InlineData]
    [InlineData("--json")]
    [InlineData("--bogus", "x")]
    public void Usage_ExitsTwo(params string[] args)
    {
        var (code, _, stderr) = Run(args);

        code.Should().Be(2);
        stderr.Should().Contain("usage");
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = FileTypeCheckApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
