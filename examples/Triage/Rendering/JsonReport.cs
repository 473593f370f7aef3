using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Rendering;

/// <summary>The --json report: one indented JSON document (schema in examples/Triage/README.md).</summary>
internal static class JsonReport
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // Keep decoded text (Cyrillic, Japanese ...) readable in the file; still escapes what JSON requires.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(TriageReport report) => JsonSerializer.Serialize(report, Options);

    public static void Write(TriageReport report, TextWriter writer)
    {
        writer.Write(Serialize(report));
        writer.WriteLine();
        writer.Flush();
    }
}
