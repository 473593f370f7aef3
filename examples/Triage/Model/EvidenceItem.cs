using System.Text.Json.Serialization;

namespace Forensics.Net.Triage.Model;

/// <summary>One file examined: on disk or carved from a capture.</summary>
internal sealed class EvidenceItem
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("source")] public required string Source { get; init; }
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("url")] public string? Url { get; init; }
    [JsonPropertyName("size")] public long Size { get; set; }
    [JsonPropertyName("md5")] public string? Md5 { get; set; }
    [JsonPropertyName("sha1")] public string? Sha1 { get; set; }
    [JsonPropertyName("sha256")] public string? Sha256 { get; set; }
    [JsonPropertyName("type")] public FileTypeInfo? Type { get; set; }
    [JsonPropertyName("extension_check")] public ExtensionCheck? ExtensionCheck { get; set; }
    [JsonPropertyName("content_type_check")] public ContentTypeCheck? ContentTypeCheck { get; set; }
    [JsonPropertyName("classification")] public string Classification { get; set; } = EvidenceClassification.Unknown;
    [JsonPropertyName("hash_match")] public HashMatch? HashMatch { get; set; }
    [JsonPropertyName("text")] public TextDetails? Text { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }

    /// <summary>Whether this item is a finding (known-bad or any mismatch).</summary>
    [JsonIgnore]
    public bool IsSuspicious =>
        Classification == EvidenceClassification.KnownBad
        || ExtensionCheck?.Verdict == ExtensionVerdicts.Mismatch
        || ContentTypeCheck?.Verdict == ExtensionVerdicts.Mismatch;
}

internal static class EvidenceSource
{
    public const string Disk = "disk";
    public const string Capture = "capture";
}

internal static class EvidenceClassification
{
    public const string KnownBad = "known-bad";
    public const string KnownGood = "known-good";
    public const string Unknown = "unknown";
}

/// <summary>Verdict names, the same words FileTypeCheck's --json uses.</summary>
internal static class ExtensionVerdicts
{
    public const string Match = "match";
    public const string Alias = "alias";
    public const string Mismatch = "mismatch";
    public const string Unknown = "unknown";
    public const string NoExtension = "no-extension";
}

internal sealed class FileTypeInfo
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("mime")] public required string Mime { get; init; }
    [JsonPropertyName("category")] public required string Category { get; init; }
    [JsonPropertyName("extensions")] public required IReadOnlyList<string> Extensions { get; init; }
    [JsonPropertyName("confidence")] public double Confidence { get; init; }
    [JsonPropertyName("is_executable")] public bool IsExecutable { get; init; }
    [JsonPropertyName("is_text")] public bool IsText { get; init; }
}

internal sealed class ExtensionCheck
{
    [JsonPropertyName("extension")] public string? Extension { get; init; }
    [JsonPropertyName("verdict")] public required string Verdict { get; init; }
    [JsonPropertyName("dangerous")] public bool Dangerous { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}

internal sealed class ContentTypeCheck
{
    [JsonPropertyName("declared")] public required string Declared { get; init; }
    [JsonPropertyName("verdict")] public required string Verdict { get; init; }
}

internal sealed class HashMatch
{
    [JsonPropertyName("set")] public required string Set { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("algorithm")] public required string Algorithm { get; init; }
}

internal sealed class TextDetails
{
    [JsonPropertyName("encoding")] public required string Encoding { get; init; }
    [JsonPropertyName("confidence")] public double Confidence { get; init; }
    [JsonPropertyName("bom")] public bool Bom { get; init; }
    [JsonPropertyName("language")] public string? Language { get; init; }
    [JsonPropertyName("first_line")] public string? FirstLine { get; init; }
}
