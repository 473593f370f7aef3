using Forensics.Net.Hashing.Files;
using Forensics.Net.Hashing.Files.Nsrl;
using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Adapters;

/// <summary>MD5 + SHA-1 + SHA-256 in one read, and folder walks, from Forensics.Net.Hashing.Files.</summary>
internal sealed class LibraryHashing : IHashService
{
    internal static readonly FileHashAlgorithm[] Algorithms = [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256];

    // Files are hashed one per core by the tree walk; inside one file the three digests share one read.
    private static readonly FileHasherOptions SingleFile = new() { MaxDegreeOfParallelism = 1 };

    public HashTriple Hash(Stream content) => ToTriple(FileHasher.Hash(content, Algorithms, SingleFile));

    public IEnumerable<TreeFile> HashTree(string root, int parallelism, CancellationToken cancellationToken)
    {
        var options = new TreeHasherOptions
        {
            Recursive = true,
            FollowSymlinks = false,
            IncludeHidden = true,
            IncludeSystem = true,
            MaxDegreeOfParallelism = parallelism,
            FileOptions = SingleFile,
        };
        foreach (TreeHashResult result in TreeHasher.Hash([root], Algorithms, options, cancellationToken))
        {
            yield return result.Status switch
            {
                TreeEntryStatus.Hashed when result.Digests is not null => new TreeFile(result.FullPath, ToTriple(result.Digests), null, false),
                TreeEntryStatus.Skipped => new TreeFile(result.FullPath, null, result.Message ?? "skipped", true),
                _ => new TreeFile(result.FullPath, null, result.Message ?? "unreadable", false),
            };
        }
    }

    internal static HashTriple ToTriple(HashDigests digests) => new(
        digests.Length,
        digests.GetHex(FileHashAlgorithm.Md5),
        digests.GetHex(FileHashAlgorithm.Sha1),
        digests.GetHex(FileHashAlgorithm.Sha256));

    internal static HashDigests ToDigests(HashTriple hashes) => new(
        [
            new(FileHashAlgorithm.Md5, Convert.FromHexString(hashes.Md5)),
            new(FileHashAlgorithm.Sha1, Convert.FromHexString(hashes.Sha1)),
            new(FileHashAlgorithm.Sha256, Convert.FromHexString(hashes.Sha256)),
        ],
        hashes.Length);
}

/// <summary>Known-bad / known-good lists (any format the library reads) and the classification of each file.</summary>
internal sealed class LibraryHashSets : IHashSetService
{
    private readonly List<(string Path, KnownHashSet Set)> _bad = [];
    private readonly List<(string Path, KnownHashSet Set)> _good = [];
    private HashClassifier? _classifier;

    public HashSetInfo Load(string path, bool knownBad)
    {
        var problems = new List<HashFileIssue>();
        KnownHashSet set = NsrlKnownHashes.LoadFile(path, null, problems);
        string display = TriageRunner.DisplayPath(path);
        (knownBad ? _bad : _good).Add((display, set));
        _classifier = null;
        return new HashSetInfo
        {
            Path = display,
            Kind = knownBad ? EvidenceClassification.KnownBad : EvidenceClassification.KnownGood,
            Entries = (int)Math.Min(int.MaxValue, set.Count),
            SkippedLines = problems.Count,
        };
    }

    public (string Classification, HashMatch? Match) Classify(HashTriple hashes)
    {
        _classifier ??= new HashClassifier(Union(_good), Union(_bad));
        HashClassification c = _classifier.Classify(LibraryHashing.ToDigests(hashes));
        if (c.Status == KnownHashStatus.Unknown || c.Algorithm is not { } algorithm || c.Hash is null)
        {
            return (EvidenceClassification.Unknown, null);
        }

        bool bad = c.Status == KnownHashStatus.KnownBad;
        byte[] digest = Convert.FromHexString(c.Hash);
        string set = (bad ? _bad : _good).FirstOrDefault(s => s.Set.Contains(algorithm, digest)).Path ?? "?";
        return (bad ? EvidenceClassification.KnownBad : EvidenceClassification.KnownGood,
                new HashMatch { Set = set, Name = c.MatchedName ?? "(unnamed entry)", Algorithm = FileHashAlgorithms.GetName(algorithm) });
    }

    private static IKnownHashLookup? Union(List<(string Path, KnownHashSet Set)> sets) =>
        sets.Count switch
        {
            0 => null,
            1 => sets[0].Set,
            _ => new UnionLookup([.. sets.Select(s => s.Set)]),
        };

    /// <summary>Several lists of one kind seen as one (the first list holding a hash names it).</summary>
    private sealed class UnionLookup(KnownHashSet[] sets) : IKnownHashLookup
    {
        public IReadOnlyCollection<FileHashAlgorithm> Algorithms { get; } = sets.SelectMany(s => s.Algorithms).Distinct().Order().ToArray();

        public bool TryLookup(FileHashAlgorithm algorithm, ReadOnlySpan<byte> hash, out string? name)
        {
            foreach (KnownHashSet set in sets)
            {
                if (set.TryLookup(algorithm, hash, out name))
                {
                    return true;
                }
            }

            name = null;
            return false;
        }
    }
}

/// <summary>The hashdeep manifest of everything the run wrote under --out.</summary>
internal sealed class LibraryManifest : IManifestService
{
    private static readonly FileHashAlgorithm[] ManifestAlgorithms = [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha256];

    public void WriteHashdeepManifest(string directory, IEnumerable<string> files, string manifestPath)
    {
        var text = new StringWriter();
        using (var writer = new HashFileWriter(text, HashFileFormat.Hashdeep, ManifestAlgorithms, new HashFileWriterOptions
        {
            InvokedFrom = directory,
            CommandLine = "Triage --out " + directory,
        }))
        {
            writer.WriteHeader();
            foreach (string file in files.Order(StringComparer.Ordinal))
            {
                HashDigests digests = FileHasher.HashFile(file, ManifestAlgorithms);
                string relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
                writer.Write(new HashEntry(relative, digests.Length, digests));
            }
        }

        File.WriteAllText(manifestPath, text.ToString());
    }
}
