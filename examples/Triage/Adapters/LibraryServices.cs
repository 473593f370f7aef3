namespace Forensics.Net.Triage.Adapters;

/// <summary>Wires the runner to the Forensics.Net libraries (one adapter per library).</summary>
internal static class LibraryServices
{
    public static TriageServices Create() => new(
        FileTypes: new LibraryFileTypes(),          // Forensics.Net.FileSignatures
        Hashes: new LibraryHashing(),               // Forensics.Net.Hashing.Files
        HashSets: () => new LibraryHashSets(),      // Forensics.Net.Hashing.Files
        Text: new LibraryText(),                    // Forensics.Net.EncodingDetection
        Captures: new LibraryCapture(),             // Forensics.Net.Pcap.Analysis
        Manifest: new LibraryManifest());           // Forensics.Net.Hashing.Files
}
