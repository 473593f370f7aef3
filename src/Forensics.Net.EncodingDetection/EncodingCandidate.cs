using System.Text;

namespace Forensics.Net.EncodingDetection;

/// <summary>One ranked alternative reading of the input: an encoding, how likely it is, and the language it suggests.</summary>
public sealed class EncodingCandidate
{
    internal EncodingCandidate(Encoding encoding, string webName, double confidence, string? language, bool sameText = false)
    {
        SameText = sameText;
        Encoding = encoding;
        WebName = webName;
        Confidence = confidence;
        Language = language;
    }

    /// <summary>Gets the encoding (BOM-less; decoders replace invalid bytes with U+FFFD).</summary>
    public Encoding Encoding { get; }

    /// <summary>
    /// Gets the WHATWG/IANA name of the encoding, lower case, with byte order where it matters
    /// (<c>utf-8</c>, <c>utf-16le</c>, <c>windows-1251</c>, <c>koi8-r</c>, <c>shift_jis</c>, <c>gb18030</c>...).
    /// </summary>
    public string WebName { get; }

    /// <summary>
    /// Gets the estimated probability in [0, 1] that this reading is the right one. A reading with
    /// <see cref="SameText"/> carries the verdict's own confidence: it is right exactly when the verdict is.
    /// </summary>
    public double Confidence { get; }

    /// <summary>Gets the likely language of the text in this reading (ISO 639-1, or <c>zh-CN</c>/<c>zh-TW</c>), or <see langword="null"/>.</summary>
    public string? Language { get; }

    /// <summary>
    /// Gets a value indicating whether this reading decodes the examined bytes to exactly the same text as
    /// the verdict (sibling code pages such as koi8-r/koi8-u or windows-1252/iso-8859-15 when the text
    /// avoids the bytes where they differ): equally right, just a different name.
    /// </summary>
    public bool SameText { get; }

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{WebName} ({Confidence:0.00}{(Language is null ? "" : ", " + Language)}{(SameText ? ", same text" : "")})");
}
