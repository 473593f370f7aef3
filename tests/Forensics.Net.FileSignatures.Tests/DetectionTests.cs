namespace Forensics.Net.FileSignatures.Tests;

public class DetectionTests
{
    private readonly FileTypeDetector _detector = FileTypeDetector.Default;

    [Theory]
    [MemberData(nameof(TestFiles.All), MemberType = typeof(TestFiles))]
    public void DetectPath_Fixture_NamesExactFormat(string file, string id, string mime)
    {
        var r = _detector.DetectFile(TestFiles.PathOf(file));

        r.Type.Id.Should().Be(id, r.ToString());
        r.MimeType.Should().Be(mime);
        r.Confidence.Should().BeInRange(0.5, 1.0);
        r.Rule.Should().NotBeNullOrEmpty();
    }

    [Theory]
    [MemberData(nameof(TestFiles.All), MemberType = typeof(TestFiles))]
    public async Task SpanSeekableNonSeekableAndAsync_Fixture_Agree(string file, string id, string mime)
    {
        byte[] data = TestFiles.Read(file);

        var span = _detector.Detect(data);
        var seekable = _detector.Detect(new MemoryStream(data));
        var forwardOnly = _detector.Detect(new CountingStream(new MemoryStream(data), seekable: false));
        var async = await _detector.DetectAsync(new MemoryStream(data));
        var asyncPath = await _detector.DetectFileAsync(TestFiles.PathOf(file));

        span.Type.Id.Should().Be(id);
        seekable.Type.Id.Should().Be(id);
        async.Type.Id.Should().Be(id);
        asyncPath.Type.Id.Should().Be(id);
        asyncPath.MimeType.Should().Be(mime);
        if (data.Length <= FileTypeDetectorOptions.Default.MaxHeaderBytes)
        {
            forwardOnly.Type.Id.Should().Be(id, "a forward-only stream shorter than the window is read whole");
        }
    }

    [Fact]
    public void TryDetect_PngHeaderOnly_ReturnsPng()
    {
        ReadOnlySpan<byte> header = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

        _detector.TryDetect(header, out var r).Should().BeTrue();

        r!.Type.Id.Should().Be("png");
        r.Offset.Should().Be(0);
        r.Rule.Should().Be("0:89504E470D0A1A0A");
    }

    [Fact]
    public void TryDetect_RandomBytes_ReturnsFalseAndNull()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x01; // keep clear of 1-byte-ish signatures
        bytes[1] = 0x02;

        _detector.TryDetect(bytes, out var r).Should().BeFalse();
        r.Should().BeNull();
        _detector.Detect(bytes).Rule.Should().Contain("no signature");
    }

    [Fact]
    public void Detect_Empty_IsEmptyType()
    {
        _detector.Detect(ReadOnlySpan<byte>.Empty).Type.Id.Should().Be("empty");
        _detector.Detect(new MemoryStream()).Type.Id.Should().Be("empty");
    }

    [Fact]
    public void Detect_JpegWithZipAppended_ReportsBothPolyglotParts()
    {
        byte[] jpeg = TestFiles.Read("thin-white-stripe.jpg");
        byte[] zip = TestFiles.Read("gen_plain.zip");
        byte[] both = [.. jpeg, .. zip];

        var r = _detector.Detect(both);

        r.Type.Id.Should().Be("jpeg");
        r.Alternatives.Should().Contain(a => a.Type.Id == "zip");
        r.Notes.Should().Contain(n => n.Contains("appended", StringComparison.Ordinal));
        FileTypeDetector.CheckName(r, "photo.zip").Verdict.Should().Be(ExtensionVerdict.CompatibleAlias);
        FileTypeDetector.CheckName(r, "photo.jpg").Verdict.Should().Be(ExtensionVerdict.Match);
    }

    [Fact]
    public void Detect_DotNetDll_NotesClrHeader()
    {
        var r = _detector.DetectFile(TestFiles.PathOf("System.Security.SecureString.dll"));

        r.Notes.Should().Contain(n => n.Contains(".NET", StringComparison.Ordinal));
        r.Type.IsExecutable.Should().BeTrue();
        r.Type.IsA(FileType.Find("pe")!).Should().BeTrue();
    }

    [Fact]
    public void Detect_Utf16LeBom_IsTextNotBinary()
    {
        var r = _detector.DetectFile(TestFiles.PathOf("utf16le_bom.txt"));

        r.Type.IsText.Should().BeTrue();
        r.Notes.Should().Contain("UTF-16LE with BOM");
    }

    [Theory]
    [InlineData("#!/usr/bin/env python3\nprint(1)\n", "python")]
    [InlineData("#!/usr/bin/perl -w\nuse strict;\n", "perl")]
    [InlineData("#!/bin/bash\necho hi\n", "shell")]
    [InlineData("#!/usr/bin/env node\nconsole.log(1)\n", "javascript")]
    [InlineData("{\"a\": [1, 2.5e3, true, null, \"x\"]}", "json")]
    [InlineData("[1, 2, 3]\n", "json")]
    [InlineData("<?xml version=\"1.0\"?>\n<root><a/></root>", "xml")]
    [InlineData("<!DOCTYPE html>\n<html><body>hi</body></html>", "html")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", "svg")]
    [InlineData("<?xml version=\"1.0\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"x\">\n<plist/>", "appleplist")]
    [InlineData("<!ELEMENT note (to,from)>\n<!ATTLIST note id CDATA #REQUIRED>\n", "dtd")]
    [InlineData("{\\rtf1\\ansi hello}", "rtf")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "pem")]
    [InlineData("From: a@b.c\nTo: d@e.f\nSubject: hi\n\nbody\n", "eml")]
    [InlineData("a,b,c\n1,2,3\n4,5,6\n7,8,9\n", "csv")]
    [InlineData("a\tb\tc\n1\t2\t3\n4\t5\t6\n", "tsv")]
    [InlineData("#include <stdio.h>\n#define X 1\nint main(void) { return 0; }\n", "c")]
    [InlineData("import os\nimport sys\n\ndef main():\n    return 0\n", "python")]
    [InlineData("body {\n  color: red;\n  margin: 0;\n}\n.x { padding: 1px; }\n", "css")]
    [InlineData("# Title\n\nSome text with a [link](http://x).\n\n## Section\n\n- item\n", "markdown")]
    [InlineData("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n", "pdf")]
    [InlineData("%!PS-Adobe-3.0\n%%Title: x\n", "postscript")]
    [InlineData("\" Vim syntax file\n\" Language: x\nif exists(\"b:current_syntax\")\n  finish\nendif\nsyn keyword fooStatement x\n", "vim")]
    [InlineData("# comment\n# another comment\nkey = value\nother = 2\n[section]\nname = x\n", "ini")]
    [InlineData("The quick brown fox jumps over the lazy dog.\nNothing structured here.\n", "txt")]
    public void Detect_TextSamples_RecognisesStructure(string text, string id)
    {
        var r = _detector.Detect(System.Text.Encoding.Latin1.GetBytes(text));

        r.Type.Id.Should().Be(id, r.ToString());
    }

    [Fact]
    public void Detect_Utf16WithoutBom_IsText()
    {
        byte[] utf16 = System.Text.Encoding.Unicode.GetBytes("Plain words in UTF-16 little endian without a byte order mark.");

        var r = _detector.Detect(utf16);

        r.Type.IsText.Should().BeTrue(r.ToString());
    }

    [Fact]
    public void Detect_FromStreamPosition_IgnoresBytesBefore()
    {
        byte[] png = TestFiles.Read("network-server.png");
        var ms = new MemoryStream([.. "junk"u8.ToArray(), .. png]);
        ms.Position = 4;

        _detector.Detect(ms).Type.Id.Should().Be("png");
    }

    [Fact]
    public void FileTypeDetector_SharedAcrossThreads_GivesSameAnswers()
    {
        var inputs = TestFiles.Expected.Select(e => (e.Id, Data: TestFiles.Read(e.File))).ToArray();

        Parallel.For(0, 400, i =>
        {
            var (id, data) = inputs[i % inputs.Length];
            _detector.Detect(data).Type.Id.Should().Be(id);
        });
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        var act = () => new FileTypeDetector(new FileTypeDetectorOptions { MaxHeaderBytes = 10 });

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Options_SmallHeaderWindow_StillDetectsMagic()
    {
        var d = new FileTypeDetector(new FileTypeDetectorOptions { MaxHeaderBytes = 1024 });

        d.DetectFile(TestFiles.PathOf("network-server.png")).Type.Id.Should().Be("png");
        d.DetectFile(TestFiles.PathOf("maven-resolver-transport-file.jar")).Type.Id.Should().Be("jar");
    }

    [Fact]
    public void Detect_NullOrMissing_Throws()
    {
        _detector.Invoking(d => d.Detect((Stream)null!)).Should().Throw<ArgumentNullException>();
        _detector.Invoking(d => d.DetectFile(Path.Combine(TestFiles.Dir, "does-not-exist.bin"))).Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public async Task DetectAsync_CancelledToken_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var stream = () => _detector.DetectAsync(new MemoryStream(TestFiles.Read("gen.odt")), cts.Token).AsTask();
        var path = () => _detector.DetectFileAsync(TestFiles.PathOf("gen.odt"), cts.Token);

        await stream.Should().ThrowAsync<OperationCanceledException>();
        await path.Should().ThrowAsync<OperationCanceledException>();
    }
}
