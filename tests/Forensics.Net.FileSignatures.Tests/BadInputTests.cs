namespace Forensics.Net.FileSignatures.Tests;

public class BadInputTests
{
    private static readonly FileTypeDetector Lenient = FileTypeDetector.Default;
    private static readonly FileTypeDetector Strict = new(new FileTypeDetectorOptions { Strictness = SignatureStrictness.Strict });

    [Theory]
    [InlineData("", "empty")]
    [InlineData("00", "unknown")]                                   // one NUL byte
    [InlineData("504B", "txt")]                                     // "PK": two printable characters are text
    [InlineData("504B0304", "zip")]                                 // local header signature only
    [InlineData("504B03041400000008", "zip")]                       // truncated local header
    [InlineData("504B0506000000000000000000000000000000000000", "zip")] // empty archive: EOCD only
    [InlineData("504B0506FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0000", "zip")] // EOCD with absurd counts and offsets
    [InlineData("D0CF11E0A1B11AE1", "cfb")]                         // CFB signature only
    [InlineData("D0CF11E0A1B11AE100000000", "cfb")]                 // CFB header truncated
    [InlineData("4D5A", "dos-exe")]                                 // "MZ" only
    [InlineData("4D5A90000300000004000000FFFF", "dos-exe")]         // DOS header truncated before e_lfanew
    [InlineData("7F454C46", "elf")]                                 // ELF magic only
    [InlineData("7F454C4602010100000000000000000003003E00", "elf")] // ELF header cut inside e_type/e_machine
    [InlineData("CAFEBABE", "unknown")]                             // too short for fat/class disambiguation
    [InlineData("CAFEBABE00000000", "unknown")]                     // nfat_arch 0 and version 0: neither
    [InlineData("52494646", "riff")]                                // "RIFF" only
    [InlineData("000000186674797069736F6D", "mp4")]                 // ftyp box without compatible brands
    [InlineData("FFD8FF", "jpeg")]
    [InlineData("1F8B08", "gzip")]
    public void Detect_LabelledBadInput_TypedResultNoThrow(string hex, string id)
    {
        byte[] data = Convert.FromHexString(hex);

        var r = Lenient.Detect(data);
        var s = Lenient.Detect(new CountingStream(new MemoryStream(data), seekable: false));

        r.Type.Id.Should().Be(id);
        s.Type.Id.Should().Be(id);
    }

    public static IEnumerable<object[]> Fixtures => TestFiles.Expected.Select(e => new object[] { e.File });

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Detect_EveryTruncation_NeverThrows(string file)
    {
        byte[] data = TestFiles.Read(file);
        var lengths = Enumerable.Range(0, Math.Min(data.Length, 700))
            .Concat(Enumerable.Range(0, 200).Select(i => (int)((long)data.Length * i / 200)))
            .Append(data.Length - 1)
            .Where(l => l >= 0 && l <= data.Length)
            .Distinct();

        foreach (int len in lengths)
        {
            var r = Lenient.Detect(data.AsSpan(0, len));
            r.Confidence.Should().BeInRange(0, 1);
            AssertStrictOnlyTypedErrors(data.AsSpan(0, len).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Detect_FlippedBytes_NeverThrows(string file)
    {
        byte[] original = TestFiles.Read(file);
        var rng = new Random(file.GetHashCode(StringComparison.Ordinal) ^ 12345);
        for (int round = 0; round < 150; round++)
        {
            byte[] data = (byte[])original.Clone();
            int flips = 1 + rng.Next(8);
            for (int f = 0; f < flips && data.Length > 0; f++)
            {
                // Half of the flips hit the first 4 KiB (headers), the rest anywhere (directories at the end).
                int pos = rng.Next(2) == 0 ? rng.Next(Math.Min(4096, data.Length)) : rng.Next(data.Length);
                data[pos] ^= (byte)(1 << rng.Next(8));
            }

            var r = Lenient.Detect(data);
            r.Confidence.Should().BeInRange(0, 1);
            Lenient.Detect(new MemoryStream(data)).Should().NotBeNull();
            AssertStrictOnlyTypedErrors(data);
        }
    }

    [Fact]
    public void Detect_ForwardOnlyHugeStream_ReadsBoundedPrefix()
    {
        var big = new byte[20 * 1024 * 1024];
        new Random(3).NextBytes(big);
        var counting = new CountingStream(new MemoryStream(big), seekable: false);

        var r = Lenient.Detect(counting);

        counting.BytesRead.Should().BeLessThanOrEqualTo(FileTypeDetectorOptions.Default.MaxHeaderBytes);
        r.Length.Should().Be(-1);
    }

    [Fact]
    public void Detect_SeekableHugeStream_ReadsHeadAndTailOnly()
    {
        var big = new byte[20 * 1024 * 1024];
        new Random(4).NextBytes(big);
        big[0] = 0x01;
        var counting = new CountingStream(new MemoryStream(big), seekable: true);

        Lenient.Detect(counting);

        counting.BytesRead.Should().BeLessThanOrEqualTo(64 * 1024 + 4096);
    }

    [Fact]
    public void Detect_ZipClaimingHugeCentralDirectory_ReadsAtMostContainerBudget()
    {
        // EOCD says the central directory is 15 MiB at offset 0 of a 16 MiB file: the read is capped by MaxContainerBytes.
        var big = new byte[16 * 1024 * 1024];
        "PK\x03\x04"u8.CopyTo(big);
        int e = big.Length - 22;
        "PK\x05\x06"u8.CopyTo(big.AsSpan(e));
        BitConverter.GetBytes(0xFFFFu).CopyTo(big, e + 8);
        BitConverter.GetBytes((uint)(15 * 1024 * 1024)).CopyTo(big, e + 12);
        BitConverter.GetBytes((uint)(e - (15 * 1024 * 1024))).CopyTo(big, e + 16);
        var options = new FileTypeDetectorOptions { MaxContainerBytes = 1024 * 1024 };
        var counting = new CountingStream(new MemoryStream(big), seekable: true);

        var r = new FileTypeDetector(options).Detect(counting);

        r.Type.Id.Should().Be("zip");
        counting.BytesRead.Should().BeLessThanOrEqualTo(64 * 1024 + 4096 + (1024 * 1024) + 4096);
        r.Notes.Should().Contain(n => n.Contains("MaxContainerBytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_UnreadablePath_ThrowsIOException()
    {
        var act = () => Lenient.CheckFile(Path.Combine(TestFiles.Dir, "missing", "x.bin"));

        act.Should().Throw<IOException>();
    }

    private static void AssertStrictOnlyTypedErrors(byte[] data)
    {
        try
        {
            Strict.Detect(data);
        }
        catch (FileSignatureException ex)
        {
            ex.Offset.Should().BeGreaterThanOrEqualTo(0);
        }
    }
}
