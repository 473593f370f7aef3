namespace Forensics.Net.Triage.Tests;

public class TriageOptionsTests
{
    [Fact]
    public void TryParse_AllDocumentedOptions_AreRepeatableAndKeptInOrder()
    {
        string[] args =
        [
            "--capture", "a.pcap", "--capture=b.pcapng", "--dir", "d1", "--dir", "d2",
            "--known-bad", "bad1.txt", "--known-bad", "bad2.txt", "--known-good", "good.txt",
            "--out", "out", "--json", "--html",
        ];

        TriageOptions.TryParse(args, out TriageOptions o, out string? error, out bool help).Should().BeTrue(error);

        help.Should().BeFalse();
        o.Captures.Should().Equal("a.pcap", "b.pcapng");
        o.Directories.Should().Equal("d1", "d2");
        o.KnownBad.Should().Equal("bad1.txt", "bad2.txt");
        o.KnownGood.Should().Equal("good.txt");
        o.OutputDirectory.Should().Be("out");
        o.Json.Should().BeTrue();
        o.Html.Should().BeTrue();
    }

    [Theory]
    [InlineData("unknown option", "--bogus")]
    [InlineData("missing value at the end", "--capture")]
    [InlineData("empty value", "--dir=")]
    [InlineData("bare path (must be --dir or --capture)", "evidence")]
    [InlineData("--out twice", "--out", "a", "--out", "b")]
    [InlineData("threads not a number", "--threads", "many")]
    [InlineData("threads zero", "--threads", "0")]
    public void TryParse_UsageErrors_ReturnFalseWithMessage(string label, params string[] args)
    {
        TriageOptions.TryParse(args, out _, out string? error, out _).Should().BeFalse(label);
        error.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void ApplySampleDefaults_NoInput_UsesBundledSamples()
    {
        TriageOptions.TryParse([], out TriageOptions o, out _, out _).Should().BeTrue();

        o.ApplySampleDefaults(AppContext.BaseDirectory, out string? error).Should().BeTrue(error);

        o.SamplesRoot.Should().Be(TestPaths.Samples);
        o.Captures.Should().ContainSingle().Which.Should().EndWith(Path.Combine("capture", "downloads.pcap"));
        o.Directories.Should().ContainSingle().Which.Should().EndWith("evidence");
        o.KnownBad.Should().ContainSingle().Which.Should().EndWith("known-bad.txt");
        o.KnownGood.Should().ContainSingle().Which.Should().EndWith("known-good.txt");
    }

    [Fact]
    public void ApplySampleDefaults_WithInput_ChangesNothing()
    {
        TriageOptions.TryParse(["--dir", "x"], out TriageOptions o, out _, out _).Should().BeTrue();

        o.ApplySampleDefaults(AppContext.BaseDirectory, out _).Should().BeTrue();

        o.SamplesRoot.Should().BeNull();
        o.Directories.Should().Equal("x");
        o.KnownBad.Should().BeEmpty();
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("--capture")]
    public void TriageApp_UsageError_ExitsTwoWithUsageOnStandardError(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = TriageApp.Run(args, output, error);

        exit.Should().Be(2);
        // One line: the reason and where the usage is (issue 15: usage errors are one line on stderr).
        error.ToString().Should().StartWith("fnet-triage: ").And.Contain("fnet-triage --help");
        error.ToString().TrimEnd().Should().NotContain("\n");
        output.ToString().Should().BeEmpty();
    }

    [Fact]
    public void TriageApp_Help_ExitsZeroWithUsage()
    {
        var output = new StringWriter();

        TriageApp.Run(["--help"], output, new StringWriter()).Should().Be(0);

        output.ToString().Should().Contain("--capture <FILE>").And.Contain("--known-bad <FILE>").And.Contain("Exit codes");
    }
}
