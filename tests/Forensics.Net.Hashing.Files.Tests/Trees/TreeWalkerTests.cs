using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Mode = Forensics.Net.Hashing.Files.TreeWalker.WalkMode;

namespace Forensics.Net.Hashing.Files.Tests;

/// <summary>
/// The streamed native walk (Linux): per-directory sorting equals the global ordinal sort, the d_type-less
/// fallback, files swapped for FIFOs or links after listing, directories vanishing or unreadable mid-walk, and
/// names that are not valid UTF-8. Every case is compared with the portable walk where both can run.
/// </summary>
public partial class TreeWalkerTests
{
    private static readonly Mode[] AllModes = [Mode.Auto, Mode.NativeIgnoreDType, Mode.Portable];

    private static List<TreeHashResult> Run(string root, Mode mode, TreeHasherOptions? options = null) =>
        TreeHasher.HashWithWalk([root], [FileHashAlgorithm.Sha256], options, mode).ToList();

    private static string Line(TreeHashResult r) =>
        $"{r.Status} {r.Path} {r.Size} {r.Digests?.GetHex(FileHashAlgorithm.Sha256)} {r.Message}";

    /// <summary>Runs a walk on another thread and fails instead of hanging when it does not finish.</summary>
    private static List<TreeHashResult> Bounded(Func<List<TreeHashResult>> run)
    {
        var task = Task.Factory.StartNew(run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        task.Wait(TimeSpan.FromSeconds(60)).Should().BeTrue("the walk must never block on a FIFO");
        return task.Result;
    }

    [Fact]
    public void PerDirectorySort_EqualsGlobalOrdinalSortOfDisplayPaths()
    {
        using var dir = new TempDir();
        string[] files =
        [
            "a/b", "a/c/d", "a.txt", "a-b", "a0", "a b", "A", "é", "ｱ", "😀", "~", "!",
            "s/a", "s/a b/x", "s/a-/y", "s/a./z", "s/a0/w", "s/a!", "s/é/1", "s/e", "s/E/2", "s/ab", "s/aa/q",
            "z/y/x/w/v", "z/y/x.txt", "z/y-", "z/y.", "z/y0",
        ];
        foreach (string f in files)
        {
            dir.File(f, f);
        }

        // What the previous implementation did: list everything, then one global ordinal sort of the display paths.
        var expected = Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories)
            .Select(p => dir.Path + "/" + Path.GetRelativePath(dir.Path, p).Replace('\\', '/'))
            .ToList();
        expected.Sort(string.CompareOrdinal);
        expected.Should().HaveCount(files.Length);

        foreach (var mode in AllModes)
        {
            foreach (int dop in new[] { 1, 2, 8 })
            {
                var results = Run(dir.Path, mode, new TreeHasherOptions { MaxDegreeOfParallelism = dop });
                results.Select(r => r.Path).Should().Equal(expected, $"mode {mode}, parallelism {dop}");
                results.Should().OnlyContain(r => r.Status == TreeEntryStatus.Hashed);
                results.Should().OnlyContain(r => r.Digests!.GetHex(FileHashAlgorithm.Sha256) ==
                    Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(dir.Path, r.Path)))));
            }
        }
    }

    [Fact]
    public void ErrorsAndSkips_SortByTheirOwnName_AsTheGlobalSortDid()
    {
        using var dir = new TempDir();
        dir.File("a b", "1");
        dir.File("a.txt", "2");
        dir.File("b/c", "3");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "a"), "b"); // a link to a directory, not followed: sorts as "a"
        Tool.Run("mkfifo", [Path.Combine(dir.Path, "b.fifo")], dir.Path).Exit.Should().Be(0);

        foreach (var mode in AllModes)
        {
            var paths = Run(dir.Path, mode).Select(r => Path.GetRelativePath(dir.Path, r.Path)).ToList();
            paths.Should().Equal(["a", "a b", "a.txt", "b.fifo", "b/c"], mode.ToString());
        }

        // Followed, the link is a directory and its entries sort under "a/".
        var followed = Run(dir.Path, Mode.Auto, new TreeHasherOptions { FollowSymlinks = true }).Select(r => Path.GetRelativePath(dir.Path, r.Path));
        followed.Should().Equal("a b", "a.txt", "a/c", "b.fifo", "b/c");
    }

    [Fact]
    public void WithoutDType_ResultsEqualTheDTypeWalk_ForEveryOption()
    {
        using var dir = new TempDir();
        for (int i = 0; i < 40; i++)
        {
            dir.File($"d{i % 3}/f{i:D2}.{(i % 2 == 0 ? "log" : "txt")}", FileHasherTests.RandomBytes(i * 53, i));
        }

        dir.File(".hidden/h.txt", "h");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "link-dir"), "d1");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "link-file"), "d0/f00.log");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "dangling"), "nowhere");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "d2", "up"), "..");
        Tool.Run("mkfifo", [Path.Combine(dir.Path, "d1", "pipe")], dir.Path).Exit.Should().Be(0);

        TreeHasherOptions[] optionSets =
        [
            new(),
            new() { FollowSymlinks = true },
            new() { Include = ["*.log"], Exclude = ["d2"] },
            new() { MinSize = 100, MaxSize = 1200 },
            new() { IncludeHidden = false, MaxDegreeOfParallelism = 1 },
        ];
        foreach (var options in optionSets)
        {
            var dType = Bounded(() => Run(dir.Path, Mode.Auto, options)).Select(Line).ToList();
            var lstat = Bounded(() => Run(dir.Path, Mode.NativeIgnoreDType, options)).Select(Line).ToList();
            var portable = Bounded(() => Run(dir.Path, Mode.Portable, options)).Select(r => $"{r.Status} {r.Path} {r.Digests?.GetHex(FileHashAlgorithm.Sha256)}").ToList();
            dType.Should().NotBeEmpty();
            lstat.Should().Equal(dType);
            dType.Select(l => string.Join(' ', l.Split(' ').Take(2).Append(l.Split(' ')[3]))).Should().Equal(portable);
        }
    }

    [Fact]
    public void FifoAnywhereInTheTree_NeverHangs_InEveryWalk()
    {
        using var dir = new TempDir();
        dir.File("a.txt", "a");
        dir.File("sub/b.txt", "b");
        Tool.Run("mkfifo", [Path.Combine(dir.Path, "sub", "pipe")], dir.Path).Exit.Should().Be(0);
        File.CreateSymbolicLink(Path.Combine(dir.Path, "to-pipe"), "sub/pipe");

        foreach (var mode in AllModes)
        {
            foreach (bool follow in new[] { false, true })
            {
                var results = Bounded(() => Run(dir.Path, mode, new TreeHasherOptions { FollowSymlinks = follow }));
                results.Should().Contain(r => r.Path.EndsWith("sub/pipe", StringComparison.Ordinal) && r.Status == TreeEntryStatus.Skipped && r.Message!.Contains("FIFO"));
                results.Should().Contain(r => r.Path.EndsWith("to-pipe", StringComparison.Ordinal) && r.Status == TreeEntryStatus.Skipped
                    && r.Message!.Contains(follow ? "FIFO" : "symbolic link"));
                results.Count(r => r.Status == TreeEntryStatus.Hashed).Should().Be(2);
            }
        }
    }

    private static TempDir MakeWideTree()
    {
        var dir = new TempDir();
        for (int i = 0; i < 400; i++)
        {
            dir.File($"d{i % 5}/f{i:D3}.txt", FileHasherTests.RandomBytes(i * 11, i)); // several batches before the "z" names
        }

        return dir;
    }

    /// <summary>Hashes with parallelism 1, running <paramref name="afterFirst"/> after the first result (the "z" names are listed but not read yet).</summary>
    private static List<TreeHashResult> RunInterrupted(string root, Action afterFirst, TreeHasherOptions? options = null) => Bounded(() =>
    {
        var results = new List<TreeHashResult>();
        foreach (var r in TreeHasher.Hash([root], [FileHashAlgorithm.Sha256], options ?? new TreeHasherOptions { MaxDegreeOfParallelism = 1 }))
        {
            results.Add(r);
            if (results.Count == 1)
            {
                afterFirst();
            }
        }

        return results;
    });

    [Fact]
    public void FileSwappedForFifoOrLinkAfterListing_IsSkipped_NeverOpenedBlocking()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the portable walk opens by name; the swap protection is the native path's
        }

        using var dir = MakeWideTree();
        string fifo = dir.File("zz-fifo", "was a file");
        string link = dir.File("zz-link", "was a file");
        var results = RunInterrupted(dir.Path, () =>
        {
            File.Delete(fifo);
            Tool.Run("mkfifo", [fifo], dir.Path).Exit.Should().Be(0);
            File.Delete(link);
            File.CreateSymbolicLink(link, "/etc/passwd");
        });

        results.Should().HaveCount(402);
        results.Single(r => r.Path.EndsWith("zz-fifo", StringComparison.Ordinal)).Should().Match<TreeHashResult>(r =>
            r.Status == TreeEntryStatus.Skipped && r.Message!.Contains("FIFO") && r.Message.Contains("after listing"));
        results.Single(r => r.Path.EndsWith("zz-link", StringComparison.Ordinal)).Should().Match<TreeHashResult>(r =>
            r.Status == TreeEntryStatus.Skipped && r.Message!.Contains("symbolic link"));
        results.Count(r => r.Status == TreeEntryStatus.Hashed).Should().Be(400);
    }

    [Fact]
    public void FileGrowingAfterListing_IsHashedWhole_WithASizeWarning()
    {
        using var dir = MakeWideTree();
        string grows = dir.File("zz-grows", "12345");
        var results = RunInterrupted(dir.Path, () => File.AppendAllText(grows, "6789"), new TreeHasherOptions { MaxDegreeOfParallelism = 1, MinSize = 1 });

        var r = results.Single(x => x.Path.EndsWith("zz-grows", StringComparison.Ordinal));
        r.Status.Should().Be(TreeEntryStatus.Hashed);
        r.Size.Should().Be(9);
        r.Digests!.GetHex(FileHashAlgorithm.Sha256).Should().Be(Convert.ToHexStringLower(SHA256.HashData("123456789"u8)));
        r.Message.Should().Be("size changed while reading (5 bytes when listed, 9 bytes hashed)");
        results.Where(x => x != r).Should().OnlyContain(x => x.Message == null);
    }

    [Fact]
    public void DirectoryVanishingMidWalk_IsReportedOnce_AndTheRunContinues()
    {
        using var dir = MakeWideTree();
        dir.File("zz/a.txt", "a");
        dir.File("zz/deeper/b.txt", "b");
        dir.File("zzz.txt", "after");
        var results = RunInterrupted(dir.Path, () => Directory.Delete(Path.Combine(dir.Path, "zz"), recursive: true));

        results.Should().HaveCount(402);
        results.Select(r => r.Path).Should().BeInAscendingOrder(StringComparer.Ordinal);
        var gone = results.Single(r => r.Status == TreeEntryStatus.Error);
        gone.Path.Should().Be(dir.Path + "/zz");
        gone.Message.Should().Contain("vanished");
        results.Last().Path.Should().EndWith("zzz.txt");
        results.Last().Status.Should().Be(TreeEntryStatus.Hashed);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void UnreadableDirectory_AsChildAndAsRoot_IsAnErrorEntry_AndTheRunContinues()
    {
        using var dir = new TempDir();
        dir.File("a.txt", "a");
        dir.File("locked/secret.txt", "s");
        dir.File("locked-not/b.txt", "b");
        dir.File("z.txt", "z");
        string locked = Path.Combine(dir.Path, "locked");
        using var root = new TempDir();
        root.File("inside.txt", "i");

        File.SetUnixFileMode(locked, UnixFileMode.None);
        File.SetUnixFileMode(root.Path, UnixFileMode.None);
        try
        {
            foreach (var mode in AllModes)
            {
                var (child, whole) = AsUnprivileged(() =>
                {
                    // Precondition: this thread really cannot list the directory (root only after dropping its file-system capabilities).
                    FluentActions.Invoking(() => Directory.EnumerateFileSystemEntries(locked).ToList()).Should().Throw<UnauthorizedAccessException>();
                    return (Run(dir.Path, mode), Run(root.Path, mode));
                });

                child.Select(r => Path.GetRelativePath(dir.Path, r.Path)).Should().Equal(["a.txt", "locked", "locked-not/b.txt", "z.txt"], mode.ToString());
                child[1].Status.Should().Be(TreeEntryStatus.Error);
                child[1].Message.Should().Contain("cannot be listed");
                child.Where(r => r != child[1]).Should().OnlyContain(r => r.Status == TreeEntryStatus.Hashed);

                whole.Should().ContainSingle().Which.Should().Match<TreeHashResult>(r =>
                    r.Status == TreeEntryStatus.Error && r.Path == root.Path + "/" && r.Message!.Contains("cannot be listed"));
            }
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(root.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void NamesWithNewlineBackslashAndInvalidUtf8_AreHashedFromTheirRawBytes_InAStableOrder()
    {
        using var dir = new TempDir();
        // Bytes 0xFE and 0xFF are not UTF-8: both names decode to "bad\uFFFD.bin"; the native walk opens them by raw bytes.
        Tool.Run("bash", ["-c", "printf nl > $'new\\nline.txt'; printf bs > 'back\\slash.txt'; printf fe > $'bad\\xfe.bin'; printf ff > $'bad\\xff.bin'; printf ok > ok.txt"], dir.Path)
            .Exit.Should().Be(0);

        string Hex(string s) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(s)));
        string[] expected =
        [
            $"back\\slash.txt {Hex("bs")}",
            $"bad\uFFFD.bin {Hex("fe")}",
            $"bad\uFFFD.bin {Hex("ff")}",
            $"new\nline.txt {Hex("nl")}",
            $"ok.txt {Hex("ok")}",
        ];
        foreach (var mode in new[] { Mode.Auto, Mode.NativeIgnoreDType })
        {
            foreach (int dop in new[] { 1, 2 })
            {
                var results = Run(dir.Path, mode, new TreeHasherOptions { MaxDegreeOfParallelism = dop });
                results.Should().OnlyContain(r => r.Status == TreeEntryStatus.Hashed, $"mode {mode}");
                results.Select(r => Path.GetRelativePath(dir.Path, r.Path) + " " + r.Digests!.GetHex(FileHashAlgorithm.Sha256)).Should().Equal(expected);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(20_000)]
    public void FilesAroundAndAboveTheSmallFileLimit_HashLikeTheOneShot(int size)
    {
        using var dir = new TempDir();
        byte[] data = FileHasherTests.RandomBytes(size, size);
        dir.File("f.bin", data);
        var options = new TreeHasherOptions { FileOptions = new FileHasherOptions { BufferSize = 4096 } };
        foreach (var mode in AllModes)
        {
            var r = Run(dir.Path, mode, options).Should().ContainSingle().Subject;
            r.Status.Should().Be(TreeEntryStatus.Hashed);
            r.Size.Should().Be(size);
            r.Message.Should().BeNull();
            r.Digests!.GetHex(FileHashAlgorithm.Sha256).Should().Be(Convert.ToHexStringLower(SHA256.HashData(data)), mode.ToString());
        }
    }

    [Fact]
    public async Task CancelledMidStream_Throws_SyncAndAsync_AndLeavesNoDescriptorOpen()
    {
        using var dir = MakeWideTree();
        using (var cts = new CancellationTokenSource())
        {
            var sync = new List<TreeHashResult>();
            FluentActions.Invoking(() =>
            {
                foreach (var r in TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Sha256], new TreeHasherOptions { MaxDegreeOfParallelism = 2 }, cts.Token))
                {
                    sync.Add(r);
                    cts.Cancel();
                }
            }).Should().Throw<OperationCanceledException>();
            sync.Count.Should().BeInRange(1, 399);
        }

        using (var cts = new CancellationTokenSource())
        {
            int seen = 0;
            await FluentActions.Awaiting(async () =>
            {
                await foreach (var r in TreeHasher.HashAsync([dir.Path], [FileHashAlgorithm.Sha256], null, cts.Token))
                {
                    seen++;
                    await cts.CancelAsync();
                }
            }).Should().ThrowAsync<OperationCanceledException>();
            seen.Should().BeInRange(1, 399);
        }

        // Abandoned after one result: the walk holds no directory open between items, and files close when hashed.
        TreeHasher.Hash([dir.Path], [FileHashAlgorithm.Sha256]).First().Status.Should().Be(TreeEntryStatus.Hashed);
        if (OperatingSystem.IsLinux())
        {
            int open = -1;
            for (int i = 0; i < 100 && open != 0; i++)
            {
                open = Directory.EnumerateFiles("/proc/self/fd").Count(fd =>
                {
                    try
                    {
                        return new FileInfo(fd).LinkTarget?.StartsWith(dir.Path, StringComparison.Ordinal) == true;
                    }
                    catch (IOException)
                    {
                        return false; // closed meanwhile
                    }
                });
                if (open != 0)
                {
                    await Task.Delay(100); // batches of the abandoned run may still be finishing
                }
            }

            open.Should().Be(0);
        }
    }

    /// <summary>Runs <paramref name="body"/> on a thread that cannot bypass file permissions: as root, with the thread's file-system uid set to nobody (which drops CAP_DAC_OVERRIDE for that thread only).</summary>
    private static T AsUnprivileged<T>(Func<T> body)
    {
        if (Environment.UserName != "root")
        {
            return body();
        }

        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            _ = SetFsUid(65534);
            try
            {
                result = body();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                _ = SetFsUid(0);
            }
        });
        thread.Start();
        thread.Join(TimeSpan.FromSeconds(60)).Should().BeTrue();
        if (failure is not null)
        {
            throw new InvalidOperationException("The unprivileged walk failed.", failure);
        }

        return result;
    }

    [DllImport("libc", EntryPoint = "setfsuid")]
    private static extern int SetFsUid(uint uid);
}
