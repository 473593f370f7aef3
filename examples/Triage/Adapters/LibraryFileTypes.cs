using Forensics.Net.FileSignatures;
using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Adapters;

/// <summary>True type and extension verdict from Forensics.Net.FileSignatures.</summary>
internal sealed class LibraryFileTypes : IFileTypeService
{
    private readonly FileTypeDetector _detector = FileTypeDetector.Default;

    public (FileTypeInfo? Type, ExtensionCheck Check) Identify(Stream content, string name)
    {
        ExtensionCheckResult result = _detector.Check(content, name);
        FileTypeInfo? type = result.Detection.IsKnown ? Map(result.Detection) : null;
        string verdict = Verdict(result.Verdict);
        string? reason = null;
        if (result.Verdict == ExtensionVerdict.Mismatch && !result.IsDangerous && result.ClaimedTypes.Count == 0)
        {
            // Triage policy: a name like "GFDL-1.2" or "notes.old" claims no format, so it cannot lie about one.
            // Only executable content under such a name stays a mismatch (the library flags it as dangerous).
            verdict = ExtensionVerdicts.Unknown;
            reason = $"no known format uses .{result.Extension.TrimStart('.')}";
        }
        else if (result.Verdict == ExtensionVerdict.Mismatch && result.Detection.Length == 0)
        {
            verdict = ExtensionVerdicts.Unknown;
            reason = "empty file";
        }

        var check = new ExtensionCheck
        {
            Extension = string.IsNullOrEmpty(result.Extension) ? null : result.Extension.TrimStart('.').ToLowerInvariant(),
            Verdict = verdict,
            Dangerous = result.IsDangerous,
            Reason = reason ?? result.Verdict switch
            {
                ExtensionVerdict.Mismatch or ExtensionVerdict.CompatibleAlias => ExpectedText(result.ExpectedExtensions),
                ExtensionVerdict.UnknownContent => "content not recognised",
                _ => null,
            },
        };
        return (type, check);
    }

    /// <summary>
    /// Compares a Content-Type header with the detected type: match when the MIME types are equal,
    /// alias when one format specialises the other (a .docx sent as application/zip, any text as
    /// text/plain), mismatch when the header names a different known format, unknown when the header
    /// is generic (application/octet-stream) or names no format the signature table knows.
    /// </summary>
    public string CompareContentType(FileTypeInfo? detected, string declaredContentType)
    {
        string declared = declaredContentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (detected is null || declared.Length == 0 || declared is "application/octet-stream" or "binary/octet-stream" or "application/x-download" or "application/force-download")
        {
            return ExtensionVerdicts.Unknown;
        }

        if (string.Equals(detected.Mime, declared, StringComparison.OrdinalIgnoreCase))
        {
            return ExtensionVerdicts.Match;
        }

        FileType? detectedType = FileType.Find(detected.Id);
        List<FileType> claimed = FileType.All.Where(t => string.Equals(t.MimeType, declared, StringComparison.OrdinalIgnoreCase)).ToList();
        if (claimed.Count == 0)
        {
            // A header the table has no format for: only a text/* header over text content can be judged.
            return declared.StartsWith("text/", StringComparison.Ordinal) && detected.IsText ? ExtensionVerdicts.Alias : ExtensionVerdicts.Unknown;
        }

        if (detectedType is not null && claimed.Any(c => ReferenceEquals(c, detectedType)))
        {
            return ExtensionVerdicts.Match;
        }

        if (detectedType is not null && claimed.Any(c => detectedType.IsA(c) || c.IsA(detectedType)))
        {
            return ExtensionVerdicts.Alias;
        }

        if (detected.IsText && claimed.All(c => c.IsText) && declared.StartsWith("text/", StringComparison.Ordinal))
        {
            return ExtensionVerdicts.Alias; // e.g. CSV served as text/plain
        }

        return ExtensionVerdicts.Mismatch;
    }

    private static FileTypeInfo Map(FileTypeResult detection)
    {
        FileType t = detection.Type;
        return new FileTypeInfo
        {
            Id = t.Id,
            Name = t.Name,
            Mime = t.MimeType,
            Category = t.Category.ToString().ToLowerInvariant(),
            Extensions = t.Extensions,
            Confidence = Math.Round(detection.Confidence, 3),
            IsExecutable = t.IsExecutable,
            IsText = t.IsText,
        };
    }

    private static string Verdict(ExtensionVerdict verdict) => verdict switch
    {
        ExtensionVerdict.Match => ExtensionVerdicts.Match,
        ExtensionVerdict.CompatibleAlias => ExtensionVerdicts.Alias,
        ExtensionVerdict.Mismatch => ExtensionVerdicts.Mismatch,
        ExtensionVerdict.NoExtension => ExtensionVerdicts.NoExtension,
        _ => ExtensionVerdicts.Unknown,
    };

    private static string? ExpectedText(IReadOnlyList<string> extensions) =>
        extensions.Count == 0 ? null : "content expects ." + string.Join(" .", extensions.Take(6));
}
