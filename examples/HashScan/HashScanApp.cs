using System.Text;
using System.Text.Json;
using Forensics.Net.Hashing.Files;
using Forensics.Net.Hashing.Files.Nsrl;

namespace HashScan;

/// <summary>
/// <c>HashScan --bad FILE [--good FILE] [-r] [--json] PATH...</c> — classify every file against known-bad and
/// known-good hash sets (sha256sum, md5sum, hashdeep, BSD, CSV, JSON Lines, plain lists, NSRL CSV or RDS v3 SQLite,
/// or a prebuilt <see cref="HashIndex"/> file). Prints <c>!! Match found with NAME (HASH)</c> for each known-bad file;
/// exit code 1 when anything known-bad was found, 2 on usage or input errors.
/// </summary>
public static class HashScanApp
{
    public const string Usage = "usage: HashScan --bad FILE [--good FILE] [-r] [--json] [-v] PATH...";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        var bad = new List<string>();
        var good = new List<string>();
        var paths = new List<string>();
        bool recursive = false, json = false, verbose = false;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            switch (a)
            {
                case "--bad" when i + 1 < args.Length: bad.Add(args[++i]); break;
                case "--good" when i + 1 < args.Length: good.Add(args[++i]); break;
                case "-r": case "--recursive": recursive = true; break;
                case "--json": json = true; break;
                case "-v": case "--verbose": verbose = true; break;
                case "-h": case "--help": stdout.Write(Usage + "\n"); return 0;
                case "--": paths.AddRange(args[(i + 1)..]); i = args.Length; break;
                default:
                    if (a.StartsWith('-') && a.Length > 1)
                    {
                        stderr.Write($"HashScan: unknown or incomplete option {a}\n{Usage}\n");
                        return 2;
                    }

                    paths.Add(a);
                    break;
            }
        }

        if (bad.Count == 0 || paths.Count == 0)
        {
            stderr.Write(Usage + "\n");
            return 2;
        }

        var disposables = new List<IDisposable>();
        try
        {
            IKnownHashLookup? badSet = Load(bad, stderr, disposables);
            IKnownHashLookup? goodSet = good.Count > 0 ? Load(good, stderr, disposables) : null;
            if (badSet is null || (good.Count > 0 && goodSet is null))
            {
                return 2;
            }

            var algorithms = badSet.Algorithms.Concat(goodSet?.Algorithms ?? []).Distinct()
                .Where(FileHashAlgorithms.IsSupported).Order().ToList();
            if (algorithms.Count == 0)
            {
                algorithms = [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256];
            }

            var classifier = new HashClassifier(goodSet, badSet);
            int nBad = 0, nGood = 0, nUnknown = 0, nErrors = 0;
            foreach (var result in TreeHasher.Hash(paths, algorithms, new TreeHasherOptions { Recursive = recursive }))
            {
                if (result.Status != TreeEntryStatus.Hashed)
                {
                    nErrors += result.Status == TreeEntryStatus.Error ? 1 : 0;
                    if (json)
                    {
                        stdout.Write(Json(result, null) + "\n");
                    }
                    else
                    {
                        stderr.Write($"HashScan: {result.Path}: {result.Message}\n");
                    }

                    continue;
                }

                var c = classifier.Classify(result.Digests!);
                switch (c.Status)
                {
                    case KnownHashStatus.KnownBad: nBad++; break;
                    case KnownHashStatus.KnownGood: nGood++; break;
                    default: nUnknown++; break;
                }

                if (json)
                {
                    stdout.Write(Json(result, c) + "\n");
                }
                else if (c.Status == KnownHashStatus.KnownBad)
                {
                    string known = c.MatchedName is { Length: > 0 } m && m != result.Path ? $" [known as {m}]" : string.Empty;
                    stdout.Write($"!! Match found with {result.Path} ({c.Hash}){known}\n");
                }
                else if (verbose)
                {
                    stdout.Write(c.Status == KnownHashStatus.KnownGood
                        ? $"ok known-good {result.Path} ({c.MatchedName ?? c.Hash})\n"
                        : $"?? unknown {result.Path}\n");
                }
            }

            string summary = $"{nBad + nGood + nUnknown} files scanned: {nBad} known-bad, {nGood} known-good, {nUnknown} unknown, {nErrors} errors";
            if (json)
            {
                stderr.Write(summary + "\n");
            }
            else
            {
                stdout.Write(summary + "\n");
            }

            return nBad > 0 ? 1 : 0;
        }
        finally
        {
            foreach (var d in disposables)
            {
                d.Dispose();
            }
        }
    }

    private static IKnownHashLookup? Load(List<string> files, TextWriter stderr, List<IDisposable> disposables)
    {
        var sets = new List<IKnownHashLookup>();
        foreach (string file in files)
        {
            try
            {
                if (IsIndex(file))
                {
                    var index = HashIndex.Open(file);
                    disposables.Add(index);
                    sets.Add(index);
                    continue;
                }

                var problems = new List<HashFileIssue>();
                var set = NsrlKnownHashes.LoadFile(file, null, problems);
                foreach (var p in problems)
                {
                    stderr.Write($"HashScan: {file}: {p} (skipped)\n");
                }

                sets.Add(set);
            }
            catch (IOException ex)
            {
                stderr.Write($"HashScan: {file}: {ex.Message}\n");
                return null;
            }
            catch (UnauthorizedAccessException ex)
            {
                stderr.Write($"HashScan: {file}: {ex.Message}\n");
                return null;
            }
        }

        return sets.Count == 1 ? sets[0] : new Union(sets);
    }

    private static bool IsIndex(string file)
    {
        using var s = File.OpenRead(file);
        Span<byte> head = stackalloc byte[8];
        return s.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.SequenceEqual("FNHASHIX"u8);
    }

    private static string Json(TreeHashResult result, HashClassification? c)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("path", result.Path);
            if (c is null)
            {
                w.WriteString("status", result.Status == TreeEntryStatus.Error ? "error" : "skipped");
                w.WriteString("error", result.Message);
            }
            else
            {
                w.WriteString("status", c.Status switch
                {
                    KnownHashStatus.KnownBad => "known-bad",
                    KnownHashStatus.KnownGood => "known-good",
                    _ => "unknown",
                });
                w.WriteNumber("size", result.Size);
                if (c.Algorithm is { } algorithm)
                {
                    w.WriteString("match", c.MatchedName);
                    w.WriteString("algorithm", FileHashAlgorithms.GetName(algorithm));
                    w.WriteString("hash", c.Hash);
                }

                foreach (var (alg, digest) in result.Digests!)
                {
                    w.WriteString(FileHashAlgorithms.GetName(alg), Convert.ToHexStringLower(digest.Span));
                }
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private sealed class Union(List<IKnownHashLookup> sets) : IKnownHashLookup
    {
        public IReadOnlyCollection<FileHashAlgorithm> Algorithms { get; } = sets.SelectMany(s => s.Algorithms).Distinct().ToArray();

        public bool TryLookup(FileHashAlgorithm algorithm, ReadOnlySpan<byte> hash, out string? name)
        {
            foreach (var set in sets)
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
