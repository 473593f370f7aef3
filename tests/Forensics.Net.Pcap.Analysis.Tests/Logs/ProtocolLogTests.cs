using System.Buffers.Binary;
using Forensics.Net.Testing;

namespace Forensics.Net.Pcap.Analysis.Tests.Tls;

public class ProtocolLogTests
{
    [Fact]
    public void Read_SharedHttpCapture_LogsEveryRequest()
    {
        ProtocolLogResult log = ProtocolLog.ReadFile(TestCorpus.Require("pcap/http_downloads_reordered.pcap"), null);
        log.Http.Should().HaveCount(49);
        log.Http[0].ToString().Should().MatchRegex("""^127\.0\.0\.1 - - \[\d\d/Nov/2026:\d\d:\d\d:\d\d \+0000\] "GET /img/anim\.gif HTTP/1\.1" 200 75469 "-" "curl/7\.88\.1"$""");
        log.Tls.Should().BeEmpty();
        log.Dns.Should().BeEmpty();
    }

    [Fact]
    public void Read_TlsAndDnsOverTcp_AreFoundInReassembledStreams()
    {
        // A ClientHello (SNI secret.example) split over two segments sent out of order, and a DNS query over TCP.
        byte[] hello = BuildClientHello("secret.example");
        byte[] dnsQuery = Convert.FromHexString("abcd01000001000000000000" + "076578616d706c6503636f6d0000010001");
        byte[] dnsTcp = [(byte)(dnsQuery.Length >> 8), (byte)dnsQuery.Length, .. dnsQuery];
        using var capture = new MemoryStream();
        using (var w = new PcapWriter(capture, LinkType.Ethernet, leaveOpen: true))
        {
            long t = 1_700_000_000_000_000_000;
            w.WritePacket(t++, Frame(1, 2, 50000, 443, 100, TcpFlags.Syn, []));
            w.WritePacket(t++, Frame(2, 1, 443, 50000, 900, TcpFlags.Syn | TcpFlags.Ack, []));
            w.WritePacket(t++, Frame(1, 2, 50000, 443, 101 + 40, TcpFlags.Ack, hello[40..]));
            w.WritePacket(t++, Frame(1, 2, 50000, 443, 101, TcpFlags.Ack, hello[..40]));
            w.WritePacket(t++, Frame(1, 3, 50001, 53, 7, TcpFlags.Syn, []));
            w.WritePacket(t++, Frame(1, 3, 50001, 53, 8, TcpFlags.Ack | TcpFlags.Psh, dnsTcp[..5]));
            w.WritePacket(t++, Frame(1, 3, 50001, 53, 13, TcpFlags.Ack | TcpFlags.Psh, dnsTcp[5..]));
        }

        capture.Position = 0;
        ProtocolLogResult log = ProtocolLog.Read(capture, null);

        TlsLogEntry tls = log.Tls.Should().ContainSingle().Subject;
        tls.ClientHello.ServerName.Should().Be("secret.example");
        tls.Server.Port.Should().Be(443);
        tls.ToString().Should().Be("10.0.0.1:50000 -> 10.0.0.2:443 SNI secret.example");
        DnsLogEntry dns = log.Dns.Should().ContainSingle().Subject;
        dns.OverTcp.Should().BeTrue();
        dns.Message.Questions.Single().Name.Should().Be("example.com");
    }

    /// <summary>A minimal TLS 1.2 ClientHello record with one cipher suite and a server_name extension.</summary>
    internal static byte[] BuildClientHello(string host)
    {
        byte[] name = System.Text.Encoding.ASCII.GetBytes(host);
        byte[] sni = [0, 0, (byte)((name.Length + 5) >> 8), (byte)(name.Length + 5), (byte)((name.Length + 3) >> 8), (byte)(name.Length + 3), 0, (byte)(name.Length >> 8), (byte)name.Length, .. name];
        byte[] body = [3, 3, .. new byte[32], 0, 0, 2, 0x13, 0x01, 1, 0, (byte)(sni.Length >> 8), (byte)sni.Length, .. sni];
        byte[] handshake = [1, 0, (byte)(body.Length >> 8), (byte)body.Length, .. body];
        return [22, 3, 1, (byte)(handshake.Length >> 8), (byte)handshake.Length, .. handshake];
    }

    private static byte[] Frame(byte src, byte dst, ushort sport, ushort dport, uint seq, TcpFlags flags, byte[] payload)
    {
        byte[] f = new byte[14 + 20 + 20 + payload.Length];
        f[12] = 0x08;
        Span<byte> ip = f.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(40 + payload.Length));
        ip[8] = 64;
        ip[9] = 6;
        ip[12] = 10;
        ip[15] = src;
        ip[16] = 10;
        ip[19] = dst;
        Span<byte> tcp = f.AsSpan(34);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sport);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], dport);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], seq);
        tcp[12] = 0x50;
        tcp[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 65535);
        payload.CopyTo(f.AsSpan(54));
        return f;
    }
}
