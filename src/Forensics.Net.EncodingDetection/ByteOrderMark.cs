using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Forensics.Net.EncodingDetection;

/// <summary>
/// Recognises the byte order marks (BOMs) that open Unicode text: UTF-8, UTF-16LE/BE, UTF-32LE/BE
/// and GB18030. A BOM is a signature, never content: callers skip <c>length</c> bytes before decoding.
/// </summary>
/// <example>
/// <code>
/// if (ByteOrderMark.TryDetect(bytes, out var encoding, out int bomLength))
///     text = encoding.GetString(bytes[bomLength..]);
/// </code>
/// </example>
public static class ByteOrderMark
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Tries to recognise a byte order mark at the start of <paramref name="data"/>.
    /// UTF-32LE (<c>FF FE 00 00</c>) is preferred over UTF-16LE (<c>FF FE</c>) when both fit.
    /// </summary>
    /// <param name="data">The first bytes of the text (4 are enough).</param>
    /// <param name="encoding">The encoding the BOM announces, or <see langword="null"/> when there is none.</param>
    /// <param name="length">The BOM's length in bytes, or 0 when there is none.</param>
    /// <returns><see langword="true"/> when <paramref name="data"/> starts with a BOM.</returns>
    /// <remarks>No throwing <c>Detect</c>: most text has no byte order mark, so "none" is an answer, not an error; <see cref="EncodingDetector.Detect(ReadOnlySpan{byte})"/> is the call that always answers.</remarks>
    public static bool TryDetect(ReadOnlySpan<byte> data, [NotNullWhen(true)] out Encoding? encoding, out int length)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            encoding = new UTF32Encoding(bigEndian: false, byteOrderMark: false);
            length = 4;
        }
        else if (data.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            encoding = new UTF32Encoding(bigEndian: true, byteOrderMark: false);
            length = 4;
        }
        else if (data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            encoding = Utf8NoBom;
            length = 3;
        }
        else if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
            length = 2;
        }
        else if (data.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            encoding = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
            length = 2;
        }
        else if (data.StartsWith((ReadOnlySpan<byte>)[0x84, 0x31, 0x95, 0x33]))
        {
            encoding = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;
            length = 4;
        }
        else
        {
            encoding = null;
            length = 0;
        }

        return encoding is not null;
    }
}
