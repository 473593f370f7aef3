using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Adapters;

// One small interface per library. The real implementations (Library*.cs in this folder) are thin
// adapters over the Forensics.Net packages; tests may substitute their own to drive the runner and
// the renderers with unusual data. Triage itself never identifies, hashes, decodes or carves.

/// <summary>Forensics.Net.FileSignatures: true type and the verdict on a name's extension.</summary>
internal interface IFileTypeService
{
    /// <summary>Identifies <paramref name="content"/> (seekable, at position 0) and checks the extension of <paramref name="name"/>.</summary>
    (FileTypeInfo? Type, ExtensionCheck Check) Identify(Stream content, string name);

    /// <summary>Compares a declared Content-Type (parameters allowed) with the detected type: a verdict word.</summary>
    string CompareContentType(FileTypeInfo? detected, string declaredContentType);
}

/// <summary>MD5, SHA-1 and SHA-256 of one input, lower-case hex.</summary>
internal sealed record HashTriple(long Length, string Md5, string Sha1, string Sha256);

/// <summary>One entry of a folder walk: hashed, unreadable, or deliberately skipped (FIFOs, devices, symlinks).</summary>
internal sealed record TreeFile(string FullPath, HashTriple? Hashes, string? Error, bool Skipped);

/// <summary>Forensics.Net.Hashing.Files: hashing in one pass, and hashing whole folders.</summary>
internal interface IHashService
{
    HashTriple Hash(Stream content);

    /// <summary>Walks and hashes a folder (recursive, symlinks not followed, special files skipped) in deterministic path order.</summary>
    IEnumerable<TreeFile> HashTree(string root, int parallelism, CancellationToken cancellationToken);
}

/// <summary>Forensics.Net.Hashing.Files: known-good / known-bad sets.</summary>
internal interface IHashSetService
{
    /// <summary>Loads a hash list; throws IOException (incl. the library's format exception) when unreadable.</summary>
    HashSetInfo Load(string path, bool knownBad);

    /// <summary>Classifies one file; known-bad wins over known-good.</summary>
    (string Classification, HashMatch? Match) Classify(HashTriple hashes);
}

/// <summary>Forensics.Net.EncodingDetection: encoding and language of text, null for binary.</summary>
internal interface ITextService
{
    TextDetails? Detect(Stream content);
}

/// <summary>A carved HTTP body, already written to <see cref="SavedPath"/>.</summary>
internal sealed record CarvedBody(DownloadRecord Record, string SavedPath);

/// <summary>Forensics.Net.Pcap.Analysis: flows, traffic timeline and carved HTTP bodies of one capture.</summary>
internal interface ICaptureService
{
    /// <summary>Reads the capture; writes every HTTP response body into <paramref name="carveDirectory"/>.</summary>
    (CaptureReport Report, IReadOnlyList<CarvedBody> Bodies) Analyze(string path, string carveDirectory, CancellationToken cancellationToken);
}

/// <summary>Forensics.Net.Hashing.Files: the hashdeep manifest of what the run wrote.</summary>
internal interface IManifestService
{
    /// <summary>Writes a hashdeep file (MD5, SHA-256) listing <paramref name="files"/> with paths relative to <paramref name="directory"/>.</summary>
    void WriteHashdeepManifest(string directory, IEnumerable<string> files, string manifestPath);
}

/// <summary>The five services the runner needs.</summary>
internal sealed record TriageServices(
    IFileTypeService FileTypes,
    IHashService Hashes,
    Func<IHashSetService> HashSets,
    ITextService Text,
    ICaptureService Captures,
    IManifestService Manifest);
