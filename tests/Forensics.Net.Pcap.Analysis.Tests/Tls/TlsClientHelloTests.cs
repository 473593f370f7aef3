using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Forensics.Net.Pcap.Analysis.Tests.Tls;

public class TlsClientHelloTests
{
    /// <summary>Gets the first bytes a real TLS client (.NET SslStream over the platform TLS library) sends.</summary>
    private static async Task<byte[]> CaptureClientHelloAsync(string host)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<byte[]> server = Task.Run(async () =>
        {
            using TcpClient accepted = await listener.AcceptTcpClientAsync(cts.Token);
            NetworkStream ns = accepted.GetStream();
            var buffer = new byte[32 * 1024];
            int total = 0;
            while (total < 5 || total < 5 + ((buffer[3] << 8) | buffer[4]))
            {
                int n = await ns.ReadAsync(buffer.AsMemory(total), cts.Token);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return buffer[..total];
        }, cts.Token);

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        using var ssl = new SslStream(client.GetStream());
        Task handshake = ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        }, cts.Token);
        byte[] hello = await server;
        client.Close();
        try
        {
            await handshake;
        }
        catch (Exception ex) when (ex is IOException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            // the server never answers: expected
        }

        return hello;
    }

    [Fact]
    public async Task TryParse_RealClientHello_FindsSniAlpnAndVersions()
    {
        byte[] hello = await CaptureClientHelloAsync("files.example.org");
        TlsClientHello.LooksLikeHandshake(hello).Should().BeTrue();
        TlsClientHello.TryParse(hello, out TlsClientHello? parsed).Should().BeTrue();
        parsed!.ServerName.Should().Be("files.example.org");
        parsed.ApplicationProtocols.Should().Equal("h2", "http/1.1");
        parsed.CipherSuites.Should().NotBeEmpty();
        parsed.LegacyVersion.Should().Be(0x0303);
    }

    [Fact]
    public async Task TryParse_EveryTruncationAndFlippedByte_NeverThrows()
    {
        byte[] hello = await CaptureClientHelloAsync("a.example");
        for (int n = 0; n < hello.Length; n++)
        {
            TlsClientHello.TryParse(hello.AsSpan(0, n), out _).Should().BeFalse("cut at {0}", n);
        }

        var rng = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            byte[] copy = (byte[])hello.Clone();
            copy[rng.Next(copy.Length)] ^= (byte)(1 << rng.Next(8));
            _ = TlsClientHello.TryParse(copy, out _);
        }
    }

    [Fact]
    public async Task TryParse_ClientHelloSplitAcrossRecords_IsJoined()
    {
        byte[] hello = await CaptureClientHelloAsync("split.example");
        int length = (hello[3] << 8) | hello[4];
        byte[] body = hello[5..(5 + length)];
        int half = body.Length / 2;
        byte[] split = [.. hello[..3], (byte)(half >> 8), (byte)half, .. body[..half], .. hello[..3], (byte)((body.Length - half) >> 8), (byte)(body.Length - half), .. body[half..]];
        TlsClientHello.TryParse(split, out TlsClientHello? parsed).Should().BeTrue();
        parsed!.ServerName.Should().Be("split.example");
    }

    [Theory]
    [InlineData("http", "474554202f20485454502f312e310d0a")]
    [InlineData("server hello", "160303002a020000260303")]
    [InlineData("alert", "15030300020228")]
    public void TryParse_NotAClientHello_ReturnsFalse(string label, string hex) =>
        TlsClientHello.TryParse(Convert.FromHexString(hex), out _).Should().BeFalse(label);
}
