using Forensics.Net.EncodingDetection;
using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Adapters;

/// <summary>Encoding, BOM, language and first line of text, from Forensics.Net.EncodingDetection.</summary>
internal sealed class LibraryText : ITextService
{
    private const int FirstLinePrefix = 4096;
    private const int FirstLineMax = 120;

    // Bounded work per file: seekable inputs up to 16 MiB are read whole, longer ones sampled head to tail.
    private static readonly EncodingDetectorOptions Options = new() { FullScanLimit = 16 * 1024 * 1024, MaxAlternatives = 3 };

    public TextDetails? Detect(Stream content)
    {
        long start = content.Position;
        EncodingDetectionResult result = EncodingDetector.Detect(content, Options);
        if (result.IsBinary || result.WebName is null)
        {
            return null;
        }

        content.Position = start;
        byte[] prefix = new byte[FirstLinePrefix];
        int read = content.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        string decoded = result.Decode(prefix.AsSpan(0, read)); // Decode strips the BOM itself
        return new TextDetails
        {
            Encoding = result.WebName,
            Confidence = Math.Round(result.Confidence, 3),
            Bom = result.HasBom,
            Language = result.Language,
            FirstLine = FirstLine(decoded),
        };
    }

    private static string? FirstLine(string text)
    {
        foreach (string line in text.Split('\n'))
        {
            string trimmed = new string(line.Trim().TrimEnd('\uFFFD').Select(c => char.IsControl(c) ? '\uFFFD' : c).ToArray());
            if (trimmed.Length > 0)
            {
                return trimmed.Length > FirstLineMax ? trimmed[..FirstLineMax] + "…" : trimmed;
            }
        }

        return null;
    }
}
