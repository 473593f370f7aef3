using static Forensics.Net.FileSignatures.Tests.Builders;

namespace Forensics.Net.FileSignatures.Tests;

public class ContainerTests
{
    private readonly FileTypeDetector _detector = FileTypeDetector.Default;

    public static TheoryData<string, string[]> ZipLayouts => new()
    {
        { "docx", ["_rels/.rels", "word/document.xml", "docProps/app.xml", "[Content_Types].xml"] },
        { "docx", ["[Content_Types].xml", "word/document.xml"] },
        { "docm", ["word/document.xml", "word/vbaProject.bin", "[Content_Types].xml"] },
        { "xlsx", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml"] },
        { "pptx", ["ppt/presentation.xml", "[Content_Types].xml"] },
        { "vsdx", ["visio/document.xml", "[Content_Types].xml"] },
        { "nupkg", ["_rels/.rels", "Foo.nuspec", "lib/net8.0/Foo.dll", "[Content_Types].xml"] },
        { "vsix", ["extension.vsixmanifest", "[Content_Types].xml"] },
        { "appx", ["AppxManifest.xml", "[Content_Types].xml"] },
        { "jar", ["META-INF/MANIFEST.MF", "com/x/A.class"] },
        { "jar", ["com/x/A.class"] },
        { "war", ["META-INF/MANIFEST.MF", "WEB-INF/web.xml"] },
        { "ear", ["META-INF/MANIFEST.MF", "META-INF/application.xml"] },
        { "apk", ["AndroidManifest.xml", "classes.dex", "resources.arsc"] },
        { "xpi", ["install.rdf", "chrome.manifest"] },
        { "xpi", ["manifest.json", "META-INF/mozilla.rsa"] },
        { "ipa", ["Payload/App.app/Info.plist"] },
        { "kmz", ["doc.kml", "files/a.png"] },
        { "epub", ["META-INF/container.xml", "OEBPS/content.opf"] },
        { "zip", ["a.txt", "b/c.txt"] },
    };

    [Theory]
    [MemberData(nameof(ZipLayouts))]
    public void Zip_CentralDirectory_DecidesFormatInAnyOrder(string id, string[] names)
    {
        byte[] zip = Zip(names.Select(n => Entry(n)));
        byte[] reversed = Zip(names.Reverse().Select(n => Entry(n)));

        _detector.Detect(zip).Type.Id.Should().Be(id);
        _detector.Detect(reversed).Type.Id.Should().Be(id);
    }

    [Theory]
    [InlineData("application/vnd.oasis.opendocument.text", "odt")]
    [InlineData("application/vnd.oasis.opendocument.spreadsheet", "ods")]
    [InlineData("application/vnd.oasis.opendocument.graphics", "odg")]
    [InlineData("application/epub+zip", "epub")]
    public void Zip_MimetypeEntry_NamesOdfAndEpub(string mimetype, string id)
    {
        byte[] zip = Zip([Entry("mimetype", mimetype), Entry("content.xml", "<x/>")]);
        byte[] later = Zip([Entry("content.xml", "<x/>"), Entry("mimetype", mimetype)]);

        _detector.Detect(zip).Type.Id.Should().Be(id);
        _detector.Detect(later).Type.Id.Should().Be(id, "the mimetype entry is found through the central directory");
    }

    [Fact]
    public void Zip64_EndRecords_AreFollowed()
    {
        byte[] zip = Zip([Entry("[Content_Types].xml"), Entry("xl/workbook.xml")], zip64: true);

        var r = _detector.Detect(zip);

        r.Type.Id.Should().Be("xlsx");
        r.Notes.Should().Contain("ZIP64");
    }

    [Fact]
    public void Zip_EncryptedEntries_DetectedAndNoted()
    {
        byte[] zip = Zip([Entry("META-INF/MANIFEST.MF"), Entry("A.class")], encrypted: true);

        var r = _detector.Detect(zip);

        r.Type.Id.Should().Be("jar");
        r.Notes.Should().Contain(n => n.Contains("encrypted", StringComparison.Ordinal));
    }

    [Fact]
    public void Zip_WithPrependedStub_FindsCentralDirectory()
    {
        byte[] stub = new byte[3000];
        "MZ"u8.CopyTo(stub);
        byte[] zip = Zip([Entry("word/document.xml"), Entry("[Content_Types].xml")], prefix: stub);

        var r = _detector.Detect(zip);

        r.Type.Id.Should().Be("dos-exe");
        r.Alternatives.Should().Contain(a => a.Type.Id == "zip");
    }

    [Fact]
    public void Zip_BombEntry_IsNeverInflated()
    {
        // One stored byte claiming 4 GiB uncompressed: detection only reads names.
        byte[] zip = Zip([Entry("[Content_Types].xml"), Entry("word/document.xml")], claimedUncompressed: 0xFFFFFFF0);

        var r = _detector.Detect(new MemoryStream(zip));

        r.Type.Id.Should().Be("docx");
        r.BytesRead.Should().BeLessThanOrEqualTo(zip.Length * 2L);
    }

    [Fact]
    public void Zip_TruncatedBeforeCentralDirectory_FallsBackToLocalHeaders()
    {
        byte[] zip = Zip([Entry("[Content_Types].xml"), Entry("word/document.xml"), Entry("docProps/core.xml", new string('x', 400))]);
        byte[] cut = zip[..(zip.Length - 60)];

        var r = _detector.Detect(cut);

        r.Type.Id.Should().Be("docx");
        r.Rule.Should().Contain("local-headers");
    }

    [Fact]
    public void Zip_CentralDirectoryPastEnd_IsNotedInLenientAndThrowsInStrict()
    {
        byte[] zip = Zip([Entry("a.txt")]);
        zip[^3] = 0x7F; // central directory offset high byte: far past the end
        var strict = new FileTypeDetector(new FileTypeDetectorOptions { Strictness = SignatureStrictness.Strict });

        _detector.Detect(zip).Issues.Should().Contain(n => n.Message.Contains("outside the file", StringComparison.Ordinal));
        strict.Invoking(d => d.Detect(zip)).Should().Throw<FileSignatureException>().Which.Offset.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Zip_LargeCentralDirectoryFromFile_ReadsOnlyDirectoryAndEdges()
    {
        // 2,000 entries of 4 KiB each: ~8 MiB of data; detection must read the edges and the directory only.
        var entries = Enumerable.Range(0, 2000).Select(i => ($"data/{i:D5}.bin", new byte[4096])).Append(Entry("[Content_Types].xml")).Append(Entry("ppt/presentation.xml"));
        byte[] zip = Zip(entries);
        var counting = new CountingStream(new MemoryStream(zip), seekable: true);

        var r = _detector.Detect(counting);

        r.Type.Id.Should().Be("pptx");
        counting.BytesRead.Should().BeLessThan(64 * 1024 + 4096 + 200 * 1024);
        counting.BytesRead.Should().Be(r.BytesRead);
    }

    [Theory]
    [InlineData("WordDocument", "doc")]
    [InlineData("Workbook", "xls")]
    [InlineData("Book", "xls")]
    [InlineData("PowerPoint Document", "ppt")]
    [InlineData("__substg1.0_0037001F", "msg")]
    [InlineData("VisioDocument", "vsd")]
    [InlineData("EncryptedPackage", "office-encrypted")]
    [InlineData("SomethingElse", "cfb")]
    public void Cfb_Directory_DecidesFormat(string stream, string id)
    {
        byte[] cfb = Cfb(["\u0005SummaryInformation", stream]);

        _detector.Detect(cfb).Type.Id.Should().Be(id);
        _detector.Detect(new MemoryStream(cfb)).Type.Id.Should().Be(id);
    }

    [Fact]
    public void Cfb_MsiRootClsid_IsMsiAndExecutable()
    {
        var r = _detector.Detect(Cfb(["x"], rootClsid: MsiClsid));

        r.Type.Id.Should().Be("msi");
        FileTypeDetector.CheckName(r, "readme.doc").IsDangerous.Should().BeTrue();
    }

    [Fact]
    public void Cfb_DirectoryChainSpanningSectors_IsFollowed()
    {
        // Directory in sectors 1 -> 2; the Word stream is the 5th entry (second sector).
        byte[] cfb = Cfb(["a", "b", "c", "WordDocument"], dirChain: [2, 0xFFFFFFFE]);

        _detector.Detect(new MemoryStream(cfb)).Type.Id.Should().Be("doc");
    }

    [Fact]
    public void Cfb_FatLoop_StopsAndIsNoted()
    {
        byte[] loop = Cfb(["a", "b", "c", "d", "WordDocument"], dirChain: [2, 1]);
        var strict = new FileTypeDetector(new FileTypeDetectorOptions { Strictness = SignatureStrictness.Strict });

        var r = _detector.Detect(loop);

        r.Type.Id.Should().Be("doc");
        r.Issues.Should().Contain(n => n.Message.Contains("loops", StringComparison.Ordinal));
        strict.Invoking(d => d.Detect(loop)).Should().Throw<FileSignatureException>();
    }

    [Fact]
    public void Cfb_AbsurdDirectorySector_IsUnknownCfbNotCrash()
    {
        byte[] cfb = Cfb(["WordDocument"], dirStart: 0x7FFFFFF0);

        var r = _detector.Detect(cfb);

        r.Type.Id.Should().Be("cfb");
        r.Issues.Should().NotBeEmpty();
    }

    [Fact]
    public void Cfb_BadSectorShift_IsNoted()
    {
        var r = _detector.Detect(Cfb(["WordDocument"], sectorShift: 30));

        r.Type.Id.Should().Be("cfb");
        r.Issues.Should().Contain(n => n.Message.Contains("sector shift", StringComparison.Ordinal));
    }

    [Fact]
    public void MachOFatVersusJavaClass_AreSeparated()
    {
        byte[] fat = [0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 2, 0, 0, 0, 7, 0, 0, 0, 3];
        byte[] cls = TestFiles.Read("javaversion.class");

        _detector.Detect(fat).Type.Id.Should().Be("macho-fat");
        _detector.Detect(cls).Type.Id.Should().Be("java-class");
    }

    [Fact]
    public void Tar_OldStyleWithoutUstarMagic_IsFoundByChecksum()
    {
        var h = new byte[1024];
        "hello.txt"u8.CopyTo(h);
        "0000644\0"u8.CopyTo(h.AsSpan(100));
        "00000000005\0"u8.CopyTo(h.AsSpan(124));
        h.AsSpan(148, 8).Fill((byte)' ');
        int sum = h.AsSpan(0, 512).ToArray().Sum(b => b);
        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(h, 148);

        var r = _detector.Detect(h);

        r.Type.Id.Should().Be("tar");
        r.Rule.Should().Be("tar:header-checksum");
    }

    [Theory]
    [InlineData("ftypisom", "mp4")]
    [InlineData("ftypqt  ", "mov")]
    [InlineData("ftypM4A ", "m4a")]
    [InlineData("ftypheic", "heic")]
    [InlineData("ftypavif", "avif")]
    [InlineData("ftyp3gp4", "3gp")]
    [InlineData("ftypabcd", "mp4")]                 // unknown major brand, compatible "isom"
    public void IsoBmff_FtypBrand_DecidesFormat(string brand, string id)
    {
        byte[] data = [0, 0, 0, 0x18, .. System.Text.Encoding.ASCII.GetBytes(brand), 0, 0, 0, 0, .. "isommp41"u8.ToArray()];

        _detector.Detect(data).Type.Id.Should().Be(id);
    }

    [Theory]
    [InlineData("WAVE", "wav")]
    [InlineData("AVI ", "avi")]
    [InlineData("WEBP", "webp")]
    [InlineData("ACON", "ani")]
    [InlineData("ZZZZ", "riff")]
    public void Riff_FormType_DecidesFormat(string form, string id)
    {
        byte[] data = [.. "RIFF"u8.ToArray(), 100, 0, 0, 0, .. System.Text.Encoding.ASCII.GetBytes(form), .. new byte[20]];

        _detector.Detect(data).Type.Id.Should().Be(id);
    }

    [Fact]
    public void IsoBmff_NoKnownBrand_IsGenericIsoBmff()
    {
        byte[] data = [0, 0, 0, 0x14, .. "ftypzzzz"u8.ToArray(), 0, 0, 0, 0, .. "yyyy"u8.ToArray(), 0, 0, 0, 8];

        _detector.Detect(data).Type.Id.Should().Be("isobmff");
    }

    [Fact]
    public void Iso9660_PrimaryVolumeDescriptor_IsFound()
    {
        var iso = new byte[40000];
        iso[32768] = 1;
        "CD001"u8.CopyTo(iso.AsSpan(32769));

        _detector.Detect(iso).Type.Id.Should().Be("iso");
    }

    [Fact]
    public void Elf_CoreDump_IsNamed()
    {
        byte[] elf = TestFiles.Read("h.o");
        elf[16] = 4;

        _detector.Detect(elf).Type.Id.Should().Be("elf-core");
    }
}
