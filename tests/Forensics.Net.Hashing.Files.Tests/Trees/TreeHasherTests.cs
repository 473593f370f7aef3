namespace Forensics.Net.Hashing.Files.Tests;

public class TreeHasherTests
{
    private static TempDir MakeTree(int files = 60)
    {
        var dir = new TempDir();
        for (int i = 0; i < files; i++)
        {
            dir.File($"d{i % 5}/sub{i % 3}/f{i:D3}.{(i % 4 == 0 ? "log" : "txt")}", FileHasherTests.RandomBytes(i * 37, i));
        }

        dir.File(".hidden/secret.txt", "s");
        dir.File("top.txt", "top");
        dir.File("A.txt", "upper"); // ordinal: 'A' < 'd' < 't'
        return dir;
    }

    [Fact]
    public void Hash_OutputIsOrdinalAndIdenticalForEveryDegreeOfParallelism()
    {
        using var dir = MakeTree();
        List<string> Run(int dop) => TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Sha256], new TreeHasherOptions { MaxDegreeOfParallelism = dop })
            .Select(r => r.Path + " " + r.Digests!.GetHex(FileHashAlgorithm.Sha256)).ToList();

        var one = Run(1);
        one.Should().HaveCount(63);
        one.Select(l => l.Split(' ')[0]).Should().BeInAscendingOrder(StringComparer.Ordinal);
        Run(2).Should().Equal(one);
        Run(8).Should().Equal(one);
    }

    [Fact]
    public async Task HashAsync_EqualsSync()
    {
        using var dir = MakeTree(20);
        var sync = TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Md5]).Select(r => r.ToString() + r.Digests).ToList();
        var async = new List<string>();
        await foreach (var r in TreeHasher.HashAsync([dir.Path], [FileHashAlgorithm.Md5]))
        {
            async.Add(r.ToString() + r.Digests);
        }

        async.Should().Equal(sync);
    }

    [Fact]
    public void Hash_Output_IsByteIdenticalToSha256sumOverFindSort()
    {
        using var dir = MakeTree(25);
        dir.File("we ird\\name.txt", "w");
        // Run our hasher with the tree as the current directory's relative root by using relative display paths.
        var lines = new StringWriter();
        using (var writer = new HashFileWriter(lines, HashFileFormat.Sum, [FileHashAlgorithm.Sha256]))
        {
            foreach (var r in TreeHasher.Hash([dir.Path + "/"], [FileHashAlgorithm.Sha256]))
            {
                writer.Write(new HashEntry(Path.GetRelativePath(dir.Path, r.FullPath), r.Size, r.Digests!));
            }
        }

        var (exit, stdout, _) = Tool.Run("bash", ["-c", "find . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 sha256sum"], dir.Path);
        exit.Should().Be(0);
        lines.ToString().Should().Be(stdout);
    }

    [Fact]
    public void Hash_IncludeExcludeSizeAndHiddenFilters_Apply()
    {
        using var dir = MakeTree();
        var all = TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Crc32]).ToList();
        var logs = TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Crc32], new TreeHasherOptions { Include = ["*.log"] }).ToList();
        var noD1 = TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Crc32], new TreeHasherOptions { Exclude = ["d1", "**/sub2/*.txt"] }).ToList();
        var sized = TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Crc32], new TreeHasherOptions { MinSize = 100, MaxSize = 1000 }).ToList();
        var visible = TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Crc32], new TreeHasherOptions { IncludeHidden = false }).ToList();

        logs.Should().HaveCount(15).And.OnlyContain(r => r.Path.EndsWith(".log", StringComparison.Ordinal));
        noD1.Should().NotContain(r => r.Path.Contains("/d1/", StringComparison.Ordinal));
        noD1.Should().NotContain(r => r.Path.Contains("/sub2/", StringComparison.Ordinal) && r.Path.EndsWith(".txt", StringComparison.Ordinal));
        noD1.Should().Contain(r => r.Path.Contains("/sub2/", StringComparison.Ordinal) && r.Path.EndsWith(".log", StringComparison.Ordinal));
        sized.Should().OnlyContain(r => r.Size >= 100 && r.Size <= 1000).And.HaveCount(all.Count(r => r.Size is >= 100 and <= 1000));
        visible.Should().HaveCount(all.Count - 1).And.NotContain(r => r.Path.Contains(".hidden", StringComparison.Ordinal));
    }

    [Fact]
    public void Hash_SymlinksNotFollowedByDefault_FollowedAndLoopSafeOnRequest()
    {
        using var dir = new TempDir();
        dir.File("real/a.txt", "a");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "real", "loop"), "..");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "alias"), "real");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "file-link.txt"), "real/a.txt");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "dangling"), "nowhere");

        var plain = TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Sha1]).ToList();
        plain.Where(r => r.Status == TreeEntryStatus.Hashed).Should().ContainSingle().Which.Path.Should().EndWith("real/a.txt");
        plain.Where(r => r.Status == TreeEntryStatus.Skipped).Should().HaveCount(4).And.OnlyContain(r => r.Message!.Contains("symbolic link"));

        var followed = TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Sha1], new TreeHasherOptions { FollowSymlinks = true }).ToList();
        followed.Where(r => r.Status == TreeEntryStatus.Hashed).Select(r => Path.GetRelativePath(dir.Path, r.Path))
            .Should().BeEquivalentTo("alias/a.txt", "file-link.txt", "real/a.txt");
        followed.Should().Contain(r => r.Status == TreeEntryStatus.Skipped && r.Message!.Contains("loop"));
        followed.Should().Contain(r => r.Status == TreeEntryStatus.Error && r.Message!.Contains("dangling"));
    }

    [Fact]
    public void Hash_FifoIsSkippedAndReported_NotOpened()
    {
        using var dir = new TempDir();
        dir.File("a.txt", "a");
        Tool.Run("mkfifo", [Path.Combine(dir.Path, "pipe")], dir.Path).Exit.Should().Be(0);
        var results = TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Md5]).ToList(); // would hang if the FIFO were opened
        results.Should().Contain(r => r.Path.EndsWith("pipe", StringComparison.Ordinal) && r.Status == TreeEntryStatus.Skipped && r.Message!.Contains("FIFO"));
        results.Should().Contain(r => r.Path.EndsWith("a.txt", StringComparison.Ordinal) && r.Status == TreeEntryStatus.Hashed);
    }

    [Fact]
    public void Hash_CharacterDeviceRoot_IsSkipped() =>
        TreeHasher.Hash(["/dev/null"], [FileHashAlgorithm.Md5]).Should().ContainSingle()
            .Which.Status.Should().Be(TreeEntryStatus.Skipped);

    [Fact]
    public void Hash_MissingRootAndDirectoryWithoutRecursion_AreErrors_AndTheRunContinues()
    {
        using var dir = MakeTree(3);
        var results = TreeHasher.Hash([Path.Combine(dir.Path, "missing.bin"), dir.Path, Path.Combine(dir.Path, "top.txt")],
            [FileHashAlgorithm.Md5], new TreeHasherOptions { Recursive = false }).ToList();
        results.Select(r => r.Status).Should().Equal(TreeEntryStatus.Error, TreeEntryStatus.Error, TreeEntryStatus.Hashed);
        results[0].Message.Should().Contain("no such file");
        results[1].Message.Should().Contain("directory");
    }

    [Fact]
    public void Hash_UnreadableFile_IsReportedPerFile()
    {
        if (Environment.UserName == "root" || OperatingSystem.IsWindows())
        {
            // root reads mode-000 files; a file deleted after listing is the portable case, covered below.
            using var dir = MakeTree(400); // several batches of 64 files: the last one is listed but not yet read
            string victim = dir.File("zzz.txt", "last in ordinal order");
            var walker = TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Md5], new TreeHasherOptions { MaxDegreeOfParallelism = 1 });
            var results = new List<TreeHashResult>();
            foreach (var r in walker)
            {
                results.Add(r);
                if (results.Count == 1)
                {
                    File.Delete(victim); // vanishes between listing and hashing
                }
            }

            results.Should().Contain(r => r.Path.EndsWith("zzz.txt", StringComparison.Ordinal) && r.Status == TreeEntryStatus.Error && r.Message!.Contains("vanished"));
            results.Count(r => r.Status == TreeEntryStatus.Hashed).Should().Be(results.Count - 1);
            return;
        }

        using var d = new TempDir();
        string locked = d.File("locked.txt", "x");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        TreeHasher.Hash([d.Path], [FileHashAlgorithm.Md5]).Should().ContainSingle().Which.Status.Should().Be(TreeEntryStatus.Error);
    }

    [Fact]
    public void ToEntry_OnSkipped_Throws()
    {
        var r = TreeHasher.Hash(["/dev/null"], [FileHashAlgorithm.Md5]).Single();
        FluentActions.Invoking(r.ToEntry).Should().Throw<InvalidOperationException>();
    }
}
