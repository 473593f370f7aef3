using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// The interesting parts of a TLS ClientHello (RFC 8446 section 4.1.2, RFC 5246 section 7.4.1.2): the server name
/// (SNI, RFC 6066 section 3), ALPN protocols (RFC 7301), offered versions and cipher suites.
/// </summary>
/// <example>
/// <code>
/// if (TlsClientHello.TryParse(firstClientBytes, out TlsClientHello? hello))
///     Console.WriteLine(hello.ServerName);
/// </code>
/// </example>
public sealed class TlsClientHello
{
    /// <summary>The largest handshake message accepted (64 KiB).</summary>
    public const int MaxHandshakeLength = 64 * 1024;

    private TlsClientHello(ushort legacyVersion, string? serverName, IReadOnlyList<string> alpn, IReadOnlyList<ushort> versions, IReadOnlyList<ushort> suites)
    {
        LegacyVersion = legacyVersion;
        ServerName = serverName;
        ApplicationProtocols = alpn;
        SupportedVersions = versions;
        CipherSuites = suites;
    }

    /// <summary>Gets the legacy_version field (0x0303 for TLS 1.2 and 1.3).</summary>
    public ushort LegacyVersion { get; }

    /// <summary>Gets the host name of the server_name extension, or <see langword="null"/> when absent.</summary>
    public string? ServerName { get; }

    /// <summary>Gets the ALPN protocol names offered (e.g. <c>h2</c>, <c>http/1.1</c>).</summary>
    public IReadOnlyList<string> ApplicationProtocols { get; }

    /// <summary>Gets the versions of the supported_versions extension (0x0304 = TLS 1.3), empty when absent.</summary>
    public IReadOnlyList<ushort> SupportedVersions { get; }

    /// <summary>Gets the cipher suites offered.</summary>
    public IReadOnlyList<ushort> CipherSuites { get; }

    /// <summary>Gets whether <paramref name="data"/> could start a TLS handshake record (content type 22, version 3.x).</summary>
    /// <param name="data">The first bytes of a stream.</param>
    /// <returns><see langword="true"/> when it looks like a TLS handshake.</returns>
    public static bool LooksLikeHandshake(ReadOnlySpan<byte> data) =>
        data.Length >= 3 && data[0] == 22 && data[1] == 3 && data[2] <= 4;

    /// <summary>
    /// Parses a ClientHello from the first bytes a client sent, throwing when they are not one
    /// (RFC 8446 section 4.1.2; the ClientHello may span records).
    /// </summary>
    /// <param name="data">The bytes, starting at a TLS record header.</param>
    /// <returns>The ClientHello.</returns>
    /// <exception cref="PcapFormatException">The bytes are incomplete, not a ClientHello or malformed.</exception>
    public static TlsClientHello Parse(ReadOnlySpan<byte> data) =>
        TryParse(data, out TlsClientHello? hello) ? hello : throw new PcapFormatException("Not a complete, well-formed TLS ClientHello (RFC 8446 section 4.1.2).", 0);

    /// <summary>
    /// Parses a ClientHello from the first bytes a client sent: one or more TLS records of type handshake
    /// (the ClientHello may span records).
    /// </summary>
    /// <param name="data">The bytes, starting at a TLS record header.</param>
    /// <param name="hello">The parsed ClientHello.</param>
    /// <returns><see langword="false"/> when the bytes are incomplete, not a ClientHello or malformed (nothing is thrown).</returns>
    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out TlsClientHello? hello)
    {
        hello = null;
        byte[]? joined = null;
        ReadOnlySpan<byte> handshake;
        if (!LooksLikeHandshake(data) || data.Length < 5)
        {
            return false;
        }

        int first = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
        if (data.Length < 5 + first)
        {
            return false;
        }

        ReadOnlySpan<byte> fragment = data.Slice(5, first);
        if (fragment.Length < 4 || fragment[0] != 1)
        {
            return false;
        }

        int length = (fragment[1] << 16) | (fragment[2] << 8) | fragment[3];
        if (length > MaxHandshakeLength)
        {
            return false;
        }

        if (fragment.Length >= 4 + length)
        {
            handshake = fragment.Slice(4, length);
        }
        else
        {
            // The ClientHello continues in the next handshake records.
            joined = new byte[4 + length];
            int filled = 0;
            int pos = 0;
            while (filled < joined.Length)
            {
                if (pos + 5 > data.Length || data[pos] != 22)
                {
                    return false;
                }

                int n = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 3)..]);
                if (pos + 5 + n > data.Length)
                {
                    return false;
                }

                int take = Math.Min(n, joined.Length - filled);
                data.Slice(pos + 5, take).CopyTo(joined.AsSpan(filled));
                filled += take;
                pos += 5 + n;
            }

            handshake = joined.AsSpan(4);
        }

        return TryParseBody(handshake, out hello);
    }

    private static bool TryParseBody(ReadOnlySpan<byte> b, [NotNullWhen(true)] out TlsClientHello? hello)
    {
        hello = null;
        if (b.Length < 35)
        {
            return false;
        }

        ushort version = BinaryPrimitives.ReadUInt16BigEndian(b);
        int p = 34;
        int sid = b[p];
        p += 1 + sid;
        if (p + 2 > b.Length)
        {
            return false;
        }

        int suitesLength = BinaryPrimitives.ReadUInt16BigEndian(b[p..]);
        p += 2;
        if (p + suitesLength > b.Length || suitesLength % 2 != 0)
        {
            return false;
        }

        var suites = new ushort[suitesLength / 2];
        for (int i = 0; i < suites.Length; i++)
        {
            suites[i] = BinaryPrimitives.ReadUInt16BigEndian(b[(p + (2 * i))..]);
        }

        p += suitesLength;
        if (p >= b.Length)
        {
            return false;
        }

        p += 1 + b[p];
        string? serverName = null;
        var alpn = new List<string>();
        var versions = new List<ushort>();
        if (p + 2 <= b.Length)
        {
            int extEnd = p + 2 + BinaryPrimitives.ReadUInt16BigEndian(b[p..]);
            p += 2;
            if (extEnd > b.Length)
            {
                return false;
            }

            while (p + 4 <= extEnd)
            {
                ushort type = BinaryPrimitives.ReadUInt16BigEndian(b[p..]);
                int len = BinaryPrimitives.ReadUInt16BigEndian(b[(p + 2)..]);
                p += 4;
                if (p + len > extEnd)
                {
                    return false;
                }

                ReadOnlySpan<byte> ext = b.Slice(p, len);
                p += len;
                switch (type)
                {
                    case 0:
                        serverName = ReadServerName(ext);
                        break;
                    case 16:
                        ReadAlpn(ext, alpn);
                        break;
                    case 43 when ext.Length >= 1:
                        for (int i = 1; i + 1 < Math.Min(ext.Length, 1 + ext[0]); i += 2)
                        {
                            versions.Add(BinaryPrimitives.ReadUInt16BigEndian(ext[i..]));
                        }

                        break;
                }
            }
        }

        hello = new TlsClientHello(version, serverName, alpn, versions, suites);
        return true;
    }

    private static string? ReadServerName(ReadOnlySpan<byte> ext)
    {
        if (ext.Length < 2)
        {
            return null;
        }

        int end = Math.Min(ext.Length, 2 + BinaryPrimitives.ReadUInt16BigEndian(ext));
        int p = 2;
        while (p + 3 <= end)
        {
            byte type = ext[p];
            int len = BinaryPrimitives.ReadUInt16BigEndian(ext[(p + 1)..]);
            p += 3;
            if (p + len > end)
            {
                return null;
            }

            if (type == 0)
            {
                return Encoding.ASCII.GetString(ext.Slice(p, len));
            }

            p += len;
        }

        return null;
    }

    private static void ReadAlpn(ReadOnlySpan<byte> ext, List<string> into)
    {
        if (ext.Length < 2)
        {
            return;
        }

        int end = Math.Min(ext.Length, 2 + BinaryPrimitives.ReadUInt16BigEndian(ext));
        int p = 2;
        while (p < end)
        {
            int len = ext[p];
            if (p + 1 + len > end)
            {
                return;
            }

            into.Add(Encoding.ASCII.GetString(ext.Slice(p + 1, len)));
            p += 1 + len;
        }
    }
}
