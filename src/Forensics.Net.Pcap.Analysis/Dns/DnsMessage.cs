using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A parsed DNS message (RFC 1035 section 4.1): header, questions and resource records, with name compression
/// followed safely (pointers must point backwards; bounded jumps and name length).
/// </summary>
/// <example>
/// <code>
/// if (DnsMessage.TryParse(udpPayload, out DnsMessage? dns) &amp;&amp; dns.IsResponse)
///     foreach (DnsResourceRecord a in dns.Answers) Console.WriteLine($"{a.Name} {a.TypeName} {a.Value}");
/// </code>
/// </example>
public sealed class DnsMessage
{
    private const int MaxRecordsPerSection = 256;
    private const int MaxNameLength = 255;
    private const int MaxJumps = 32;

    private DnsMessage(ushort id, ushort flags, DnsQuestion[] questions, DnsResourceRecord[] answers, DnsResourceRecord[] authorities, DnsResourceRecord[] additionals, bool complete)
    {
        IsComplete = complete;
        Id = id;
        Flags = flags;
        Questions = questions;
        Answers = answers;
        Authorities = authorities;
        Additionals = additionals;
    }

    /// <summary>Gets the transaction ID.</summary>
    public ushort Id { get; }

    /// <summary>Gets the raw flags word (QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE).</summary>
    public ushort Flags { get; }

    /// <summary>Gets a value indicating whether this is a response (QR bit).</summary>
    public bool IsResponse => (Flags & 0x8000) != 0;

    /// <summary>Gets the opcode (0 = standard query).</summary>
    public int Opcode => (Flags >> 11) & 0xF;

    /// <summary>Gets a value indicating whether the message was truncated (TC bit).</summary>
    public bool IsTruncated => (Flags & 0x0200) != 0;

    /// <summary>Gets the response code (0 = NOERROR, 3 = NXDOMAIN).</summary>
    public int ResponseCode => Flags & 0xF;

    /// <summary>
    /// Gets a value indicating whether every record announced in the header was parsed. Captures often cut DNS
    /// responses short (snap length); the records before the damage are kept and this is <see langword="false"/>.
    /// </summary>
    public bool IsComplete { get; }

    /// <summary>Gets the questions.</summary>
    public IReadOnlyList<DnsQuestion> Questions { get; }

    /// <summary>Gets the answer records.</summary>
    public IReadOnlyList<DnsResourceRecord> Answers { get; }

    /// <summary>Gets the authority records.</summary>
    public IReadOnlyList<DnsResourceRecord> Authorities { get; }

    /// <summary>Gets the additional records.</summary>
    public IReadOnlyList<DnsResourceRecord> Additionals { get; }

    /// <summary>Parses a DNS message (a UDP payload, or a TCP message without its 2-byte length prefix), throwing on bad input.</summary>
    /// <param name="data">The message bytes.</param>
    /// <returns>The message.</returns>
    /// <exception cref="PcapFormatException">The bytes are truncated or not a well-formed DNS message (RFC 1035 section 4.1).</exception>
    public static DnsMessage Parse(ReadOnlySpan<byte> data) =>
        TryParse(data, out DnsMessage? message) ? message : throw new PcapFormatException("Not a well-formed DNS message (RFC 1035 section 4.1).", 0);

    /// <summary>Parses a DNS message (a UDP payload, or a TCP message without its 2-byte length prefix).</summary>
    /// <param name="data">The message bytes.</param>
    /// <param name="message">The message, when the bytes are a well-formed DNS message.</param>
    /// <returns><see langword="true"/> when parsed; <see langword="false"/> for truncated or malformed data (nothing is thrown).</returns>
    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out DnsMessage? message)
    {
        message = null;
        if (data.Length < 12)
        {
            return false;
        }

        ushort id = BinaryPrimitives.ReadUInt16BigEndian(data);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        int qd = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        int an = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
        int ns = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        int ar = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);
        if (qd > MaxRecordsPerSection || an > MaxRecordsPerSection || ns > MaxRecordsPerSection || ar > MaxRecordsPerSection)
        {
            return false;
        }

        int pos = 12;
        var questions = new DnsQuestion[qd];
        for (int i = 0; i < qd; i++)
        {
            if (!TryReadName(data, ref pos, out string? name) || pos + 4 > data.Length)
            {
                return false;
            }

            questions[i] = new DnsQuestion(name, BinaryPrimitives.ReadUInt16BigEndian(data[pos..]), BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]));
            pos += 4;
        }

        bool complete = TryReadRecords(data, ref pos, an, out DnsResourceRecord[] answers)
            & TryReadRecords(data, ref pos, ns, out DnsResourceRecord[] authorities)
            & TryReadRecords(data, ref pos, ar, out DnsResourceRecord[] additionals);
        message = new DnsMessage(id, flags, questions, answers, authorities, additionals, complete);
        return true;
    }

    /// <summary>Returns the mnemonic of a record type (A, AAAA, CNAME...), or <c>TYPEnnn</c> (RFC 3597).</summary>
    /// <param name="type">The type number.</param>
    /// <returns>The name.</returns>
    public static string TypeName(ushort type) => type switch
    {
        1 => "A",
        2 => "NS",
        5 => "CNAME",
        6 => "SOA",
        12 => "PTR",
        15 => "MX",
        16 => "TXT",
        28 => "AAAA",
        33 => "SRV",
        41 => "OPT",
        43 => "DS",
        46 => "RRSIG",
        48 => "DNSKEY",
        64 => "SVCB",
        65 => "HTTPS",
        255 => "ANY",
        256 => "URI",
        257 => "CAA",
        _ => "TYPE" + type.ToString(CultureInfo.InvariantCulture),
    };

    internal static bool TryReadName(ReadOnlySpan<byte> data, ref int pos, [NotNullWhen(true)] out string? name)
    {
        name = null;
        var sb = new StringBuilder();
        int cursor = pos;
        int end = -1;
        int jumps = 0;
        int lowestJump = cursor;
        while (true)
        {
            if (cursor >= data.Length)
            {
                return false;
            }

            byte len = data[cursor];
            if (len == 0)
            {
                cursor++;
                break;
            }

            if ((len & 0xC0) == 0xC0)
            {
                if (cursor + 1 >= data.Length || ++jumps > MaxJumps)
                {
                    return false;
                }

                int target = ((len & 0x3F) << 8) | data[cursor + 1];
                if (end < 0)
                {
                    end = cursor + 2;
                }

                // Pointers must go strictly backwards, before every place already visited: no loops.
                if (target >= lowestJump)
                {
                    return false;
                }

                lowestJump = target;
                cursor = target;
                continue;
            }

            if ((len & 0xC0) != 0 || cursor + 1 + len > data.Length)
            {
                return false;
            }

            if (sb.Length > 0)
            {
                sb.Append('.');
            }

            foreach (byte b in data.Slice(cursor + 1, len))
            {
                if (b is (byte)'.' or (byte)'\\' || b <= 0x20 || b >= 0x7F)
                {
                    sb.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append((char)b);
                }
            }

            if (sb.Length > MaxNameLength * 4)
            {
                return false;
            }

            cursor += 1 + len;
        }

        pos = end >= 0 ? end : cursor;
        name = sb.Length == 0 ? "." : sb.ToString();
        return true;
    }

    /// <summary>Reads up to <paramref name="count"/> records; on damage keeps those before it, stops and returns false (later sections then read nothing).</summary>
    private static bool TryReadRecords(ReadOnlySpan<byte> data, ref int pos, int count, out DnsResourceRecord[] records)
    {
        if (pos < 0)
        {
            records = [];
            return count == 0;
        }

        var list = new List<DnsResourceRecord>(count);
        records = [];
        for (int i = 0; i < count; i++)
        {
            if (!TryReadName(data, ref pos, out string? name) || pos + 10 > data.Length)
            {
                records = [.. list];
                pos = -1;
                return false;
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
            ushort cls = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
            uint ttl = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 4)..]);
            int rdLength = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 8)..]);
            int rdStart = pos + 10;
            if (rdStart + rdLength > data.Length)
            {
                records = [.. list];
                pos = -1;
                return false;
            }

            string? value = DecodeValue(data, rdStart, rdLength, type, out IPAddress? address);
            list.Add(new DnsResourceRecord(name, type, cls, ttl, data.Slice(rdStart, rdLength).ToArray(), value, address));
            pos = rdStart + rdLength;
        }

        records = [.. list];
        return true;
    }

    private static string? DecodeValue(ReadOnlySpan<byte> data, int start, int length, ushort type, out IPAddress? address)
    {
        address = null;
        ReadOnlySpan<byte> rd = data.Slice(start, length);
        int p = start;
        switch (type)
        {
            case 1 when length == 4:
            case 28 when length == 16:
                address = new IPAddress(rd);
                return address.ToString();
            case 2 or 5 or 12:
                return TryReadName(data, ref p, out string? target) ? target : null;
            case 15 when length > 2:
                p += 2;
                return TryReadName(data, ref p, out string? exchange)
                    ? BinaryPrimitives.ReadUInt16BigEndian(rd).ToString(CultureInfo.InvariantCulture) + " " + exchange
                    : null;
            case 16:
                var sb = new StringBuilder();
                int i = 0;
                while (i < rd.Length)
                {
                    int n = rd[i];
                    if (i + 1 + n > rd.Length)
                    {
                        break;
                    }

                    if (sb.Length > 0)
                    {
                        sb.Append(' ');
                    }

                    sb.Append('"').Append(Encoding.UTF8.GetString(rd.Slice(i + 1, n))).Append('"');
                    i += 1 + n;
                }

                return sb.ToString();
            default:
                return null;
        }
    }
}
