using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Forensics.Net.EncodingDetection;
using Forensics.Net.FileSignatures;
using Forensics.Net.Hashing.Files;
using Forensics.Net.Pcap.Analysis;
using Forensics.Net.Sockets.Messaging;

namespace Forensics.Net.Fuzz;

/// <summary>
/// One fuzz target per parser that reads untrusted bytes. A target may end only normally or with the
/// parser's documented, typed exception; anything else escapes and is a crash for AFL++.
/// </summary>
internal static class FuzzTargets
{
    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.Ordinal)
    {
        ["pcap"] = Capture,
        ["packet"] = Packet,
        ["carve"] = Carve,
        ["http-head"] = HttpHead,
        ["dns"] = data => DnsMessage.TryParse(data, out _),
        ["tls-hello"] = data => TlsClientHello.TryParse(data, out _),
        ["signatures"] = Signatures,
        ["encoding"] = Encoding,
        ["hash-list"] = HashList,
        ["framer"] = Framer,
    };

    public static IEnumerable<string> Names => Targets.Keys.Order(StringComparer.Ordinal);

    public static bool TryGet(string name, [NotNullWhen(true)] out Action<byte[]>? target) => Targets.TryGetValue(name, out target);

    private static readonly LinkType[] LinkTypes =
        [LinkType.Ethernet, LinkType.Raw, LinkType.LinuxSll, LinkType.LinuxSll2, LinkType.Null, LinkType.IPv4, LinkType.IPv6, LinkType.Loop];

    /// <summary>pcap/pcapng reader in both strictness modes, every record decoded.</summary>
    private static void Capture(byte[] data)
    {
        foreach (CaptureStrictness strictness in new[] { CaptureStrictness.Strict, CaptureStrictness.Lenient })
        {
            try
            {
                using var reader = CaptureReader.Create(new MemoryStream(data), new CaptureReaderOptions { Strictness = strictness, MaxPacketLength = 1 << 20, MaxBlockLength = 1 << 21 });
                var defragmenter = new IPv4Defragmenter();
                int n = 0;
                while (reader.ReadNext() && n++ < 10_000)
                {
                    CaptureRecord record = reader.Current;
                    var packet = new PacketView(record.Span, record.LinkType);
                    Touch(packet);
                    defragmenter.Process(packet, record.TimestampNanoseconds, out _);
                }
            }
            catch (PcapFormatException)
            {
            }
        }
    }

    /// <summary>One frame: the first byte picks the link type; the decoder never throws.</summary>
    private static void Packet(byte[] data)
    {
        if (data.Length == 0)
        {
            return;
        }

        var packet = new PacketView(data.AsSpan(1), LinkTypes[data[0] % LinkTypes.Length]);
        Touch(packet);
        new IPv4Defragmenter().Process(packet, 0, out _);
    }

    private static void Touch(in PacketView p)
    {
        _ = p.HasAddresses ? p.GetSourceAddress() : null;
        _ = p.HasAddresses ? p.GetDestinationAddress() : null;
        _ = p.HasPorts ? p.SourcePort + p.DestinationPort : 0;
        _ = p.IsTcp ? p.SequenceNumber + p.AcknowledgmentNumber + (uint)p.TcpFlags + p.Window + p.UrgentPointer : 0;
        if (p.IsTcp)
        {
            var options = new TcpOptionReader(p.TcpOptions);
            while (options.TryReadNext(out _, out _))
            {
            }
        }

        _ = p.IsUdp ? p.UdpLength : 0;
        _ = p.IsIcmp ? p.IcmpType + p.IcmpCode : 0;
        _ = p.Payload.Length;
        _ = p.Error;
    }

    /// <summary>A whole capture through TCP reassembly, HTTP parsing and body decoding (in memory), and the DNS/TLS/HTTP log.</summary>
    private static void Carve(byte[] data)
    {
        try
        {
            HttpCarver.Carve(new MemoryStream(data), new HttpCarverOptions { KeepBodies = true, MaxKeptBodyBytes = 1 << 20 });
        }
        catch (PcapFormatException)
        {
        }

        try
        {
            ProtocolLog.Read(new MemoryStream(data), null);
        }
        catch (PcapFormatException)
        {
        }
    }

    private struct NullHandler : IHttpHeadHandler
    {
        public int Count;

        public void OnRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, ReadOnlySpan<byte> version) => Count++;

        public void OnStatusLine(ReadOnlySpan<byte> version, int statusCode, ReadOnlySpan<byte> reasonPhrase) => Count++;

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => Count++;
    }

    /// <summary>Request and response heads, whole and split in two segments at every 97th offset.</summary>
    private static void HttpHead(byte[] data)
    {
        var handler = new NullHandler();
        for (int cut = 0; cut <= data.Length; cut += 97)
        {
            ReadOnlySequence<byte> whole = Segments(data, cut);
            ReadOnlySequence<byte> request = whole, response = whole;
            try
            {
                HttpHeadParser.TryParseRequestHead(ref request, ref handler, maxHeadBytes: 8192);
            }
            catch (PcapFormatException)
            {
            }

            try
            {
                HttpHeadParser.TryParseResponseHead(ref response, ref handler, maxHeadBytes: 8192);
            }
            catch (PcapFormatException)
            {
            }
        }
    }

    private static void Signatures(byte[] data)
    {
        FileTypeDetector.Default.Detect(data);
        FileTypeDetector.Default.TryDetect(data, out _);
        try
        {
            FileTypeDetector.Default.Check(new MemoryStream(data), "evidence.docx");
        }
        catch (FileSignatureException)
        {
        }
    }

    private static void Encoding(byte[] data)
    {
        EncodingDetector.Detect(data);
        EncodingDetector.DetectAndDecode(data, out _);
        EncodingDetector.Detect(new MemoryStream(data));
    }

    private static void HashList(byte[] data)
    {
        foreach (HashFileStrictness strictness in new[] { HashFileStrictness.Strict, HashFileStrictness.Lenient })
        {
            try
            {
                HashFileReader.Read(new MemoryStream(data), new HashFileReaderOptions { Strictness = strictness, MaxLineLength = 4096 });
            }
            catch (HashFileFormatException)
            {
            }
        }
    }

    /// <summary>Every framer over the bytes as one segment and as two.</summary>
    private static void Framer(byte[] data)
    {
        foreach (string name in new[] { "length", "varint", "line", "raw" })
        {
            MessageFramer framer = MessageFramer.Parse(name, maxMessageSize: 4096);
            foreach (int cut in new[] { 0, data.Length / 2 })
            {
                ReadOnlySequence<byte> buffer = Segments(data, cut);
                try
                {
                    int n = 0;
                    while (framer.TryParse(ref buffer, out _) && n++ < 100_000)
                    {
                    }
                }
                catch (MessageFramingException)
                {
                }
            }
        }
    }

    private static ReadOnlySequence<byte> Segments(byte[] data, int cut)
    {
        if (cut <= 0 || cut >= data.Length)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var first = new Segment(data.AsMemory(0, cut), 0);
        Segment last = first.Append(data.AsMemory(cut));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
