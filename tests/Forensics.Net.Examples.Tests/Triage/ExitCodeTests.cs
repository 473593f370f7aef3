using System.Text.Json;

namespace Forensics.Net.Triage.Tests;

/// <summary>Exit codes and the command line, run in-process and as the real program.</summary>
public class ExitCodeTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = TriageApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void CleanFolder_ExitsZero()
    {
        using var dir = new TempDir();
        File.Copy(Path.Combine(TestPaths.Samples, "evidence", "pictures", "icon.png"), dir.Combine("icon.png"));
        File.Copy(Path.Combine(TestPaths.Samples, "evidence", "letters", "memo-ja-shiftjis.txt"), dir.Combine("memo.txt"));

        (int exit, string output, _) = Run("--dir", dir.Path, "--known-bad", Path.Combine(TestPaths.Samples, "known-bad.txt"));

        exit.Should().Be(0, output);
        output.Should().Contain("nothing suspicious").And.Contain("shift_jis");
    }

    [Fact]
    public void KnownBadOnly_ExitsOne()
    {
        using var dir = new TempDir();
        File.Copy(Path.Combine(TestPaths.Samples, "evidence", "tools", "svc_update.py"), dir.Combine("renamed-but-same-bytes.py"));

        (int exit, string output, _) = Run("--dir", dir.Path, "--known-bad", Path.Combine(TestPaths.Samples, "known-bad.txt"));

        exit.Should().Be(1, output);
        output.Should().Contain("training-zoo/svc_update.py");
    }

    [Fact]
    public void MissingFolder_ExitsTwo_AndSaysWhy()
    {
        (int exit, string output, _) = Run("--dir", "/nonexistent/evidence");

        exit.Should().Be(2);
        output.Should().Contain("/nonexistent/evidence").And.Contain("folder not found");
    }

    [Fact]
    public void MissingHashList_ExitsTwo_EvenWithFindings()
    {
        (int exit, string output, _) = Run("--dir", Path.Combine(TestPaths.Samples, "evidence"), "--known-bad", "/nonexistent/bad.txt");

        exit.Should().Be(2);
        output.Should().Contain("/nonexistent/bad.txt");
        output.Should().Contain("disguised-executable", "the rest of the run still happens and is reported");
    }

    [Fact]
    public void NotACapture_ExitsTwo_AndReportsTheCapture()
    {
        using var dir = new TempDir();
        string bogus = dir.Combine("bogus.pcap");
        File.WriteAllBytes(bogus, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray());

        (int exit, string output, _) = Run("--capture", bogus, "--json");

        exit.Should().Be(2);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement error = doc.RootElement.GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("stage").GetString().Should().Be("capture");
        error.GetProperty("path").GetString().Should().EndWith("bogus.pcap");
    }

    [Fact]
    public void Json_WritesOneDocumentOnStandardOutput()
    {
        (int exit, string output, _) = Run("--json");

        exit.Should().Be(1);
        using JsonDocument doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("findings").GetArrayLength().Should().Be(5);
        doc.RootElement.GetProperty("output").ValueKind.Should().Be(JsonValueKind.Null, "nothing is written without --out or --html");
    }

    [Fact]
    public void TheProgram_WithNoArguments_TriagesTheSamples()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Triage.dll");
        string dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : ExternalProcess.Find("dotnet") ?? "dotnet";
        using var cwd = new TempDir(); // not inside the repository: samples/ is found from the program's own folder

        ExternalProcess.Result result = ExternalProcess.Run(dotnet, [dll], TimeSpan.FromSeconds(120), cwd.Path);

        result.ExitCode.Should().Be(1, result.StandardOutput + result.StandardError);
        result.StandardOutput.Should().Contain("No input given: triaging the bundled samples");
        result.StandardOutput.Should().Contain("5 finding(s)").And.Contain("holiday.jpg");
        result.StandardOutput.Should().NotContain("\u001b[", "redirected output has no colours and no progress display");
        Directory.EnumerateFileSystemEntries(cwd.Path).Should().BeEmpty("without --out/--html nothing is written");
    }
}
