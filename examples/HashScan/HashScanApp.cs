using System.CommandLine;
using System.Text.Json;
using Forensics.Net.Examples.Shared;
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
    private static readonly Option<string[]> BadOption = new("--bad") { Description = "known-bad hash list (sha256sum, md5sum, hashdeep, BSD, CSV, JSON Lines, NSRL, HashIndex); repeatable", HelpName = "FILE", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string[]> GoodOption = new("--good") { Description = "known-good hash list; repeatable", HelpName = "FILE" };
    private static readonly Option<bool> RecursiveOption = new("--recursive", "-r") { Description = "walk directories" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "JSON Lines: one object per file (the summary goes to stderr)" };
    private static readonly Option<bool> VerboseOption = new("--verbose", "-v") { Description = "also print known-good and unknown files" };
    private static readonly Option<string[]> SimilarOption = new("--similar") { Description = "ssdeep list (ssdeep -r output): print what ssdeep -m prints, PATH matches LIST:NAME (SCORE); repeatable", HelpName = "KNOWN.ssdeep" };
    private static readonly Option<int> ThresholdOption = new Option<int>("--threshold", "-t") { Description = "with --similar: only scores above N (0-100, default 0, as ssdeep -t)", HelpName = "N" }.InRange(0, 100);
    private static readonly Argument<string[]> PathsArgument = new("PATH") { Description = "files or directories to scan", Arity = ArgumentArity.OneOrMore };

    private static readonly Command RootCommand = Cli.CreateCommand(
        "Classifies files against known-bad and known-good hash sets; prints !! Match found with NAME (HASH) for each known-bad file. " +
        "Exit 1 when anything known-bad was found, 2 when a file or hash list could not be read.",
        BadOption, GoodOption, SimilarOption, ThresholdOption, RecursiveOption, JsonOption, VerboseOption, PathsArgument);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Cli.Run(stderr, () =>
    {
        if (!Cli.TryParse(RootCommand, args, stdout, stderr, out ParseResult parsed, out int exit))
        {
            return exit;
        }

        List<string> similar = [.. parsed.GetValue(SimilarOption) ?? []];
        if (similar.Count > 0)
        {
            return SimilarScan.Scan(similar, parsed.GetValue(ThresholdOption), [.. parsed.GetValue(PathsArgument) ?? []], parsed.GetValue(RecursiveOption), stdout, stderr);
        }

        List<string> bad = [.. parsed.GetValue(BadOption) ?? []];
        if (bad.Count == 0)
        {
            return Cli.Usage(stderr, "--bad FILE (or --similar KNOWN.ssdeep) is required");
        }

        List<string> good = [.. parsed.GetValue(GoodOption) ?? []];
        List<string> paths = [.. parsed.GetValue(PathsArgument) ?? []];
        bool recursive = parsed.GetValue(RecursiveOption), json = parsed.GetValue(JsonOption), verbose = parsed.GetValue(VerboseOption);
        return Scan(bad, good, paths, recursive, json, verbose, stdout, stderr);
    });

    private static int Scan(List<string> bad, List<string> good, List<string> paths, bool recursive, bool json, bool verbose, TextWriter stdout, TextWriter stderr)
    {
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
            using var progress = StderrProgress.Create(stderr, "files scanned");
            using var jsonLines = new JsonLineWriter(stdout);
            foreach (var result in TreeHasher.Hash(paths, algorithms, new TreeHasherOptions { Recursive = recursive }))
            {
                progress.Advance();
                if (result.Status != TreeEntryStatus.Hashed)
                {
                    nErrors += result.Status == TreeEntryStatus.Error ? 1 : 0;
                    if (json)
                    {
                        Json(jsonLines, result, null);
                    }
                    else
                    {
                        Cli.Error(stderr, result.Path, result.Message ?? "skipped");
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
                    Json(jsonLines, result, c);
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

            return nBad > 0 ? ExitCodes.Findings : nErrors > 0 ? ExitCodes.Error : ExitCodes.Success;
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
                    Cli.Error(stderr, file, $"{p} (skipped)");
                }

                sets.Add(set);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Cli.Error(stderr, file, ex.Message);
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

    private static void Json(JsonLineWriter lines, TreeHashResult result, HashClassification? c)
    {
        Utf8JsonWriter w = lines.Begin();
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
                w.WriteString(FileHashAlgorithms.GetName(alg).Replace('-', '_'), Convert.ToHexStringLower(digest.Span));
            }
        }

        lines.End();
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
