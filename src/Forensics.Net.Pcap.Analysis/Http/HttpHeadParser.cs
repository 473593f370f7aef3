using System.Buffers;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// An allocation-free HTTP/1.0 and HTTP/1.1 message head parser (request line or status line, then header fields),
/// shaped like Kestrel's <c>HttpParser</c>: it reports spans to an <see cref="IHttpHeadHandler"/> and never copies
/// on the fast path (a head inside one span). Follows RFC 9112 sections 2 to 5, leniently: bare LF line ends are
/// accepted, empty lines before a start line are skipped, obsolete folded lines are ignored.
/// </summary>
/// <example>
/// <code>
/// var buffer = new ReadOnlySequence&lt;byte&gt;(bytes);
/// var handler = new MyHandler();
/// if (HttpHeadParser.TryParseRequestHead(ref buffer, ref handler))
/// {
///     // buffer now starts at the body
/// }
/// </code>
/// </example>
public static class HttpHeadParser
{
    /// <summary>The default limit on the size of a message head: 64 KiB.</summary>
    public const int DefaultMaxHeadBytes = 64 * 1024;

    /// <summary>Parses a request head from a span.</summary>
    /// <typeparam name="THandler">The handler type (a struct avoids boxing).</typeparam>
    /// <param name="data">The bytes, starting at the request line (leading empty lines are skipped).</param>
    /// <param name="handler">Receives the parts when the head is complete.</param>
    /// <param name="maxHeadBytes">The largest head accepted.</param>
    /// <param name="bytesConsumed">On <see cref="HttpHeadStatus.Complete"/>, the head's length including the final empty line.</param>
    /// <returns>The outcome.</returns>
    public static HttpHeadStatus ParseRequestHead<THandler>(ReadOnlySpan<byte> data, ref THandler handler, int maxHeadBytes, out int bytesConsumed)
        where THandler : IHttpHeadHandler
        => Parse(data, ref handler, request: true, maxHeadBytes, out bytesConsumed);

    /// <summary>Parses a response head from a span.</summary>
    /// <typeparam name="THandler">The handler type (a struct avoids boxing).</typeparam>
    /// <param name="data">The bytes, starting at the status line (leading empty lines are skipped).</param>
    /// <param name="handler">Receives the parts when the head is complete.</param>
    /// <param name="maxHeadBytes">The largest head accepted.</param>
    /// <param name="bytesConsumed">On <see cref="HttpHeadStatus.Complete"/>, the head's length including the final empty line.</param>
    /// <returns>The outcome.</returns>
    public static HttpHeadStatus ParseResponseHead<THandler>(ReadOnlySpan<byte> data, ref THandler handler, int maxHeadBytes, out int bytesConsumed)
        where THandler : IHttpHeadHandler
        => Parse(data, ref handler, request: false, maxHeadBytes, out bytesConsumed);

    /// <summary>
    /// Parses a request head at the start of <paramref name="buffer"/>; on success advances the buffer past it.
    /// Returns <see langword="false"/> (reporting nothing) when the head is not complete yet.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="buffer">The input; advanced past the head on success.</param>
    /// <param name="handler">Receives the parts.</param>
    /// <param name="maxHeadBytes">The largest head accepted.</param>
    /// <returns><see langword="true"/> when a head was parsed.</returns>
    /// <exception cref="PcapFormatException">The bytes are not an HTTP request head, or no head end was found within <paramref name="maxHeadBytes"/>.</exception>
    public static bool TryParseRequestHead<THandler>(ref ReadOnlySequence<byte> buffer, ref THandler handler, int maxHeadBytes = DefaultMaxHeadBytes)
        where THandler : IHttpHeadHandler
        => TryParse(ref buffer, ref handler, request: true, maxHeadBytes);

    /// <summary>
    /// Parses a response head at the start of <paramref name="buffer"/>; on success advances the buffer past it.
    /// Returns <see langword="false"/> (reporting nothing) when the head is not complete yet.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="buffer">The input; advanced past the head on success.</param>
    /// <param name="handler">Receives the parts.</param>
    /// <param name="maxHeadBytes">The largest head accepted.</param>
    /// <returns><see langword="true"/> when a head was parsed.</returns>
    /// <exception cref="PcapFormatException">The bytes are not an HTTP response head, or no head end was found within <paramref name="maxHeadBytes"/>.</exception>
    public static bool TryParseResponseHead<THandler>(ref ReadOnlySequence<byte> buffer, ref THandler handler, int maxHeadBytes = DefaultMaxHeadBytes)
        where THandler : IHttpHeadHandler
        => TryParse(ref buffer, ref handler, request: false, maxHeadBytes);

    private static bool TryParse<THandler>(ref ReadOnlySequence<byte> buffer, ref THandler handler, bool request, int maxHeadBytes)
        where THandler : IHttpHeadHandler
    {
        HttpHeadStatus status;
        int consumed;
        if (buffer.IsSingleSegment || buffer.FirstSpan.Length >= maxHeadBytes)
        {
            status = Parse(buffer.FirstSpan, ref handler, request, maxHeadBytes, out consumed);
            if (status == HttpHeadStatus.NeedMoreData && !buffer.IsSingleSegment)
            {
                status = HttpHeadStatus.TooLarge;
            }
        }
        else
        {
            int length = (int)Math.Min(buffer.Length, maxHeadBytes);
            byte[] rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                buffer.Slice(0, length).CopyTo(rented);
                status = Parse(rented.AsSpan(0, length), ref handler, request, maxHeadBytes, out consumed);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        switch (status)
        {
            case HttpHeadStatus.Complete:
                buffer = buffer.Slice(consumed);
                return true;
            case HttpHeadStatus.NeedMoreData:
                return false;
            case HttpHeadStatus.TooLarge:
                throw new PcapFormatException($"No end of the HTTP head within {maxHeadBytes} bytes.", 0);
            default:
                throw new PcapFormatException(request ? "Not an HTTP/1.x request head." : "Not an HTTP/1.x response head.", 0);
        }
    }

    private static HttpHeadStatus Parse<THandler>(ReadOnlySpan<byte> data, ref THandler handler, bool request, int maxHeadBytes, out int bytesConsumed)
        where THandler : IHttpHeadHandler
    {
        bytesConsumed = 0;
        int start = 0;

        // RFC 9112 section 2.2: ignore empty lines before the start line.
        while (start < data.Length && (data[start] == (byte)'\r' || data[start] == (byte)'\n'))
        {
            start++;
        }

        if (start == data.Length)
        {
            return start > maxHeadBytes ? HttpHeadStatus.TooLarge : HttpHeadStatus.NeedMoreData;
        }

        // Validate the start line as soon as it is visible, so that non-HTTP data is rejected early.
        ReadOnlySpan<byte> rest = data[start..];
        int lineEnd = rest.IndexOf((byte)'\n');
        ReadOnlySpan<byte> firstLine = lineEnd < 0 ? rest : rest[..lineEnd];
        if (!LooksLikeStartLine(firstLine, request, complete: lineEnd >= 0))
        {
            return HttpHeadStatus.Invalid;
        }

        int headEnd = FindHeadEnd(rest, lineEnd);
        if (headEnd < 0)
        {
            return start + rest.Length > maxHeadBytes ? HttpHeadStatus.TooLarge : HttpHeadStatus.NeedMoreData;
        }

        if (start + headEnd > maxHeadBytes)
        {
            return HttpHeadStatus.TooLarge;
        }

        ReadOnlySpan<byte> head = rest[..headEnd];
        int pos = 0;
        bool first = true;
        while (pos < head.Length)
        {
            int nl = head[pos..].IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = nl < 0 ? head[pos..] : head.Slice(pos, nl);
            pos = nl < 0 ? head.Length : pos + nl + 1;
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                break;
            }

            if (first)
            {
                first = false;
                if (!(request ? ReportRequestLine(line, ref handler) : ReportStatusLine(line, ref handler)))
                {
                    return HttpHeadStatus.Invalid;
                }

                continue;
            }

            if (line[0] == (byte)' ' || line[0] == (byte)'\t')
            {
                continue; // obs-fold: ignored
            }

            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue; // not a field line: ignored (lenient)
            }

            ReadOnlySpan<byte> name = line[..colon];
            if (!IsToken(name))
            {
                continue;
            }

            handler.OnHeader(name, Trim(line[(colon + 1)..]));
        }

        bytesConsumed = start + headEnd;
        return HttpHeadStatus.Complete;
    }

    /// <summary>Returns the length of the head including its terminating empty line, or -1.</summary>
    private static int FindHeadEnd(ReadOnlySpan<byte> data, int firstLf)
    {
        int pos = firstLf;
        while (pos >= 0)
        {
            int next = pos + 1;
            if (next < data.Length && data[next] == (byte)'\n')
            {
                return next + 1;
            }

            if (next + 1 < data.Length && data[next] == (byte)'\r' && data[next + 1] == (byte)'\n')
            {
                return next + 2;
            }

            if (next >= data.Length)
            {
                return -1;
            }

            int found = data[next..].IndexOf((byte)'\n');
            pos = found < 0 ? -1 : next + found;
        }

        return -1;
    }

    private static bool LooksLikeStartLine(ReadOnlySpan<byte> line, bool request, bool complete)
    {
        if (request)
        {
            int sp = line.IndexOf((byte)' ');
            if (sp < 0)
            {
                return !complete && line.Length <= 32 && IsToken(line);
            }

            if (sp == 0 || sp > 32 || !IsToken(line[..sp]))
            {
                return false;
            }

            if (!complete)
            {
                return true;
            }

            ReadOnlySpan<byte> trimmed = line[^1] == (byte)'\r' ? line[..^1] : line;
            int lastSp = trimmed.LastIndexOf((byte)' ');
            return lastSp > sp && IsHttpVersion(trimmed[(lastSp + 1)..]);
        }

        ReadOnlySpan<byte> prefix = "HTTP/"u8;
        int n = Math.Min(prefix.Length, line.Length);
        return line[..n].SequenceEqual(prefix[..n]);
    }

    private static bool ReportRequestLine<THandler>(ReadOnlySpan<byte> line, ref THandler handler)
        where THandler : IHttpHeadHandler
    {
        int sp = line.IndexOf((byte)' ');
        int lastSp = line.LastIndexOf((byte)' ');
        if (sp <= 0 || lastSp <= sp)
        {
            return false;
        }

        ReadOnlySpan<byte> version = line[(lastSp + 1)..];
        ReadOnlySpan<byte> target = line[(sp + 1)..lastSp];
        if (target.IsEmpty || target.IndexOfAny((byte)' ', (byte)'\t') >= 0 || !IsHttpVersion(version))
        {
            return false;
        }

        handler.OnRequestLine(line[..sp], target, version);
        return true;
    }

    private static bool ReportStatusLine<THandler>(ReadOnlySpan<byte> line, ref THandler handler)
        where THandler : IHttpHeadHandler
    {
        // HTTP/1.1 200 OK
        int sp = line.IndexOf((byte)' ');
        if (sp < 0 || !IsHttpVersion(line[..sp]) || line.Length < sp + 4)
        {
            return false;
        }

        ReadOnlySpan<byte> code = line.Slice(sp + 1, 3);
        if (!char.IsAsciiDigit((char)code[0]) || !char.IsAsciiDigit((char)code[1]) || !char.IsAsciiDigit((char)code[2]))
        {
            return false;
        }

        if (line.Length > sp + 4 && line[sp + 4] != (byte)' ')
        {
            return false;
        }

        int status = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
        ReadOnlySpan<byte> reason = line.Length > sp + 5 ? line[(sp + 5)..] : [];
        handler.OnStatusLine(line[..sp], status, reason);
        return true;
    }

    private static bool IsHttpVersion(ReadOnlySpan<byte> v) =>
        v.Length == 8 && v.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)v[5]) && v[6] == (byte)'.' && char.IsAsciiDigit((char)v[7]);

    private static bool IsToken(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (byte b in s)
        {
            // RFC 9110 section 5.6.2 tchar.
            if (b <= 0x20 || b >= 0x7F || "\"(),/:;<=>?@[\\]{}"u8.Contains(b))
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int a = 0, b = s.Length;
        while (a < b && (s[a] == (byte)' ' || s[a] == (byte)'\t'))
        {
            a++;
        }

        while (b > a && (s[b - 1] == (byte)' ' || s[b - 1] == (byte)'\t'))
        {
            b--;
        }

        return s[a..b];
    }
}
