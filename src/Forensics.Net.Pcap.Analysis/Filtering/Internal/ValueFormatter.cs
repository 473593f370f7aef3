using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace Forensics.Net.Pcap.Analysis.Internal;

/// <summary>Formats field values the way <c>tshark -T fields</c> prints them.</summary>
internal static class ValueFormatter
{
    public static int Format(scoped in DissectedFrame f, in FValue v, FieldDef? def, Span<char> dst)
    {
        string s = ToText(f, v, def);
        int n = Math.Min(s.Length, dst.Length);
        s.AsSpan(0, n).CopyTo(dst);
        return n;
    }

    public static string ToText(scoped in DissectedFrame f, in FValue v, FieldDef? def)
    {
        switch (v.Type)
        {
            case FType.UInt:
                if (def is { Disp: Disp.Hex })
                {
                    return "0x" + ((ulong)v.N).ToString("x" + def.HexDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                }

                return v.N.ToString(CultureInfo.InvariantCulture);
            case FType.Int:
                return v.N.ToString(CultureInfo.InvariantCulture);
            case FType.Bool:
                return v.N != 0 ? "1" : "0";
            case FType.Double:
                return v.D.ToString("R", CultureInfo.InvariantCulture);
            case FType.Ipv4:
            {
                Span<byte> b = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(b, (uint)v.N);
                return $"{b[0]}.{b[1]}.{b[2]}.{b[3]}";
            }

            case FType.Ipv6:
                return new IPAddress(ValueNode.Bytes(f, v)).ToString();
            case FType.Mac:
            {
                ReadOnlySpan<byte> b = ValueNode.Bytes(f, v);
                var sb = new StringBuilder(17);
                for (int i = 0; i < b.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(':');
                    }

                    sb.Append(b[i].ToString("x2", CultureInfo.InvariantCulture));
                }

                return sb.ToString();
            }

            case FType.Bytes:
                return Convert.ToHexStringLower(ValueNode.Bytes(f, v));
            case FType.String:
            {
                // tshark prints strings as C strings: up to the first NUL.
                ReadOnlySpan<byte> b = ValueNode.Bytes(f, v);
                int nul = b.IndexOf((byte)0);
                string text = Encoding.UTF8.GetString(nul >= 0 ? b[..nul] : b);
                return text.AsSpan().IndexOfAny('\n', '\r', '\t') < 0 ? text : text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
            }
            case FType.AbsTime:
                if (def is { Id: F.FrameTimeEpoch })
                {
                    return FormatSeconds(v.N);
                }

                return FormatAbsolute(v.N);
            case FType.RelTime:
                return FormatSeconds(v.N);
            case FType.Protocol:
                return def is { Id: F.TcpRetransmission } ? "1" : (def?.Name ?? string.Empty);
            default:
                return string.Empty;
        }
    }

    public static string FormatSeconds(long ns)
    {
        string sign = ns < 0 ? "-" : string.Empty;
        ulong a = (ulong)Math.Abs(ns);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{a / 1_000_000_000}.{a % 1_000_000_000:D9}");
    }

    public static string FormatAbsolute(long ns)
    {
        DateTimeOffset utc = DateTimeOffset.UnixEpoch.AddTicks(Math.DivRem(ns, 100, out _));
        DateTimeOffset local = TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.Local);
        long frac = ((ns % 1_000_000_000) + 1_000_000_000) % 1_000_000_000;
        string zone = TimeZoneInfo.Local.GetUtcOffset(utc) == TimeSpan.Zero && TimeZoneInfo.Local.Id is "UTC" or "Etc/UTC" or "Universal" or "Etc/Universal" or "Zulu"
            ? "UTC"
            : TimeZoneInfo.Local.IsDaylightSavingTime(local) ? TimeZoneInfo.Local.DaylightName : TimeZoneInfo.Local.StandardName;
        string month = local.ToString("MMM", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{month} {local.Day,2}, {local.Year} {local:HH:mm:ss}.{frac:D9} {zone}");
    }
}
