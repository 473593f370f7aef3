using System.Security.Cryptography;

namespace Forensics.Net.Hashing.Files.Tests;

public class KnownHashTests
{
    private static byte[] Sha(int i) => SHA256.HashData(BitConverter.GetBytes(i));

    [Fact]
    public void KnownHashSet_FindsEveryAddedKeyWithItsName_AndNoOther()
    {
        var set = new KnownHashSet();
        for (int i = 0; i < 50_000; i++)
        {
            set.Add(FileHashAlgorithm.Sha256, Sha(i), i % 2 == 0 ? $"file{i}" : null);
        }

        set.Count.Should().Be(50_000);
        for (int i = 0; i < 50_000; i += 7)
        {
            set.TryLookup(FileHashAlgorithm.Sha256, Sha(i), out string? name).Should().BeTrue();
            name.Should().Be(i % 2 == 0 ? $"file{i}" : null);
        }

        for (int i = 50_000; i < 51_000; i++)
        {
            set.Contains(FileHashAlgorithm.Sha256, Sha(i)).Should().BeFalse();
        }

        set.Contains(FileHashAlgorithm.Md5, Sha(1).AsSpan(0, 16)).Should().BeFalse();
        set.Contains(FileHashAlgorithm.Sha256, Sha(1).AsSpan(0, 31)).Should().BeFalse();

        set.Add(FileHashAlgorithm.Sha256, Sha(60_000), "late"); // adding after lookups re-sorts
        set.TryLookup(FileHashAlgorithm.Sha256, Sha(60_000), out string? late).Should().BeTrue();
        late.Should().Be("late");
        FluentActions.Invoking(() => set.Add(FileHashAlgorithm.Md5, new byte[15])).Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("sha256sum.txt")]
    [InlineData("hashdeep.txt")]
    [InlineData("rhash_bsd.txt")]
    [InlineData("NSRLFile.txt")]
    public void Load_FromEachFormat_ClassifiesTheTreeFiles(string fixture)
    {
        var bad = KnownHashSet.LoadFile(TestFiles.Get(fixture));
        var classifier = new HashClassifier(knownGood: null, knownBad: bad);
        var hello = FileHasher.HashFile(Path.Combine(TestFiles.Tree, "hello.txt"), [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256]);
        var c = classifier.Classify(hello);
        c.Status.Should().Be(KnownHashStatus.KnownBad);
        c.MatchedName.Should().EndWith("hello.txt");
        c.Hash.Should().Be(hello.GetHex(c.Algorithm!.Value));
        classifier.Classify(FileHasher.Hash("not in the set"u8, [FileHashAlgorithm.Sha256, FileHashAlgorithm.Md5])).Status.Should().Be(KnownHashStatus.Unknown);
    }

    [Fact]
    public void Load_PlainHashList_UsesGivenAlgorithmAndReportsBadLines()
    {
        using var dir = new TempDir();
        string list = dir.File("bad.txt", "# comment\n5891B5B522D5DF086D0FF0B110FBD9D21BB4FC7163AF34D08286A2E846F6BE03\nnot-hex\n\nd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592 fox\n");
        var problems = new List<HashFileIssue>();
        var set = KnownHashSet.LoadFile(list, null, problems);
        set.Count.Should().Be(2);
        problems.Should().ContainSingle().Which.Line.Should().Be(3);
        set.TryLookup(FileHashAlgorithm.Sha256, Convert.FromHexString("d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"), out string? name).Should().BeTrue();
        name.Should().Be("fox");
    }

    [Fact]
    public void Classifier_BadWinsOverGood_GoodOverUnknown()
    {
        var d = FileHasher.Hash("x"u8, [FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256]);
        var good = new KnownHashSet();
        good.Add(FileHashAlgorithm.Sha1, d.GetDigest(FileHashAlgorithm.Sha1).Span, "nsrl-name");
        var bad = new KnownHashSet();
        bad.Add(FileHashAlgorithm.Sha256, d.GetDigest(FileHashAlgorithm.Sha256).Span, "malware.exe");

        new HashClassifier(good, null).Classify(d).Should().BeEquivalentTo(new { Status = KnownHashStatus.KnownGood, MatchedName = "nsrl-name", Algorithm = FileHashAlgorithm.Sha1 });
        new HashClassifier(good, bad).Classify(d).Should().BeEquivalentTo(new { Status = KnownHashStatus.KnownBad, MatchedName = "malware.exe", Algorithm = FileHashAlgorithm.Sha256 });
        new HashClassifier(null, null).Classify(d).Status.Should().Be(KnownHashStatus.Unknown);
    }

    private static HashIndex OpenIndex(string path, bool load) => load ? HashIndex.LoadFile(path) : HashIndex.Open(path);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HashIndex_BuildOpenLookup_MatchesTheSource(bool load)
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "keys.idx");
        var entries = Enumerable.Range(0, 30_000).Select(i => new HashEntry(i % 3 == 0 ? string.Empty : $"n{i}", -1,
            new HashDigests([new(FileHashAlgorithm.Sha256, Sha(i))]))).Append(new HashEntry("md5 only", -1, FileHasher.Hash("m"u8, [FileHashAlgorithm.Md5])));
        var built = HashIndex.BuildFile(path, FileHashAlgorithm.Sha256, entries);
        built.Count.Should().Be(30_000);
        built.SkippedEntries.Should().Be(1);
        built.FileSize.Should().Be(new FileInfo(path).Length);

        using var index = OpenIndex(path, load);
        index.Algorithm.Should().Be(FileHashAlgorithm.Sha256);
        index.Count.Should().Be(30_000);
        for (int i = 0; i < 30_000; i += 11)
        {
            index.TryLookup(FileHashAlgorithm.Sha256, Sha(i), out string? name).Should().BeTrue();
            name.Should().Be(i % 3 == 0 ? null : $"n{i}");
        }

        Enumerable.Range(30_000, 500).Should().OnlyContain(i => !index.Contains(Sha(i)));
        index.TryLookup(FileHashAlgorithm.Md5, new byte[16], out _).Should().BeFalse();
    }

    /// <summary>
    /// Lookups guess a key's position from its bytes (digests are uniform); keys that are not uniform must still be
    /// found, and absent neighbours must not. Each shape puts 5,000 keys in one 16-bit prefix bucket.
    /// </summary>
    [Theory]
    [InlineData("uniform")]
    [InlineData("all-low")]
    [InlineData("all-high")]
    [InlineData("two-clusters")]
    [InlineData("duplicates")]
    [InlineData("sparse-steps")]
    public void Lookup_NonUniformKeysInOneBucket_FindsEveryKeyAndNoNeighbour(string shape)
    {
        var rng = new Random(shape.Length * 7919);
        var keys = new List<byte[]>();
        for (int i = 0; i < 5_000; i++)
        {
            byte[] key = new byte[32];
            rng.NextBytes(key);
            key[0] = 0xAB;
            key[1] = 0xCD;
            switch (shape)
            {
                case "all-low":
                    key.AsSpan(2, 10).Clear();
                    break;
                case "all-high":
                    key.AsSpan(2, 10).Fill(0xFF);
                    break;
                case "two-clusters":
                    key.AsSpan(2, 9).Fill(i % 2 == 0 ? (byte)0x00 : (byte)0xFF);
                    break;
                case "duplicates":
                    if (i % 3 == 0 && keys.Count > 0)
                    {
                        key = (byte[])keys[rng.Next(keys.Count)].Clone();
                    }

                    break;
                case "sparse-steps":
                    key.AsSpan(2, 8).Clear();
                    key[2] = (byte)(1 << (i % 8)); // eight tight clusters spread over the range
                    break;
            }

            keys.Add(key);
        }

        var present = new HashSet<string>(keys.Select(Convert.ToHexString));
        var absent = new List<byte[]>();
        foreach (byte[] key in keys.Take(1_000))
        {
            foreach (int delta in new[] { -1, 1 })
            {
                byte[] near = (byte[])key.Clone();
                near[31] = (byte)(near[31] + delta);
                if (!present.Contains(Convert.ToHexString(near)))
                {
                    absent.Add(near);
                }
            }
        }

        byte[] below = new byte[32];
        below[0] = 0xAB;
        below[1] = 0xCD;
        byte[] above = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        above[0] = 0xAB;
        above[1] = 0xCD;
        absent.AddRange(new[] { below, above }.Where(k => !present.Contains(Convert.ToHexString(k))));

        var set = new KnownHashSet();
        foreach (byte[] key in keys)
        {
            set.Add(FileHashAlgorithm.Sha256, key, Convert.ToHexString(key));
        }

        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, shape + ".idx");
        HashIndex.BuildFile(path, FileHashAlgorithm.Sha256, keys.Select(k => new HashEntry(Convert.ToHexString(k), -1,
            new HashDigests([new(FileHashAlgorithm.Sha256, k)])))).Count.Should().Be(5_000);
        using var index = HashIndex.Open(path);
        using var loaded = HashIndex.LoadFile(path);

        foreach (byte[] key in keys)
        {
            set.TryLookup(FileHashAlgorithm.Sha256, key, out string? setName).Should().BeTrue();
            setName.Should().Be(Convert.ToHexString(key));
            index.TryLookup(FileHashAlgorithm.Sha256, key, out string? indexName).Should().BeTrue();
            indexName.Should().Be(Convert.ToHexString(key));
            loaded.TryLookup(FileHashAlgorithm.Sha256, key, out string? loadedName).Should().BeTrue();
            loadedName.Should().Be(Convert.ToHexString(key));
        }

        absent.Should().HaveCountGreaterThan(1_000);
        absent.Should().OnlyContain(k => !set.Contains(FileHashAlgorithm.Sha256, k) && !index.Contains(k) && !loaded.Contains(k));
    }

    /// <summary>Past 524,288 keys the prefix table widens beyond 16 bits (~8 keys per bucket); lookups and both back-ends agree.</summary>
    [Fact]
    public void HashIndex_And_Set_WiderPrefixTable_FindEveryKeyAndNoOther()
    {
        const int Keys = 600_000;
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "wide.idx");
        var set = new KnownHashSet();
        var entries = Enumerable.Range(0, Keys).Select(i => new HashEntry(i % 1000 == 0 ? $"n{i}" : string.Empty, -1,
            new HashDigests([new(FileHashAlgorithm.Sha256, Sha(i))])));
        HashIndex.BuildFile(path, FileHashAlgorithm.Sha256, entries).FileSize.Should().Be(new FileInfo(path).Length);
        set.AddRange(entries);
        File.ReadAllBytes(path).AsSpan(72, 4).ToArray().Should().Equal([17, 0, 0, 0]); // prefix width in the header

        using var mapped = HashIndex.Open(path);
        using var loaded = HashIndex.LoadFile(path);
        foreach (var index in new IKnownHashLookup[] { mapped, loaded, set })
        {
            for (int i = 0; i < Keys; i += 97)
            {
                index.TryLookup(FileHashAlgorithm.Sha256, Sha(i), out string? name).Should().BeTrue();
                name.Should().Be(i % 1000 == 0 ? $"n{i}" : null);
            }

            for (int i = 0; i < Keys; i += 1000)
            {
                index.TryLookup(FileHashAlgorithm.Sha256, Sha(i), out string? named).Should().BeTrue();
                named.Should().Be($"n{i}");
            }

            Enumerable.Range(Keys, 2_000).Where(i => index.TryLookup(FileHashAlgorithm.Sha256, Sha(i), out _)).Should().BeEmpty();
        }
    }

    /// <summary>Version-1 files (a fixed 16-bit table, no width field) are still read.</summary>
    [Fact]
    public void HashIndex_Version1File_StillOpens()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "v1.idx");
        HashIndex.BuildFile(path, FileHashAlgorithm.Sha256, Enumerable.Range(0, 1_000).Select(i => new HashEntry($"n{i}", -1,
            new HashDigests([new(FileHashAlgorithm.Sha256, Sha(i))]))));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[8] = 1; // version 1
        bytes.AsSpan(72, 4).Clear(); // version 1 had no width field
        File.WriteAllBytes(path, bytes);

        using var index = HashIndex.Open(path);
        index.TryLookup(FileHashAlgorithm.Sha256, Sha(500), out string? name).Should().BeTrue();
        name.Should().Be("n500");
        index.Contains(Sha(1_000)).Should().BeFalse();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HashIndex_EmptyIndex_OpensAndFindsNothing(bool load)
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "empty.idx");
        HashIndex.BuildFile(path, FileHashAlgorithm.Md5, []).Count.Should().Be(0);
        using var index = OpenIndex(path, load);
        index.Contains(new byte[16]).Should().BeFalse();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HashIndex_TruncatedOrDamaged_ThrowsFormatExceptionNeverCrashes(bool load)
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "k.idx");
        HashIndex.BuildFile(path, FileHashAlgorithm.Sha1, Enumerable.Range(0, 200).Select(i => new HashEntry($"n{i}", -1,
            new HashDigests([new(FileHashAlgorithm.Sha1, SHA1.HashData(BitConverter.GetBytes(i)))]))));
        byte[] good = File.ReadAllBytes(path);
        string damaged = Path.Combine(dir.Path, "d.idx");
        int[] cuts = [0, 7, 8, 64, 127, 128, 4096, 524_423, 524_424, 524_500, good.Length - 30, good.Length - 1];
        foreach (int cut in cuts)
        {
            File.WriteAllBytes(damaged, good.AsSpan(0, cut).ToArray());
            FluentActions.Invoking(() => OpenIndex(damaged, load).Dispose()).Should().Throw<HashFileFormatException>($"cut at {cut}");
        }

        foreach (int at in new[] { 0, 8, 12, 16, 20, 24, 32, 40, 48, 56, 64, 72, 128 + 8, 128 + (8 * 65536) })
        {
            byte[] flipped = (byte[])good.Clone();
            flipped[at] ^= 0x40;
            File.WriteAllBytes(damaged, flipped);
            FluentActions.Invoking(() => OpenIndex(damaged, load).Dispose()).Should().Throw<HashFileFormatException>($"flip at {at}");
        }
    }

    [Fact]
    public void Load_SqliteDatabase_ThrowsFormatExceptionNamingTheNsrlPackage()
    {
        using var dir = new TempDir();
        byte[] header = new byte[100];
        "SQLite format 3\0"u8.CopyTo(header);
        string path = dir.File("RDS_modern_minimal.db", header);

        FluentActions.Invoking(() => KnownHashSet.LoadFile(path)).Should().Throw<HashFileFormatException>()
            .WithMessage("*Forensics.Net.Hashing.Files.Nsrl*");
    }
}
