using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Forensics.Net.Sockets.Messaging.Tests;

public sealed class TlsTests : IDisposable
{
    private readonly X509Certificate2 _serverCertificate = CreateSelfSigned("CN=localhost", serverAuth: true);

    public void Dispose() => _serverCertificate.Dispose();

    /// <summary>A self-signed certificate made in-process with CertificateRequest (SAN localhost and 127.0.0.1).</summary>
    private static X509Certificate2 CreateSelfSigned(string subject, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using X509Certificate2 ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
    }

    private SslClientAuthenticationOptions TrustingOurCa(X509Certificate2? clientCertificate = null)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(_serverCertificate);
        return new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = policy,
            ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
        };
    }

    [Fact]
    public async Task Tls_TrustedServerCertificate_EchoWorks()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { Tls = new SslServerAuthenticationOptions { ServerCertificate = _serverCertificate } });
        await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, new MessageClientOptions { Tls = TrustingOurCa() }, cts.Token);

        await client.SendAsync("secret"u8.ToArray(), cts.Token);

        (await client.ReceiveAsync(cts.Token)).GetString().Should().Be("secret");
        client.Connection.IsSecure.Should().BeTrue();
    }

    [Fact]
    public async Task Tls_ServerCertificateFromPemFiles_Works()
    {
        using var cts = TestSupport.Timeout();
        string dir = Directory.CreateTempSubdirectory("messaging-pem").FullName;
        try
        {
            string certPath = Path.Combine(dir, "server.crt");
            string keyPath = Path.Combine(dir, "server.key");
            await File.WriteAllTextAsync(certPath, _serverCertificate.ExportCertificatePem(), cts.Token);
            await File.WriteAllTextAsync(keyPath, _serverCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem(), cts.Token);
            using X509Certificate2 fromPem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { Tls = new SslServerAuthenticationOptions { ServerCertificate = fromPem } });
            await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, new MessageClientOptions { Tls = TrustingOurCa() }, cts.Token);

            await client.SendAsync("pem"u8.ToArray(), cts.Token);

            (await client.ReceiveAsync(cts.Token)).GetString().Should().Be("pem");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Tls_UntrustedCertificate_IsRejectedByDefault_ServerStaysUp()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { Tls = new SslServerAuthenticationOptions { ServerCertificate = _serverCertificate } });
        var defaults = new MessageClientOptions { Tls = new SslClientAuthenticationOptions { TargetHost = "localhost" } };

        await FluentActions.Awaiting(() => MessageClient.ConnectAsync(server.LocalEndPoint!, defaults, cts.Token)).Should().ThrowAsync<AuthenticationException>();

        await using MessageClient trusted = await MessageClient.ConnectAsync(server.LocalEndPoint!, new MessageClientOptions { Tls = TrustingOurCa() }, cts.Token);
        await trusted.SendAsync("ok"u8.ToArray(), cts.Token);
        (await trusted.ReceiveAsync(cts.Token)).GetString().Should().Be("ok");
    }

    [Fact]
    public async Task Tls_WrongHostName_IsRejected()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { Tls = new SslServerAuthenticationOptions { ServerCertificate = _serverCertificate } });
        SslClientAuthenticationOptions tls = TrustingOurCa();
        tls.TargetHost = "evil.example";

        await FluentActions.Awaiting(() => MessageClient.ConnectAsync(server.LocalEndPoint!, new MessageClientOptions { Tls = tls }, cts.Token)).Should().ThrowAsync<AuthenticationException>();
    }

    [Fact]
    public async Task Tls_ClientCertificate_IsPresentedAndChecked()
    {
        using var cts = TestSupport.Timeout();
        using X509Certificate2 clientCertificate = CreateSelfSigned("CN=lab-client", serverAuth: false);
        string? seen = null;
        var serverTls = new SslServerAuthenticationOptions
        {
            ServerCertificate = _serverCertificate,
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                seen = certificate?.Subject;
                return certificate is not null && certificate.GetCertHashString() == clientCertificate.GetCertHashString();
            },
        };
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { Tls = serverTls });
        await using MessageClient client = await MessageClient.ConnectAsync(server.LocalEndPoint!, new MessageClientOptions { Tls = TrustingOurCa(clientCertificate) }, cts.Token);

        await client.SendAsync("mutual"u8.ToArray(), cts.Token);

        (await client.ReceiveAsync(cts.Token)).GetString().Should().Be("mutual");
        seen.Should().Be("CN=lab-client");
    }

    [Fact]
    public async Task Tls_SilentPeer_IsClosedAfterHandshakeTimeout()
    {
        using var cts = TestSupport.Timeout();
        var options = new MessageServerOptions
        {
            Tls = new SslServerAuthenticationOptions { ServerCertificate = _serverCertificate },
            HandshakeTimeout = TimeSpan.FromMilliseconds(300),
        };
        await using MessageServer server = TestSupport.StartEchoServer(options);
        using Socket silent = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);

        (await TestSupport.ReadToEndAsync(silent, cts.Token)).Should().BeEmpty();
        await TestSupport.WaitUntilAsync(() => server.ConnectionCount == 0, cts.Token);
    }

    [Fact]
    public async Task Tls_GarbageInsteadOfClientHello_ClosesConnection()
    {
        using var cts = TestSupport.Timeout();
        await using MessageServer server = TestSupport.StartEchoServer(new MessageServerOptions { Tls = new SslServerAuthenticationOptions { ServerCertificate = _serverCertificate } });
        using Socket raw = await TestSupport.ConnectRawAsync(server.LocalEndPoint!, cts.Token);

        await raw.SendAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray(), SocketFlags.None, cts.Token);

        await TestSupport.ReadToEndAsync(raw, cts.Token);
        await TestSupport.WaitUntilAsync(() => server.ConnectionCount == 0, cts.Token);
    }
}
