using System.Text.Json.Serialization;

namespace Forensics.Net.Triage.Model;

// The report model is also the --json contract: property names below are the documented field
// names (see examples/Triage/README.md, "JSON report"). Add fields freely; never rename.

/// <summary>One triage run: inputs, what was found, and everything measured on the way.</summary>
internal sealed class TriageReport
{
    [JsonPropertyName("schema")]
    public string Schema { get; init; } = SchemaId;

    [JsonPropertyName("tool")]
    public string Tool { get; init; } = "Forensics.Net Triage";

    [JsonPropertyName("started_utc")]
    public DateTimeOffset StartedUtc { get; init; }

    [JsonPropertyName("duration_ms")]
    public long DurationMs { get; set; }

    [JsonPropertyName("verdict")]
    public string Verdict { get; set; } = "clean";

    [JsonPropertyName("exit_code")]
    public int ExitCode { get; set; }

    [JsonPropertyName("summary")]
    public ReportSummary Summary { get; set; } = new();

    [JsonPropertyName("findings")]
    public List<Finding> Findings { get; } = [];

    [JsonPropertyName("hash_sets")]
    public List<HashSetInfo> HashSets { get; } = [];

    [JsonPropertyName("captures")]
    public List<CaptureReport> Captures { get; } = [];

    [JsonPropertyName("evidence")]
    public List<EvidenceItem> Evidence { get; } = [];

    [JsonPropertyName("errors")]
    public List<ReportError> Errors { get; } = [];

    [JsonPropertyName("skipped")]
    public List<ReportError> Skipped { get; } = [];

    [JsonPropertyName("output")]
    public OutputInfo? Output { get; set; }

    /// <summary>The value of <see cref="Schema"/> for this version of the report.</summary>
    public const string SchemaId = "forensics-net/triage-report/1";
}

internal sealed class ReportSummary
{
    [JsonPropertyName("captures")] public int Captures { get; set; }
    [JsonPropertyName("packets")] public long Packets { get; set; }
    [JsonPropertyName("flows")] public int Flows { get; set; }
    [JsonPropertyName("downloads")] public int Downloads { get; set; }
    [JsonPropertyName("files")] public int Files { get; set; }
    [JsonPropertyName("bytes_hashed")] public long BytesHashed { get; set; }
    [JsonPropertyName("known_bad")] public int KnownBad { get; set; }
    [JsonPropertyName("known_good")] public int KnownGood { get; set; }
    [JsonPropertyName("unknown")] public int Unknown { get; set; }
    [JsonPropertyName("mismatches")] public int Mismatches { get; set; }
    [JsonPropertyName("disguised_executables")] public int DisguisedExecutables { get; set; }
    [JsonPropertyName("text_files")] public int TextFiles { get; set; }
    [JsonPropertyName("errors")] public int Errors { get; set; }
}

/// <summary>Something the analyst must look at, most severe first.</summary>
internal sealed class Finding
{
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("evidence_id")] public required string EvidenceId { get; init; }
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
}

internal static class Severity
{
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";

    public static int Rank(string severity) => severity switch
    {
        High => 0,
        Medium => 1,
        _ => 2,
    };
}

internal static class FindingKind
{
    public const string KnownBad = "known-bad";
    public const string DisguisedExecutable = "disguised-executable";
    public const string ExtensionMismatch = "extension-mismatch";
    public const string ContentTypeMismatch = "content-type-mismatch";

    public static int Rank(string kind) => kind switch
    {
        KnownBad => 0,
        DisguisedExecutable => 1,
        ExtensionMismatch => 2,
        _ => 3,
    };
}

internal sealed class HashSetInfo
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("entries")] public int Entries { get; init; }
    [JsonPropertyName("skipped_lines")] public int SkippedLines { get; init; }
}

internal sealed class OutputInfo
{
    [JsonPropertyName("directory")] public required string Directory { get; init; }
    [JsonPropertyName("json")] public string? Json { get; set; }
    [JsonPropertyName("html")] public string? Html { get; set; }
    [JsonPropertyName("manifest")] public string? Manifest { get; set; }
    [JsonPropertyName("carved_dir")] public string? CarvedDir { get; set; }
}

internal sealed class ReportError
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("stage")] public required string Stage { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
}
