using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Forensics.Net.Pcap.Analysis.Internal;

/// <summary>Parses literal values against a field type (wireshark-filter(4) "Protocol field types").</summary>
internal static class Literals
{
    public static bool TryParse(Syn syn, FType type, out FValue value, out byte[]? bytes, out string? error)
    {
        value = default;
        bytes = null;
        error = null;
        switch (syn)
        {
            case SynChar c:
                if (Compare.IsNumeric(type) || type is FType.Double or FType.RelTime)
                {
                    value = FValue.Num(type == FType.Bool ? FType.Bool : FType.UInt, c.Value);
                    return true;
                }

                if (type is FType.Bytes or FType.Protocol)
                {
                    bytes = [(byte)c.Value];
                    value = FValue.Bytes(FType.Bytes, 1, 0, 1);
                    return true;
                }

                error = $"{TypeName(type)} cannot be converted from a character constant.";
                return false;
            case SynString s:
                if (type is FType.String or FType.Bytes or FType.Protocol)
                {
                    bytes = s.Value;
                    value = FValue.Bytes(FType.String, 1, 0, s.Value.Length);
                    return true;
                }

                if (type == FType.AbsTime)
                {
                    return TryParseTime(Encoding.UTF8.GetString(s.Value), out value, out error);
                }

                if (type is FType.Ipv4 or FType.Ipv6 or FType.Mac)
                {
                    return TryParseText(Encoding.UTF8.GetString(s.Value), type, out value, out bytes, out error);
                }

                error = $"{TypeName(type)} cannot be converted from a string (\"{Encoding.UTF8.GetString(s.Value)}\").";
                return false;
            case SynNeg n when n.Inner is SynWord w:
                return TryParseText("-" + w.Text, type, out value, out bytes, out error);
            case SynWord w:
                return TryParseText(w.Text, type, out value, out bytes, out error);
            default:
                error = "Expected a value.";
                return false;
        }
    }

    public static string TypeName(FType t) => t switch
    {
        FType.UInt => "Unsigned integer",
        FType.Int => "Signed integer",
        FType.Bool => "Boolean",
        FType.Double => "Floating point",
        FType.Ipv4 => "IPv4 address",
        FType.Ipv6 => "IPv6 address",
        FType.Mac => "Ethernet or other MAC address",
        FType.Bytes => "Byte sequence",
        FType.String => "Character string",
        FType.AbsTime => "Date and time",
        FType.RelTime => "Time offset",
        FType.Protocol => "Protocol",
        _ => "None",
    };

    private static bool TryParseText(string text, FType type, out FValue value, out byte[]? bytes, out string? error)
    {
        value = default;
        bytes = null;
        error = null;
        switch (type)
        {
            case FType.UInt or FType.Int:
                if (TryParseInteger(text, out long n))
                {
                    value = FValue.Num(type, n);
                    return true;
                }

                error = $"\"{text}\" is not a valid number.";
                return false;
            case FType.Bool:
                if (text is "True" or "TRUE")
                {
                    value = FValue.Num(FType.Bool, 1);
                    return true;
                }

                if (text is "False" or "FALSE")
                {
                    value = FValue.Num(FType.Bool, 0);
                    return true;
                }

                if (TryParseInteger(text, out long b))
                {
                    value = FValue.Num(FType.Bool, b != 0 ? 1 : 0);
                    return true;
                }

                error = $"\"{text}\" is not a valid Boolean.";
                return false;
            case FType.Double:
            case FType.RelTime:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                {
                    value = type == FType.Double ? new FValue { Type = FType.Double, D = d } : FValue.Num(FType.RelTime, (long)Math.Round(d * 1e9));
                    return true;
                }

                error = $"\"{text}\" is not a valid time offset.";
                return false;
            case FType.AbsTime:
                return TryParseTime(text, out value, out error);
            case FType.Ipv4:
            {
                string addr = text;
                int prefix = -1;
                int slash = text.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0)
                {
                    addr = text[..slash];
                    if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 32)
                    {
                        error = $"\"{text}\" is not a valid IPv4 network (prefix 0 to 32).";
                        return false;
                    }
                }

                if (addr.Count(ch => ch == '.') == 3 && IPAddress.TryParse(addr, out IPAddress? ip) && ip.AddressFamily == AddressFamily.InterNetwork)
                {
                    value = FValue.Num(FType.Ipv4, BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes()));
                    value.Prefix = (short)(prefix + 1);
                    return true;
                }

                error = $"\"{addr}\" is not a valid hostname or IPv4 address.";
                return false;
            }

            case FType.Ipv6:
            {
                string addr = text;
                int prefix = -1;
                int slash = text.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0)
                {
                    addr = text[..slash];
                    if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 128)
                    {
                        error = $"\"{text}\" is not a valid IPv6 network (prefix 0 to 128).";
                        return false;
                    }
                }

                if (addr.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(addr, out IPAddress? ip6) && ip6.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    bytes = ip6.GetAddressBytes();
                    value = FValue.Bytes(FType.Ipv6, 1, 0, 16);
                    value.Prefix = (short)(prefix + 1);
                    return true;
                }

                error = $"\"{addr}\" is not a valid hostname or IPv6 address.";
                return false;
            }

            case FType.Mac:
                if (TryParseByteString(text, out byte[]? mac) && mac.Length == 6)
                {
                    bytes = mac;
                    value = FValue.Bytes(FType.Mac, 1, 0, 6);
                    return true;
                }

                error = $"\"{text}\" is not a valid Ethernet address.";
                return false;
            case FType.Bytes or FType.Protocol:
                if (TryParseByteString(text, out byte[]? bs))
                {
                    bytes = bs;
                    value = FValue.Bytes(FType.Bytes, 1, 0, bs.Length);
                    return true;
                }

                if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && TryParseInteger(text, out long one) && one is >= 0 and <= 0xFF)
                {
                    bytes = [(byte)one];
                    value = FValue.Bytes(FType.Bytes, 1, 0, 1);
                    return true;
                }

                error = $"\"{text}\" is not a valid byte string.";
                return false;
            case FType.String:
                bytes = Encoding.UTF8.GetBytes(text);
                value = FValue.Bytes(FType.String, 1, 0, bytes.Length);
                return true;
            default:
                error = $"\"{text}\" cannot be compared.";
                return false;
        }
    }

    public static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        bool neg = text.StartsWith('-');
        ReadOnlySpan<char> t = neg ? text.AsSpan(1) : text.AsSpan();
        bool ok;
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = long.TryParse(t[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && t.Length > 2;
        }
        else if (t.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            ok = t.Length > 2 && long.TryParse(t[2..], NumberStyles.AllowBinarySpecifier, CultureInfo.InvariantCulture, out value);
        }
        else if (t.Length > 1 && t[0] == '0')
        {
            ok = true;
            foreach (char c in t[1..])
            {
                if (c is < '0' or > '7' || value > long.MaxValue / 8)
                {
                    ok = false;
                    break;
                }

                value = (value * 8) + (c - '0');
            }
        }
        else
        {
            ok = long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        if (neg)
        {
            value = -value;
        }

        return ok;
    }

    public static bool TryParseByteString(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.Length == 0)
        {
            return false;
        }

        var list = new List<byte>();
        string[] parts = text.Split(':', '-', '.');
        if (parts.Length == 1)
        {
            // Without separators: one byte ("7a"), or an even run of hex digits is not accepted (ambiguous with numbers).
            if (text.Length is 1 or 2 && text.All(char.IsAsciiHexDigit))
            {
                bytes = [Convert.ToByte(text, 16)];
                return true;
            }

            return false;
        }

        char sep = text[parts[0].Length];
        foreach (string p in parts)
        {
            if (p.Length is < 1 or > 2 || !p.All(char.IsAsciiHexDigit))
            {
                return false;
            }

            list.Add(Convert.ToByte(p, 16));
        }

        if (text.Any(c => c is ':' or '-' or '.' && c != sep))
        {
            return false;
        }

        bytes = list.ToArray();
        return true;
    }

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
        "MMM d, yyyy HH:mm:ss.FFFFFFF", "MMM d, yyyy HH:mm:ss", "MMM d, yyyy HH:mm", "MMM d, yyyy",
    ];

    private static bool TryParseTime(string text, out FValue value, out string? error)
    {
        value = default;
        error = null;
        string t = text.Trim();
        bool utc = false;
        if (t.EndsWith(" UTC", StringComparison.Ordinal) || t.EndsWith('Z'))
        {
            utc = true;
            t = t.EndsWith('Z') ? t[..^1] : t[..^4];
        }

        // Up to nanoseconds: keep the fraction aside because .NET parses at most 7 digits.
        long extraNs = 0;
        int dot = t.LastIndexOf('.');
        if (dot > 0 && dot > t.LastIndexOf(':'))
        {
            string frac = t[(dot + 1)..];
            if (frac.Length > 0 && frac.All(char.IsAsciiDigit) && frac.Length <= 9)
            {
                extraNs = long.Parse(frac.PadRight(9, '0'), CultureInfo.InvariantCulture);
                t = t[..dot];
            }
        }

        if (!DateTime.TryParseExact(t, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTime dt))
        {
            error = $"\"{text}\" is not a valid absolute time. Example: \"Nov 24, 2021 13:14:15.0\" or \"2021-11-24T13:14:15\"";
            return false;
        }

        DateTimeOffset dto = utc ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)) : new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Local));
        value = FValue.Num(FType.AbsTime, ((dto.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100) + extraNs);
        return true;
    }
}
