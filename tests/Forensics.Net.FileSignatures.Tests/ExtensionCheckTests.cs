namespace Forensics.Net.FileSignatures.Tests;

public class ExtensionCheckTests
{
    private readonly FileTypeDetector _detector = FileTypeDetector.Default;

    [Theory]
    [InlineData("thin-white-stripe.jpg", "photo.jpg", ExtensionVerdict.Match)]
    [InlineData("thin-white-stripe.jpg", "photo.JPEG", ExtensionVerdict.Match)]
    [InlineData("thin-white-stripe.jpg", "photo.jfif", ExtensionVerdict.Match)]
    [InlineData("maven-resolver-transport-file.jar", "lib.zip", ExtensionVerdict.CompatibleAlias)]
    [InlineData("gen_ctlast.docx", "report.zip", ExtensionVerdict.CompatibleAlias)]
    [InlineData("gen.apk", "app.jar", ExtensionVerdict.CompatibleAlias)]
    [InlineData("gen_plain.zip", "pkg.whl", ExtensionVerdict.Match)]
    [InlineData("System.Security.SecureString.dll", "tool.exe", ExtensionVerdict.CompatibleAlias)]
    [InlineData("msg_09.txt", "mail.txt", ExtensionVerdict.CompatibleAlias)]
    [InlineData("philox-testset-2.csv", "numbers.txt", ExtensionVerdict.CompatibleAlias)]
    [InlineData("libh.so", "libh.so.1.2.3", ExtensionVerdict.Match)]
    [InlineData("gen_plain.zip", "report.docx", ExtensionVerdict.Mismatch)]
    [InlineData("gen_ctlast.docx", "report.xlsx", ExtensionVerdict.Mismatch)]
    [InlineData("network-server.png", "image.gif", ExtensionVerdict.Mismatch)]
    [InlineData("gdbtui", "gdbtui", ExtensionVerdict.NoExtension)]
    [InlineData("a.pie", "a", ExtensionVerdict.NoExtension)]
    [InlineData("a.pie", "firmware.bin", ExtensionVerdict.CompatibleAlias)]
    [InlineData("gdbtui", "ftplugin.vim", ExtensionVerdict.CompatibleAlias)]      // text under an extension no format claims
    [InlineData("gdbtui", "notes.md", ExtensionVerdict.CompatibleAlias)]          // text under another text format's extension
    [InlineData("network-server.png", "icon.xyzzy", ExtensionVerdict.CompatibleAlias)]
    [InlineData("a.pie", "rename.ul", ExtensionVerdict.Mismatch)]                // a binary executable is still flagged
    [InlineData("gen_plain.zip", "empty.bin", ExtensionVerdict.CompatibleAlias)]
    public void Check_Stream_GivesVerdict(string fixture, string name, ExtensionVerdict verdict)
    {
        using var s = File.OpenRead(TestFiles.PathOf(fixture));

        var c = _detector.Check(s, name);

        c.Verdict.Should().Be(verdict, c.ToString());
    }

    [Theory]
    [InlineData("a.pie", "holiday.jpg")]
    [InlineData("System.Security.SecureString.dll", "invoice.pdf")]
    [InlineData("gdbtui", "notes.docx")]
    [InlineData("maven-resolver-transport-file.jar", "cat.png")]
    public void Check_ExecutableUnderDocumentName_IsDangerousMismatch(string fixture, string name)
    {
        var c = _detector.Check(new MemoryStream(TestFiles.Read(fixture)), name);

        c.Verdict.Should().Be(ExtensionVerdict.Mismatch);
        c.IsDangerous.Should().BeTrue();
        c.Type.IsExecutable.Should().BeTrue();
    }

    [Fact]
    public void Check_NonExecutableMismatch_IsNotDangerous()
    {
        var c = _detector.Check(new MemoryStream(TestFiles.Read("gen_plain.zip")), "letter.txt");

        c.Verdict.Should().Be(ExtensionVerdict.Mismatch);
        c.IsDangerous.Should().BeFalse();
        c.ExpectedExtensions.Should().Contain("zip");
        c.Extension.Should().Be("txt");
        c.ClaimedTypes.Should().Contain(t => t.Id == "txt");
    }

    [Fact]
    public void Check_UnknownContent_IsUnknownVerdict()
    {
        var bytes = new byte[2048];
        new Random(11).NextBytes(bytes);
        bytes[0] = 0x02;

        _detector.Check(new MemoryStream(bytes), "blob.jpg").Verdict.Should().Be(ExtensionVerdict.UnknownContent);
    }

    [Fact]
    public void Check_Path_UsesFileName()
    {
        var c = _detector.CheckFile(TestFiles.PathOf("gen.odt"));

        c.FileName.Should().Be("gen.odt");
        c.Verdict.Should().Be(ExtensionVerdict.Match);
        c.Type.Category.Should().Be(FileTypeCategory.Document);
    }

    [Fact]
    public async Task CheckAsync_PathAndStream_AgreeWithSync()
    {
        var a = await _detector.CheckFileAsync(TestFiles.PathOf("gen_ctfirst.docx"));
        var b = await _detector.CheckAsync(new MemoryStream(TestFiles.Read("gen_ctfirst.docx")), "x.docx");

        a.Type.Id.Should().Be("docx");
        b.Verdict.Should().Be(ExtensionVerdict.Match);
    }

    [Fact]
    public void Check_NumericSuffix_IsNotAnExtension()
    {
        var d = _detector.DetectFile(TestFiles.PathOf("latin1.txt"));

        FileTypeDetector.CheckName(d, "GFDL-1.3").Verdict.Should().Be(ExtensionVerdict.NoExtension);
    }
}
