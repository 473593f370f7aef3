using System.Text.Json.Serialization;

namespace Forensics.Net.Triage.Model;

/// <summary>What one capture file contained: flows, traffic over time and carved HTTP downloads.</summary>
internal sealed class CaptureReport
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("packets")] public long Packets { get; set; }
    [JsonPropertyName("bytes")] public long Bytes { get; set; }
    [JsonPropertyName("first_utc")] public DateTimeOffset? FirstUtc { get; set; }
    [JsonPropertyName("last_utc")] public DateTimeOffset? LastUtc { get; set; }
    [JsonPropertyName("flows")] public List<FlowSummary> Flows { get; } = [];
    [JsonPropertyName("timeline")] public Timeline? Timeline { get; set; }
    [JsonPropertyName("downloads")] public List<DownloadRecord> Downloads { get; } = [];
    [JsonPropertyName("problems")] public List<string> Problems { get; } = [];
}

internal sealed class FlowSummary
{
    [JsonPropertyName("protocol")] public required string Protocol { get; init; }
    [JsonPropertyName("client")] public required string Client { get; init; }
    [JsonPropertyName("server")] public required string Server { get; init; }
    [JsonPropertyName("packets")] public long Packets { get; init; }
    [JsonPropertyName("bytes")] public long Bytes { get; init; }
    [JsonPropertyName("first_utc")] public DateTimeOffset FirstUtc { get; init; }
    [JsonPropertyName("last_utc")] public DateTimeOffset LastUtc { get; init; }
}

/// <summary>Traffic of a capture in equal time buckets (for the HTML chart).</summary>
internal sealed class Timeline
{
    [JsonPropertyName("start_utc")] public DateTimeOffset StartUtc { get; init; }
    [JsonPropertyName("bucket_ms")] public double BucketMs { get; init; }
    [JsonPropertyName("bytes")] public required long[] Bytes { get; init; }
    [JsonPropertyName("packets")] public required long[] Packets { get; init; }
}

/// <summary>One HTTP response body carved from a capture.</summary>
internal sealed class DownloadRecord
{
    [JsonPropertyName("evidence_id")] public string? EvidenceId { get; set; }
    [JsonPropertyName("client")] public required string Client { get; init; }
    [JsonPropertyName("server")] public required string Server { get; init; }
    [JsonPropertyName("request_utc")] public DateTimeOffset? RequestUtc { get; init; }
    [JsonPropertyName("response_utc")] public DateTimeOffset? ResponseUtc { get; init; }
    [JsonPropertyName("method")] public required string Method { get; init; }
    [JsonPropertyName("host")] public string? Host { get; init; }
    [JsonPropertyName("url")] public required string Url { get; init; }
    [JsonPropertyName("status")] public int Status { get; init; }
    [JsonPropertyName("content_type")] public string? ContentType { get; init; }
    [JsonPropertyName("transfer_encoding")] public string? TransferEncoding { get; init; }
    [JsonPropertyName("content_encoding")] public string? ContentEncoding { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }
    [JsonPropertyName("file_name")] public required string FileName { get; init; }
    [JsonPropertyName("saved_as")] public string? SavedAs { get; set; }
    [JsonPropertyName("complete")] public bool Complete { get; init; } = true;
}
