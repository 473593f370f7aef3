using System.Text;

namespace Forensics.Net.EncodingDetection;

/// <summary>
/// What <see cref="EncodingDetector"/> concluded about some bytes: the encoding (or that they are binary),
/// how sure it is, whether a byte order mark opened them, the likely language and ranked alternatives.
/// </summary>
public sealed class EncodingDetectionResult
{
    internal EncodingDetectionResult(
        Encoding? encoding,
        string? webName,
        double confidence,
        int bomLength,
        string? language,
        bool isBinary,
        IReadOnlyList<EncodingCandidate> alternatives,
        long bytesExamined)
    {
        Encoding = encoding;
        WebName = webName;
        Confidence = confidence;
        BomLength = bomLength;
        Language = language;
        IsBinary = isBinary;
        Alternatives = alternatives;
        BytesExamined = bytesExamined;
    }

    /// <summary>
    /// Gets the detected encoding, without a BOM preamble (decoders replace invalid bytes with U+FFFD),
    /// or <see langword="null"/> when the input is binary.
    /// </summary>
    public Encoding? Encoding { get; }

    /// <summary>
    /// Gets the WHATWG/IANA name of <see cref="Encoding"/> in lower case with byte order where it matters
    /// (<c>utf-8</c>, <c>us-ascii</c>, <c>utf-16le</c>, <c>utf-32be</c>, <c>windows-1252</c>, <c>iso-8859-2</c>,
    /// <c>koi8-r</c>, <c>ibm866</c>, <c>shift_jis</c>, <c>euc-jp</c>, <c>iso-2022-jp</c>, <c>gb18030</c>,
    /// <c>big5</c>, <c>euc-kr</c>, <c>windows-874</c>...), or <see langword="null"/> when the input is binary.
    /// </summary>
    public string? WebName { get; }

    /// <summary>
    /// Gets the estimated probability in [0, 1] that the verdict (<see cref="WebName"/>, or binary when
    /// <see cref="IsBinary"/>) is right: a verdict at 0.8 or more is right at least 95% of the time on the
    /// project's labelled corpus. Empty input gives 0.
    /// </summary>
    public double Confidence { get; }

    /// <summary>Gets a value indicating whether the input opened with a byte order mark.</summary>
    public bool HasBom => BomLength > 0;

    /// <summary>Gets the length in bytes of the byte order mark (0 when there is none). Skip it before decoding.</summary>
    public int BomLength { get; }

    /// <summary>
    /// Gets the likely language of the text (ISO 639-1 such as <c>ru</c>, <c>de</c>, or <c>zh-CN</c>/<c>zh-TW</c>),
    /// or <see langword="null"/> when there is too little text to tell or the input is binary.
    /// </summary>
    public string? Language { get; }

    /// <summary>Gets a value indicating whether the input is not text (executables, images, archives, random bytes...).</summary>
    public bool IsBinary { get; }

    /// <summary>Gets other plausible readings, most likely first (never the chosen one); empty when none is plausible.</summary>
    public IReadOnlyList<EncodingCandidate> Alternatives { get; }

    /// <summary>Gets how many bytes of the input were examined (all of them unless a large seekable stream was sampled).</summary>
    public long BytesExamined { get; }

    /// <summary>
    /// Decodes <paramref name="bytes"/> (the same bytes that were detected) with <see cref="Encoding"/>, skipping the BOM.
    /// Binary input is decoded as Latin-1 so that every byte stays visible.
    /// </summary>
    /// <param name="bytes">The bytes to decode.</param>
    /// <returns>The text; invalid sequences become U+FFFD, never an exception.</returns>
    public string Decode(ReadOnlySpan<byte> bytes)
    {
        Encoding encoding = Encoding ?? System.Text.Encoding.Latin1;
        int skip = Math.Min(BomLength, bytes.Length);
        return encoding.GetString(bytes[skip..]);
    }

    /// <inheritdoc/>
    public override string ToString() => IsBinary
        ? FormattableString.Invariant($"binary ({Confidence:0.00})")
        : FormattableString.Invariant($"{WebName}{(HasBom ? " with BOM" : "")} ({Confidence:0.00}{(Language is null ? "" : ", " + Language)})");
}
