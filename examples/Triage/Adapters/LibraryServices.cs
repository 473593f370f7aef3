namespace Forensics.Net.Triage.Adapters;

/// <summary>Wires the runner to the Forensics.Net libraries.</summary>
internal static class LibraryServices
{
    public static TriageServices Create() => throw new NotSupportedException("library adapters not wired yet");
}
