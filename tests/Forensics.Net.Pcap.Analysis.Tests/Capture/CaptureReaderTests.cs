using System.IO.Compression;
using Forensics.Net.Testing;

namespace Forensics.Net.Pcap.Analysis.Tests.Capture;

public class CaptureReaderTests
{
    // tshark -r http_first20.pcap -T fields -e frame.time_epoch -e frame.len  → first three records.
    [Fact]
    public void Pcap_HttpFirst20_ReadsEveryRecordWithTimestampLengthAndLinkType()
    {
        using var reader = CaptureReader.Open(TestFiles.Path(TestFiles.HttpFirst20Pcap));
        List<RecordSnapshot> records = RecordSnapshot.ReadAll(reader);

        reader.Format.Should().Be(CaptureFormat.Pcap);
        reader.Interfaces.Should().ContainSingle().Which.LinkType.Should().Be(LinkType.Ethernet);
        records.Should().HaveCount(20);
        records[0].TimestampNanoseconds.Should().Be(1795835924_274027000);
        records[1].TimestampNanoseconds.Should().Be(1795835924_274045000);
        records.Take(3).Select(r => r.Data.Length).Should().Equal(74, 74, 66);
        records.Should().OnlyContain(r => r.LinkType == LinkType.Ethernet && r.OriginalLength == r.Data.Length);
        reader.PacketCount.Should().Be(20);
        reader.Issues.Should().BeEmpty();
    }

    [Fact]
    public void Record_ExposesOffsetNumberTimestampAndTruncation()
    {
        using var reader = CaptureReader.Open(TestFiles.Path(TestFiles.HttpFirst20Pcap));

        reader.ReadNext().Should().BeTrue();
        CaptureRecord first = reader.Current;
        first.Offset.Should().Be(24);
        first.Number.Should().Be(1);
        first.IsTruncated.Should().BeFalse();
        first.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1795835924).AddTicks(2740270));
        first.Span.Length.Should().Be(first.CapturedLength);

        reader.TryReadNext(out CaptureRecord second).Should().BeTrue();
        second.Offset.Should().Be(24 + 16 + 74);
        second.Number.Should().Be(2);
    }

    [Fact]
    public void PcapNg_SameTrafficAsPcap_YieldsIdenticalRecords()
    {
        using var pcap = CaptureReader.Open(TestFiles.Path(TestFiles.HttpFirst20Pcap));
        using var pcapng = CaptureReader.Open(TestFiles.Path(TestFiles.HttpFirst20PcapNg));

        List<RecordSnapshot> expected = RecordSnapshot.ReadAll(pcap);
        List<RecordSnapshot> actual = RecordSnapshot.ReadAll(pcapng);

        pcapng.Format.Should().Be(CaptureFormat.PcapNg);
        actual.Should().Equal(expected);
    }

    [Fact]
    public void PcapNg_InterfacesWithDifferentLinkTypes_EachRecordCarriesItsInterface()
    {
        using var reader = CaptureReader.Open(TestFiles.Path(TestFiles.MixedEtherSll2PcapNg));
        List<RecordSnapshot> records = RecordSnapshot.ReadAll(reader);

        records.Should().HaveCount(40);
        reader.Interfaces.Select(i => i.LinkType).Should().Equal(LinkType.Ethernet, LinkType.LinuxSll2);
        records.Count(r => r.InterfaceId == 0 && r.LinkType == LinkType.Ethernet).Should().Be(20);
        records.Count(r => r.InterfaceId == 1 && r.LinkType == LinkType.LinuxSll2).Should().Be(20);
        records.Should().BeInAscendingOrder(r => r.TimestampNanoseconds);
    }

    [Fact]
    public void Pcap_BigEndianMicrosecond_IsRead()
    {
        // tshark: 1440444096.913318000, 182 bytes, 128.112.130.130 -> 140.180.226.200.
        using var reader = CaptureReader.Open(TestFiles.Path(TestFiles.BigEndianPcap));
        List<RecordSnapshot> records = RecordSnapshot.ReadAll(reader);

        records.Should().ContainSingle();
        records[0].TimestampNanoseconds.Should().Be(1440444096_913318000);
        records[0].Data.Length.Should().Be(182);
        var packet = new PacketView(records[0].Data, records[0].LinkType);
        packet.GetSourceAddress()!.ToString().Should().Be("128.112.130.130");
    }

    [Fact]
    public void Pcap_NanosecondMagic_KeepsNanoseconds()
    {
        using var reader = CaptureReader.Open(TestFiles.Path(TestFiles.NanosecondPcap));
        List<RecordSnapshot> records = RecordSnapshot.ReadAll(reader);

        reader.Interfaces[0].TimestampResolution.Should().Be(9);
        records.Select(r => r.Data.Length).Should().Equal(76, 76, 68);
        records[0].TimestampNanoseconds.Should().Be(1418145369_999999999);
        records.Should().OnlyContain(r => r.LinkType == LinkType.LinuxSll);
    }

    [Fact]
    public void ModifiedPcapMagic_Kuznetzov_Reads24ByteRecordHeaders()
    {
        // Magic A1B2CD34 (libpcap's "modified" format): each record header carries 8 more bytes (ifindex, protocol, type).
        byte[] file = Convert.FromHexString((
            "34CDB2A1 0200 0400 00000000 00000000 FFFF0000 01000000" +
            "0A000000 05000000 04000000 06000000 01000000 0008 00 00" + "DEADBEEF" +
            "0B000000 00000000 02000000 02000000 02000000 0008 00 00" + "CAFE")
            .Replace(" ", "", StringComparison.Ordinal));

        List<RecordSnapshot> records = RecordSnapshot.ReadAll(file);

        records.Select(r => r.Data.Length).Should().Equal(4, 2);
        records[0].TimestampNanoseconds.Should().Be(10_000_005_000);
        records[0].OriginalLength.Should().Be(6);
        records[1].Data.Should().Equal(0xCA, 0xFE);
    }

    public static TheoryData<string> Fixtures => new()
    {
        TestFiles.HttpFirst20Pcap,
        TestFiles.HttpFirst20PcapNg,
        TestFiles.MixedEtherSll2PcapNg,
        TestFiles.BigEndianPcap,
        TestFiles.NanosecondPcap,
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task SyncAsyncChunkedAndGzip_AllYieldTheSameRecords(string fixture)
    {
        byte[] bytes = TestFiles.Bytes(fixture);
        List<RecordSnapshot> expected = RecordSnapshot.ReadAll(bytes);

        await using (CaptureReader reader = await CaptureReader.CreateAsync(new NonSeekableStream(new MemoryStream(bytes))))
        {
            (await RecordSnapshot.ReadAllAsync(reader)).Should().Equal(expected);
        }

        using (var reader = CaptureReader.Create(new NonSeekableStream(new MemoryStream(bytes), chunk: 3), new CaptureReaderOptions { BufferSize = 4096 }))
        {
            RecordSnapshot.ReadAll(reader).Should().Equal(expected);
        }

        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        using (var reader = CaptureReader.Create(new NonSeekableStream(new MemoryStream(gz.ToArray()), chunk: 1000)))
        {
            reader.IsCompressed.Should().BeTrue();
            RecordSnapshot.ReadAll(reader).Should().Equal(expected);
        }

        await using (CaptureReader reader = await CaptureReader.CreateAsync(new MemoryStream(gz.ToArray())))
        {
            (await RecordSnapshot.ReadAllAsync(reader)).Should().Equal(expected);
        }
    }

    [Fact]
    public void Gzip_DetectionDisabled_IsNotACapture()
    {
        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(TestFiles.Bytes(TestFiles.HttpFirst20Pcap));
        }

        Action act = () => CaptureReader.Create(new MemoryStream(gz.ToArray()), new CaptureReaderOptions { DetectGzip = false });

        act.Should().Throw<PcapFormatException>().Which.Offset.Should().Be(0);
    }

    [Fact]
    public void PcapNg_IfTsresolAndIfTsoffset_AreApplied()
    {
        byte[] frame = new byte[60];
        byte[] file = PcapNgBlocks.Concat(
            PcapNgBlocks.SectionHeader(),
            PcapNgBlocks.InterfaceDescription(LinkType.Ethernet, tsresol: 9),
            PcapNgBlocks.InterfaceDescription(LinkType.Raw, tsresol: 0x80 | 10, tsoffset: 100),
            PcapNgBlocks.InterfaceDescription(LinkType.Ethernet, tsresol: 3),
            PcapNgBlocks.InterfaceDescription(LinkType.Ethernet),
            PcapNgBlocks.EnhancedPacket(0, 1_500_000_000_123_456_789, frame),
            PcapNgBlocks.EnhancedPacket(1, 3 * 1024 + 512, frame), // 3.5 s in 2^-10 units, + 100 s offset
            PcapNgBlocks.EnhancedPacket(2, 1_500_000_000_123, frame), // milliseconds
            PcapNgBlocks.EnhancedPacket(3, 1_500_000_000_123_456, frame)); // default microseconds

        List<RecordSnapshot> records = RecordSnapshot.ReadAll(file);

        records.Select(r => r.TimestampNanoseconds).Should().Equal(
            1_500_000_000_123_456_789,
            103_500_000_000,
            1_500_000_000_123_000_000,
            1_500_000_000_123_456_000);
        records[1].LinkType.Should().Be(LinkType.Raw);
    }

    [Fact]
    public void PcapNg_SimpleObsoleteAndSkippedBlocks_AreHandled()
    {
        byte[] frame = Enumerable.Range(0, 50).Select(i => (byte)i).ToArray();
        byte[] file = PcapNgBlocks.Concat(
            PcapNgBlocks.SectionHeader(),
            PcapNgBlocks.InterfaceDescription(LinkType.Ethernet, snapLength: 40),
            PcapNgBlocks.Block(4, [1, 0, 8, 0, 10, 0, 0, 1, (byte)'a', (byte)'.', (byte)'b', 0, 0, 0, 0, 0]), // NRB
            PcapNgBlocks.Block(5, Convert.FromHexString("00000000 00000000 00000000 0400 0800 E803000000000000 0500 0800 0700000000000000 00000000".Replace(" ", "", StringComparison.Ordinal))), // ISB: ifrecv 1000, ifdrop 7
            PcapNgBlocks.Block(0x00000BAD, new byte[13]), // custom block
            PcapNgBlocks.Block(0x0000000A, new byte[8]), // decryption secrets
            PcapNgBlocks.Block(0x12345678, new byte[4]), // unknown type
            PcapNgBlocks.SimplePacket(frame.AsSpan(0, 40), originalLength: 50),
            PcapNgBlocks.ObsoletePacket(0, 7_000_000, frame),
            PcapNgBlocks.EnhancedPacket(0, 8_000_000, frame));

        using var reader = CaptureReader.Create(new MemoryStream(file));
        List<RecordSnapshot> records = RecordSnapshot.ReadAll(reader);

        CaptureNameRecord name = reader.NameRecords.Should().ContainSingle().Subject;
        name.Address.ToString().Should().Be("10.0.0.1");
        name.Name.Should().Be("a.b");
        reader.Interfaces[0].ReceivedPackets.Should().Be(1000);
        reader.Interfaces[0].DroppedPackets.Should().Be(7);
        records.Should().HaveCount(3);
        records[0].Data.Should().Equal(frame[..40]);
        records[0].OriginalLength.Should().Be(50);
        records[1].TimestampNanoseconds.Should().Be(7_000_000_000);
        records[1].Data.Should().Equal(frame);
        records[2].TimestampNanoseconds.Should().Be(8_000_000_000);
    }

    [Fact]
    public void PcapNg_SeveralSections_RestartInterfaceNumbering()
    {
        byte[] frame = new byte[20];
        byte[] file = PcapNgBlocks.Concat(
            PcapNgBlocks.SectionHeader(),
            PcapNgBlocks.InterfaceDescription(LinkType.Ethernet),
            PcapNgBlocks.EnhancedPacket(0, 1, frame),
            PcapNgBlocks.SectionHeader(),
            PcapNgBlocks.InterfaceDescription(LinkType.LinuxSll2),
            PcapNgBlocks.EnhancedPacket(0, 2, frame));

        using var reader = CaptureReader.Create(new MemoryStream(file));
        List<RecordSnapshot> records = RecordSnapshot.ReadAll(reader);

        records.Select(r => r.LinkType).Should().Equal(LinkType.Ethernet, LinkType.LinuxSll2);
        reader.Interfaces.Select(i => i.SectionIndex).Should().Equal(0, 1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PcapNg_CustomBlockLargerThanBufferAndCap_IsSkipped(bool seekable)
    {
        byte[] frame = new byte[20];
        byte[] file = PcapNgBlocks.Concat(
            PcapNgBlocks.SectionHeader(),
            PcapNgBlocks.InterfaceDescription(LinkType.Ethernet),
            PcapNgBlocks.Block(0x40000BAD, new byte[100_000]),
            PcapNgBlocks.EnhancedPacket(0, 5, frame));
        Stream stream = seekable ? new MemoryStream(file) : new NonSeekableStream(new MemoryStream(file), 5000);

        using var reader = CaptureReader.Create(stream, new CaptureReaderOptions { BufferSize = 4096, MaxBlockLength = 8192 });

        RecordSnapshot.ReadAll(reader).Should().ContainSingle();
        reader.Position.Should().Be(file.Length);
    }

    // Labelled bad headers: every one is a PcapFormatException with an offset, never another exception.
    [Theory]
    [InlineData("empty", "")]
    [InlineData("three bytes", "D4C3B2")]
    [InlineData("unknown magic", "00112233 00000000 00000000 00000000 00000000 00000000")]
    [InlineData("pcap header truncated", "D4C3B2A1 0200 0400 00000000")]
    [InlineData("pcap version 1.0", "D4C3B2A1 0100 0000 00000000 00000000 FFFF0000 01000000")]
    [InlineData("pcapng SHB truncated", "0A0D0D0A 1C000000 4D3C2B1A")]
    [InlineData("pcapng bad byte-order magic", "0A0D0D0A 1C000000 11223344 0100 0000 FFFFFFFFFFFFFFFF 1C000000")]
    [InlineData("pcapng version 2", "0A0D0D0A 1C000000 4D3C2B1A 0200 0000 FFFFFFFFFFFFFFFF 1C000000")]
    [InlineData("pcapng SHB length 12", "0A0D0D0A 0C000000 4D3C2B1A 0100 0000 FFFFFFFFFFFFFFFF 0C000000")]
    [InlineData("pcapng SHB trailing length differs", "0A0D0D0A 1C000000 4D3C2B1A 0100 0000 FFFFFFFFFFFFFFFF 20000000")]
    public void BadHeader_ThrowsPcapFormatExceptionWithOffset(string label, string hex)
    {
        byte[] bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        foreach (CaptureStrictness strictness in new[] { CaptureStrictness.Strict, CaptureStrictness.Lenient })
        {
            Action act = () => CaptureReader.Create(new MemoryStream(bytes), new CaptureReaderOptions { Strictness = strictness });
            act.Should().Throw<PcapFormatException>(label).Which.Offset.Should().BeGreaterThanOrEqualTo(0, label);
        }
    }

    // Two of libpcap's own regression files: rejected in strict mode (as libpcap does), read with an issue in lenient mode.
    [Fact]
    public void LibpcapShbOptionTooLong_IsRejectedInBothModes()
    {
        string path = TestCorpus.Require("pcap/public/libpcap/tests/shb-option-too-long.pcapng");

        foreach (CaptureStrictness mode in new[] { CaptureStrictness.Strict, CaptureStrictness.Lenient })
        {
            ((Action)(() => CaptureReader.Open(path, new CaptureReaderOptions { Strictness = mode }))).Should().Throw<PcapFormatException>().Which.Offset.Should().Be(0);
        }
    }

    [Fact]
    public void ShbOptionOverrunningItsBlock_StrictThrows_LenientReads()
    {
        byte[] shb = PcapNgBlocks.Block(0x0A0D0D0A, Convert.FromHexString("4D3C2B1A01000000FFFFFFFFFFFFFFFF" + "04006400" + "41424344"));
        byte[] file = PcapNgBlocks.Concat(shb, PcapNgBlocks.InterfaceDescription(LinkType.Raw), PcapNgBlocks.EnhancedPacket(0, 1, new byte[20]));

        ((Action)(() => RecordSnapshot.ReadAll(file))).Should().Throw<PcapFormatException>().Which.Offset.Should().Be(0);
        RecordSnapshot.ReadAll(file, new CaptureReaderOptions { Strictness = CaptureStrictness.Lenient }).Should().ContainSingle();
    }

    [Theory]
    [InlineData("pcap/public/libpcap/tests/linktype-reserved-field-not-zero.pcap", 20)]
    public void LibpcapRejects_StrictThrows_LenientReportsAndReads(string file, long offset)
    {
        string path = TestCorpus.Require(file);

        ((Action)(() => RecordSnapshot.ReadAll(File.ReadAllBytes(path)))).Should().Throw<PcapFormatException>().Which.Offset.Should().Be(offset);

        using var lenient = CaptureReader.Open(path, new CaptureReaderOptions { Strictness = CaptureStrictness.Lenient });
        RecordSnapshot.ReadAll(lenient);
        lenient.Issues.Should().NotBeEmpty();
        lenient.Issues[0].Offset.Should().Be(offset);
    }

    // Labelled bad records after a valid little-endian microsecond Ethernet header.
    [Theory]
    [InlineData("record header cut", "00000000 00000000 0400", 24)]
    [InlineData("record data cut", "00000000 00000000 04000000 04000000 AABB", 24)]
    [InlineData("captured length above cap", "00000000 00000000 00000010 00000010", 24)]
    [InlineData("second record cut", "00000000 00000000 01000000 01000000 AA 00000000", 41)]
    public void BadRecord_StrictThrowsAtRecordOffset_LenientReportsAndEnds(string label, string hex, long offset)
    {
        byte[] header = Convert.FromHexString("D4C3B2A1020004000000000000000000FFFF000001000000");
        byte[] bytes = [.. header, .. Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal))];

        using (var strict = CaptureReader.Create(new MemoryStream(bytes)))
        {
            Action act = () => RecordSnapshot.ReadAll(strict);
            act.Should().Throw<PcapFormatException>(label).Which.Offset.Should().Be(offset, label);
        }

        using var lenient = CaptureReader.Create(new MemoryStream(bytes), new CaptureReaderOptions { Strictness = CaptureStrictness.Lenient });
        RecordSnapshot.ReadAll(lenient);
        lenient.Issues.Should().ContainSingle(label).Which.Offset.Should().Be(offset);
        lenient.ReadNext().Should().BeFalse("the reader stays at the end");
    }

    [Fact]
    public void MaxPacketLength_IsEnforcedBeforeAllocating()
    {
        using var reader = CaptureReader.Open(TestFiles.Path(TestFiles.HttpFirst20Pcap), new CaptureReaderOptions { MaxPacketLength = 70 });

        Action act = () => RecordSnapshot.ReadAll(reader);

        act.Should().Throw<PcapFormatException>().Which.Offset.Should().Be(24);
    }

    [Fact]
    public void PcapNg_PacketForUndeclaredInterface_StrictThrows_LenientSkipsBlock()
    {
        byte[] frame = new byte[20];
        byte[] file = PcapNgBlocks.Concat(
            PcapNgBlocks.SectionHeader(),
            PcapNgBlocks.InterfaceDescription(LinkType.Ethernet),
            PcapNgBlocks.EnhancedPacket(3, 1, frame),
            PcapNgBlocks.EnhancedPacket(0, 2, frame));
        long badOffset = PcapNgBlocks.SectionHeader().Length + PcapNgBlocks.InterfaceDescription(LinkType.Ethernet).Length;

        Action strict = () => RecordSnapshot.ReadAll(file);
        strict.Should().Throw<PcapFormatException>().Which.Offset.Should().Be(badOffset);

        using var lenient = CaptureReader.Create(new MemoryStream(file), new CaptureReaderOptions { Strictness = CaptureStrictness.Lenient });
        RecordSnapshot.ReadAll(lenient).Should().ContainSingle().Which.TimestampNanoseconds.Should().Be(2000);
        lenient.Issues.Should().ContainSingle().Which.Offset.Should().Be(badOffset);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void TruncatedAtEveryLength_OnlyPcapFormatExceptionOrCleanEnd(string fixture)
    {
        byte[] bytes = TestFiles.Bytes(fixture);
        int full = RecordSnapshot.ReadAll(bytes).Count;
        var small = new CaptureReaderOptions { BufferSize = 4096 };
        var lenient = new CaptureReaderOptions { BufferSize = 4096, Strictness = CaptureStrictness.Lenient };
        int step = Math.Max(1, bytes.Length / 1500);
        for (int length = 0; length < bytes.Length; length += step)
        {
            byte[] cut = bytes[..length];
            try
            {
                RecordSnapshot.ReadAll(cut, small).Count.Should().BeLessThanOrEqualTo(full);
            }
            catch (PcapFormatException ex)
            {
                ex.Offset.Should().BeInRange(0, length);
            }

            try
            {
                using var reader = CaptureReader.Create(new MemoryStream(cut), lenient);
                RecordSnapshot.ReadAll(reader).Count.Should().BeLessThan(full);
            }
            catch (PcapFormatException ex)
            {
                // Lenient mode still rejects a file whose header is cut or invalid.
                ex.Offset.Should().BeLessThan(64);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FlippedBytes_OnlyPcapFormatExceptionOrCleanEnd(string fixture)
    {
        byte[] bytes = TestFiles.Bytes(fixture);
        var random = new Random(6);
        var small = new CaptureReaderOptions { BufferSize = 4096 };
        var lenient = new CaptureReaderOptions { BufferSize = 4096, Strictness = CaptureStrictness.Lenient };
        for (int trial = 0; trial < 400; trial++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                // Bias toward headers, where the damage matters.
                int at = random.Next(2) == 0 ? random.Next(Math.Min(200, damaged.Length)) : random.Next(damaged.Length);
                damaged[at] ^= (byte)(1 << random.Next(8));
            }

            foreach (CaptureReaderOptions options in new[] { small, lenient })
            {
                try
                {
                    using var reader = CaptureReader.Create(new MemoryStream(damaged), options);
                    foreach (CaptureRecord record in reader.ReadAll())
                    {
                        _ = new PacketView(record);
                    }
                }
                catch (PcapFormatException ex)
                {
                    ex.Offset.Should().BeInRange(0, damaged.Length);
                }
            }
        }
    }

    [Fact]
    public async Task ReadNextAsync_Cancelled_Throws()
    {
        await using CaptureReader reader = await CaptureReader.OpenAsync(TestFiles.Path(TestFiles.HttpFirst20Pcap));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        Func<Task> act = async () => await reader.ReadNextAsync(cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void Disposed_ReadThrowsObjectDisposed_AndLeaveOpenIsHonoured()
    {
        var stream = new MemoryStream(TestFiles.Bytes(TestFiles.HttpFirst20Pcap));
        var reader = CaptureReader.Create(stream, leaveOpen: true);
        reader.Dispose();

        Action act = () => reader.ReadNext();

        act.Should().Throw<ObjectDisposedException>();
        stream.CanRead.Should().BeTrue();
    }

    [Fact]
    public void Create_WithInvalidArguments_ThrowsArgumentExceptions()
    {
        ((Action)(() => CaptureReader.Create(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => CaptureReader.Open(""))).Should().Throw<ArgumentException>();
        ((Action)(() => CaptureReader.Create(new MemoryStream(), new CaptureReaderOptions { BufferSize = 10 }))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
