using System.Text;
using CsCheck;

namespace Forensics.Net.Hashing.Files.Tests;

public class FormatTests
{
    private static readonly FileHashAlgorithm[] Three = [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256];

    /// <summary>A copy of the fixture tree plus the backslash-named file MSBuild cannot copy.</summary>
    internal static TempDir CopyTree()
    {
        var dir = new TempDir();
        foreach (string file in Directory.EnumerateFiles(TestFiles.Tree, "*", SearchOption.AllDirectories))
        {
            dir.File(Path.GetRelativePath(TestFiles.Tree, file), File.ReadAllBytes(file));
        }

        dir.File("back\\slash.txt", "slash");
        return dir;
    }


    private static Dictionary<string, HashDigests> HashTree(string root, FileHashAlgorithm[] algorithms)
    {
        var result = new Dictionary<string, HashDigests>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            result[Path.GetRelativePath(root, file)] = FileHasher.HashFile(file, algorithms);
        }

        return result;
    }

    [Theory]
    [InlineData("sha256sum.txt", FileHashAlgorithm.Sha256, HashFileFormat.Sum)]
    [InlineData("md5sum.txt", FileHashAlgorithm.Md5, HashFileFormat.Sum)]
    [InlineData("sha512sum.txt", FileHashAlgorithm.Sha512, HashFileFormat.Sum)]
    [InlineData("sha256sum_tag.txt", FileHashAlgorithm.Sha256, HashFileFormat.Bsd)]
    [InlineData("b3sum.txt", FileHashAlgorithm.Blake3, HashFileFormat.Sum)]
    [InlineData("rhash_bsd.txt", FileHashAlgorithm.Sha1, HashFileFormat.Bsd)]
    [InlineData("rhash_sha3_crc.txt", FileHashAlgorithm.Crc32, HashFileFormat.Bsd)]
    [InlineData("hashdeep.txt", FileHashAlgorithm.Sha256, HashFileFormat.Hashdeep)]
    public void ReadFile_WrittenByTheRealTool_LoadsEveryLineWithOurDigests(string fixture, FileHashAlgorithm algorithm, HashFileFormat format)
    {
        var options = fixture == "b3sum.txt" ? new HashFileReaderOptions { Algorithm = FileHashAlgorithm.Blake3 } : null;
        var result = HashFileReader.ReadFile(TestFiles.Get(fixture), options);
        using var tree = CopyTree();
        var ours = HashTree(tree.Path, FileHashAlgorithms.All.Where(FileHashAlgorithms.IsSupported).ToArray());

        result.Format.Should().Be(format);
        result.Issues.Should().BeEmpty();
        int lines = File.ReadAllLines(TestFiles.Get(fixture)).Count(l => l.Length > 0 && !l.StartsWith('%') && !l.StartsWith('#'));
        int perEntry = result.Entries.Count == 0 ? 1 : lines / result.Entries.Count;
        result.Entries.Count.Should().Be(lines / perEntry).And.BeGreaterThanOrEqualTo(3);
        foreach (var entry in result.Entries)
        {
            string name = entry.Path.StartsWith("./", StringComparison.Ordinal) ? entry.Path[2..] : entry.Path;
            ours.Should().ContainKey(name);
            entry.Digests.GetHex(algorithm).Should().Be(ours[name].GetHex(algorithm), name);
            if (entry.Size >= 0)
            {
                entry.Size.Should().Be(ours[name].Length);
            }
        }
    }

    [Fact]
    public void ReadFile_HashdeepFixture_HasSizesAndThreeAlgorithms_AndEscapedSumNamesAreUnescaped()
    {
        var hd = HashFileReader.ReadFile(TestFiles.Get("hashdeep.txt"));
        hd.Algorithms.Should().Equal(FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256);
        hd.Entries.Should().Contain(e => e.Path == "./docs/comma, name.csv" && e.Size == 10);

        var sum = HashFileReader.ReadFile(TestFiles.Get("sha256sum.txt"));
        sum.Entries[0].Path.Should().Be("back\\slash.txt");
        sum.Entries[0].LineNumber.Should().Be(1);
    }

    [Fact]
    public void ReadFile_NsrlRds2Csv_LoadsSha1Md5Crc32NamesAndSizes()
    {
        var result = HashFileReader.ReadFile(TestFiles.Get("NSRLFile.txt"));
        result.Format.Should().Be(HashFileFormat.NsrlCsv);
        result.Entries.Should().HaveCount(4);
        var fox = result.Entries.Single(e => e.Path == "fox.txt");
        fox.Size.Should().Be(43);
        fox.Digests.GetHex(FileHashAlgorithm.Sha1).Should().Be("2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");
        fox.Digests.GetHex(FileHashAlgorithm.Crc32).Should().Be("414fa339");
    }

    [Fact]
    public void Read_MalformedLenient_SkipsAndReportsLineNumbers()
    {
        var result = HashFileReader.ReadFile(TestFiles.Get("malformed.sha256"));
        result.Entries.Select(e => e.Path).Should().Equal("hello.txt", "empty.bin");
        result.Issues.Select(p => p.Line).Should().Equal(2, 3, 4, 5, 6);
        result.Issues[1].Message.Should().Contain("wrong hash length");
        result.Issues[2].Message.Should().Contain("wrong hash length");
        result.Issues[4].Message.Should().Contain("escape");
        result.Issues[1].Offset.Should().Be(File.ReadAllLines(TestFiles.Get("malformed.sha256")).Take(2).Sum(l => l.Length + 1));
    }

    [Fact]
    public void Read_MalformedStrict_ThrowsAtFirstBadLineWithOffset()
    {
        var ex = FluentActions.Invoking(() => HashFileReader.ReadFile(TestFiles.Get("malformed.sha256"), new HashFileReaderOptions { Strictness = HashFileStrictness.Strict }))
            .Should().Throw<HashFileFormatException>().Which;
        ex.Message.Should().Contain("line 2");
        ex.Offset.Should().Be(File.ReadAllLines(TestFiles.Get("malformed.sha256"))[0].Length + 1);
    }

    [Fact]
    public void Read_MixedAlgorithmsWithoutHint_ReportsTheOddLines()
    {
        string text = "d41d8cd98f00b204e9800998ecf8427e  a\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  b\nd41d8cd98f00b204e9800998ecf8427e  c\n";
        var result = HashFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        result.Entries.Select(e => e.Path).Should().Equal("a", "c");
        result.Issues.Should().ContainSingle().Which.Message.Should().Contain("mixed algorithms");
    }

    [Theory]
    [InlineData("%%%% HASHDEEP-1.0\n%%%% size,md5,filename\nabc,d41d8cd98f00b204e9800998ecf8427e,x\n", "size is not a number")]
    [InlineData("%%%% HASHDEEP-1.0\n%%%% size,md5,filename\n0,d41d8cd98f00b204e9800998ecf8427,x\n", "not hexadecimal")]
    [InlineData("%%%% HASHDEEP-1.0\n%%%% size,md5,filename\n0,d41d8cd98f00b204e9800998ecf842,x\n", "wrong hash length")]
    [InlineData("%%%% HASHDEEP-1.0\n%%%% size,md5,filename\n0,d41d8cd98f00b204e9800998ecf8427e\n", "comma-separated")]
    [InlineData("%%%% HASHDEEP-1.0\n0,d41d8cd98f00b204e9800998ecf8427e,x\n", "before the %%%% size")]
    [InlineData("MD5 (x) = d41d8cd98f00b204e9800998ecf8427e\nSHA256 (y) = d41d8cd98f00b204e9800998ecf8427e\n", "wrong hash length")]
    [InlineData("{\"path\":\"x\",\"md5\":\"d41d8cd98f00b204e9800998ecf8427e\"}\n{\"path\":1}\n", "needs \"path\"")]
    [InlineData("{\"path\":\"x\",\"md5\":\"d41d8cd98f00b204e9800998ecf8427e\"}\n{oops\n", "invalid JSON")]
    [InlineData("path,size,md5\nx,0,d41d8cd98f00b204e9800998ecf8427e\ny,0\n", "CSV fields")]
    public void Read_BadRecord_IsReportedWithItsMessage(string text, string message)
    {
        var result = HashFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        result.Issues.Should().ContainSingle().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void Read_NotAHashFile_ThrowsHashFileFormatException() =>
        FluentActions.Invoking(() => HashFileReader.Read(new MemoryStream("hello world\nthis is prose\n"u8.ToArray())))
            .Should().Throw<HashFileFormatException>();

    [Fact]
    public void Read_OverlongLine_IsSkippedWithoutBufferingIt()
    {
        var sb = new StringBuilder("d41d8cd98f00b204e9800998ecf8427e  a\n");
        sb.Append('x', 300_000).Append('\n').Append("d41d8cd98f00b204e9800998ecf8427e  b\n");
        var result = HashFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())), new HashFileReaderOptions { MaxLineLength = 1024 });
        result.Entries.Select(e => e.Path).Should().Equal("a", "b");
        result.Issues.Should().ContainSingle().Which.Line.Should().Be(2);
    }

    [Fact]
    public void Read_ManyGarbageLines_ListsABoundedNumberOfProblemsAndCountsTheRest()
    {
        var sb = new StringBuilder("d41d8cd98f00b204e9800998ecf8427e  a\n");
        for (int i = 0; i < HashFileReader.MaxListedProblems + 500; i++)
        {
            sb.Append("garbage line\n");
        }

        var result = HashFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())));
        result.Entries.Should().ContainSingle();
        result.Issues.Should().HaveCount(HashFileReader.MaxListedProblems + 1);
        result.Issues[^1].Message.Should().StartWith("500 more malformed lines");
        result.Issues[^1].Line.Should().Be(HashFileReader.MaxListedProblems + 501);
    }

    [Fact]
    public void Read_EveryTruncationAndFlippedByteOfEachFixture_NeverThrowsAnythingButFormatException()
    {
        foreach (string fixture in new[] { "hashdeep.txt", "sha256sum.txt", "rhash_bsd.txt", "NSRLFile.txt" })
        {
            byte[] bytes = File.ReadAllBytes(TestFiles.Get(fixture));
            var rng = new Random(fixture.Length);
            for (int cut = 0; cut <= bytes.Length; cut += Math.Max(1, bytes.Length / 97))
            {
                Survives(bytes.AsSpan(0, cut).ToArray());
                byte[] flipped = (byte[])bytes.Clone();
                int at = rng.Next(flipped.Length);
                flipped[at] ^= (byte)(1 << rng.Next(8));
                Survives(flipped);
            }
        }

        static void Survives(byte[] input)
        {
            try
            {
                var r = HashFileReader.Read(new MemoryStream(input));
                r.Entries.All(e => e.Digests.Count > 0).Should().BeTrue();
            }
            catch (HashFileFormatException)
            {
            }
        }
    }

    [Theory]
    [InlineData(HashFileFormat.Hashdeep)]
    [InlineData(HashFileFormat.Bsd)]
    [InlineData(HashFileFormat.Csv)]
    [InlineData(HashFileFormat.JsonLines)]
    public void WriteThenRead_RoundTripsNamesSizesAndDigests(HashFileFormat format)
    {
        var names = Gen.String[Gen.Char["ab ,\"\\\u00e9\u4e2d"], 1, 12];
        names.Sample(name =>
        {
            byte[] data = Encoding.UTF8.GetBytes(name);
            var entry = new HashEntry(name, data.Length, FileHasher.Hash(data, Three));
            var sw = new StringWriter();
            using (var writer = new HashFileWriter(sw, format, Three))
            {
                writer.Write(entry);
            }

            var read = HashFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(sw.ToString())), new HashFileReaderOptions { Strictness = HashFileStrictness.Strict });
            read.Format.Should().Be(format);
            var back = read.Entries.Should().ContainSingle().Subject;
            back.Path.Should().Be(name);
            back.Digests.Matches(entry.Digests).Should().BeTrue();
            back.Digests.Algorithms.Should().Equal(Three);
            if (format != HashFileFormat.Bsd)
            {
                back.Size.Should().Be(data.Length);
            }
        }, iter: 60);
    }

    [Theory]
    [InlineData(HashFileFormat.Sum)]
    [InlineData(HashFileFormat.Bsd)]
    [InlineData(HashFileFormat.Csv)]
    [InlineData(HashFileFormat.JsonLines)]
    public void WriteThenRead_NameWithNewlineAndBackslash_Survives(HashFileFormat format)
    {
        string name = "dir/line\nbreak\\and back";
        var digests = FileHasher.Hash("x"u8, [FileHashAlgorithm.Sha256]);
        var sw = new StringWriter();
        using (var writer = new HashFileWriter(sw, format, [FileHashAlgorithm.Sha256]))
        {
            writer.Write(new HashEntry(name, 1, digests));
        }

        var back = HashFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(sw.ToString())), new HashFileReaderOptions { Strictness = HashFileStrictness.Strict });
        back.Entries.Should().ContainSingle().Which.Path.Should().Be(name);
    }

    [Fact]
    public void Writer_RejectsWhatTheFormatCannotHold()
    {
        var sw = new StringWriter();
        FluentActions.Invoking(() => new HashFileWriter(sw, HashFileFormat.Sum, Three)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new HashFileWriter(sw, HashFileFormat.NsrlCsv, Three)).Should().Throw<ArgumentException>();
        using var hd = new HashFileWriter(sw, HashFileFormat.Hashdeep, [FileHashAlgorithm.Md5], new HashFileWriterOptions { LeaveOpen = true });
        var d = FileHasher.Hash("x"u8, [FileHashAlgorithm.Md5]);
        FluentActions.Invoking(() => hd.Write(new HashEntry("a\nb", 1, d))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => hd.Write(new HashEntry("a", 1, FileHasher.Hash("x"u8, [FileHashAlgorithm.Sha1])))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SumOutput_IsAcceptedBySha256sumCheck_IncludingEscapedNames()
    {
        using var tree = CopyTree();
        tree.File("new\nline.txt", "nl");
        var sum = new StringWriter();
        using (var writer = new HashFileWriter(sum, HashFileFormat.Sum, [FileHashAlgorithm.Sha256]))
        {
            foreach (string file in Directory.EnumerateFiles(tree.Path, "*", SearchOption.AllDirectories))
            {
                writer.Write(new HashEntry(Path.GetRelativePath(tree.Path, file), -1, FileHasher.HashFile(file, [FileHashAlgorithm.Sha256])));
            }
        }

        File.WriteAllText(Path.Combine(tree.Path, "SUMS"), sum.ToString());
        var (exit, stdout, stderr) = Tool.Run("sha256sum", ["-c", "--strict", "SUMS"], tree.Path);
        stderr.Should().BeEmpty();
        exit.Should().Be(0);
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(7).And.OnlyContain(l => l.EndsWith(": OK", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void HashdeepOutput_IsAcceptedByHashdeepAudit()
    {
        using var tree = CopyTree();
        File.Delete(Path.Combine(tree.Path, "back\\slash.txt")); // hashdeep reads the name fine, but keep the audit about our format
        var sw = new StringWriter();
        using (var writer = new HashFileWriter(sw, HashFileFormat.Hashdeep, Three, new HashFileWriterOptions { InvokedFrom = tree.Path, CommandLine = "test" }))
        {
            foreach (var r in TreeHasher.Hash([tree.Path], Three))
            {
                writer.Write(new HashEntry("./" + Path.GetRelativePath(tree.Path, r.FullPath), r.Size, r.Digests!));
            }
        }

        string known = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".hashdeep");
        try
        {
            File.WriteAllText(known, sw.ToString());
            var (exit, stdout, _) = Tool.Run("hashdeep", ["-l", "-k", known, "-a", "-r", "."], tree.Path);
            stdout.Should().Contain("Audit passed");
            exit.Should().Be(0);

            File.AppendAllText(Path.Combine(tree.Path, "hello.txt"), "changed");
            Tool.Run("hashdeep", ["-l", "-k", known, "-a", "-r", "."], tree.Path).Exit.Should().NotBe(0);
        }
        finally
        {
            File.Delete(known);
        }
    }
}
