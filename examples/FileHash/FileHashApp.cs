using System.CommandLine;
using Forensics.Net.Examples.Shared;
using Forensics.Net.Hashing.Files;

namespace FileHash;

/// <summary>
/// <c>FileHash [-a md5,sha256,...] [-r] [--format hashdeep|sum|bsd|csv|json] PATH...</c> — hash files and trees.
/// <c>FileHash --audit KNOWN [-r] PATH...</c> audits against a saved hash file (matched/changed/moved/new/missing);
/// <c>FileHash --check FILE</c> verifies like <c>sha256sum -c</c>.
/// </summary>
public static class FileHashApp
{
    private const string AlgorithmList = "md5,sha1,sha256,sha384,sha512,sha3-256,sha3-512,crc32,xxh3,xxh128,blake3,ssdeep,tlsh";

    private static readonly Option<string> AlgorithmsOption = new("--algorithms") { Description = "comma-separated algorithms: " + AlgorithmList + " (default sha256)", HelpName = "ALGS" };

    // `-a` kept for the command lines already written; it is not shown in --help because hashdeep's -a means audit (use --audit).
    private static readonly Option<string> LegacyAlgorithmsOption = new("-a") { Hidden = true };
    private static readonly Option<bool> RecursiveOption = new("--recursive", "-r") { Description = "walk directories (as hashdeep -r)" };
    private static readonly Option<bool> VerboseOption = new("--verbose", "-v") { Description = "with --audit: list matched files too" };
    private static readonly Option<string> FormatOption = new Option<string>("--format") { Description = "output format (default: sum for one algorithm, else hashdeep)", HelpName = "FORMAT" }
        .OneOf("hashdeep", "sum", "bsd", "csv", "json", "jsonl", "ssdeep");
    private static readonly Option<bool> JsonOption = new("--json") { Description = "JSON Lines, one object per file (same as --format json)" };
    private static readonly Option<string> AuditOption = new("--audit") { Description = "audit PATHs against a saved hash file: matched/changed/moved/new/missing (exit 1 unless it passes)", HelpName = "KNOWN" };
    private static readonly Option<string> CheckOption = new("--check", "-c") { Description = "verify the files listed in a hash file, as sha256sum -c (exit 1 on a mismatch)", HelpName = "HASH_FILE" };
    private static readonly Option<string[]> IncludeOption = new("--include") { Description = "only files whose path matches GLOB; repeatable", HelpName = "GLOB" };
    private static readonly Option<string[]> ExcludeOption = new("--exclude") { Description = "skip files whose path matches GLOB; repeatable", HelpName = "GLOB" };
    private static readonly Option<long> MinSizeOption = new Option<long>("--min-size") { Description = "skip files smaller than N bytes", HelpName = "N" }.InRange(0, long.MaxValue);
    private static readonly Option<long> MaxSizeOption = new Option<long>("--max-size") { Description = "skip files larger than N bytes", HelpName = "N", DefaultValueFactory = _ => long.MaxValue }.InRange(0, long.MaxValue);
    private static readonly Option<bool> NoHiddenOption = new("--no-hidden") { Description = "skip hidden files and directories" };
    private static readonly Option<bool> FollowOption = new("--follow-symlinks") { Description = "follow symbolic links" };
    private static readonly Option<int> JobsOption = new Option<int>("--jobs", "-j") { Description = "files hashed in parallel (default: processor count)", HelpName = "N" }.InRange(1, 1024);
    private static readonly Argument<string[]> PathsArgument = new("PATH") { Description = "files or directories; - reads standard input", Arity = ArgumentArity.ZeroOrMore };

    private static readonly Command RootCommand = Cli.CreateCommand(
        "Hashes files and trees (sum output byte-identical to sha256sum, hashdeep, BSD, CSV, JSON Lines); audits against a known file; verifies like sha256sum -c.",
        AlgorithmsOption, LegacyAlgorithmsOption, RecursiveOption, VerboseOption, FormatOption, JsonOption, AuditOption, CheckOption,
        IncludeOption, ExcludeOption, MinSizeOption, MaxSizeOption, NoHiddenOption, FollowOption, JobsOption, PathsArgument);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, null);

    /// <summary>Runs the command; <paramref name="stdin"/> is what <c>-</c> reads (default: the process's standard input).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdin) => Cli.Run(stderr, () =>
    {
        if (!Cli.TryParse(RootCommand, args, stdout, stderr, out ParseResult parsed, out int exit))
        {
            return exit;
        }

        IReadOnlyList<FileHashAlgorithm>? algorithms = null;
        if ((parsed.GetValue(AlgorithmsOption) ?? parsed.GetValue(LegacyAlgorithmsOption)) is { } list)
        {
            try
            {
                algorithms = FileHashAlgorithms.ParseList(list);
            }
            catch (FormatException ex)
            {
                return Cli.Usage(stderr, "--algorithms: " + ex.Message);
            }
        }

        string? format = parsed.GetValue(JsonOption) ? "json" : parsed.GetValue(FormatOption);
        string? audit = parsed.GetValue(AuditOption), check = parsed.GetValue(CheckOption);
        List<string> paths = [.. parsed.GetValue(PathsArgument) ?? []];
        if (check is not null)
        {
            return Check(check, stdout, stderr);
        }

        if (paths.Count == 0)
        {
            return Cli.Usage(stderr, "no PATH given (- reads standard input)");
        }

        var options = new TreeHasherOptions
        {
            Recursive = parsed.GetValue(RecursiveOption),
            Include = parsed.GetValue(IncludeOption) ?? [],
            Exclude = parsed.GetValue(ExcludeOption) ?? [],
            MinSize = parsed.GetValue(MinSizeOption),
            MaxSize = parsed.GetValue(MaxSizeOption),
            IncludeHidden = !parsed.GetValue(NoHiddenOption),
            FollowSymlinks = parsed.GetValue(FollowOption),
            MaxDegreeOfParallelism = parsed.GetValue(JobsOption) is > 0 and int jobs ? jobs : -1,
        };

        if (audit is not null)
        {
            return Audit(audit, algorithms, paths, options, parsed.GetValue(VerboseOption), stdout, stderr);
        }

        return Hash(args, algorithms, format, paths, options, stdout, stderr, stdin);
    });

    private static int Hash(string[] args, IReadOnlyList<FileHashAlgorithm>? algorithms, string? format, List<string> paths, TreeHasherOptions options,
        TextWriter stdout, TextWriter stderr, Stream? stdin)
    {
        algorithms ??= [FileHashAlgorithm.Sha256];
        var unsupported = algorithms.Where(x => !FileHashAlgorithms.IsSupported(x)).ToList();
        if (unsupported.Count > 0)
        {
            return Cli.Usage(stderr, $"{FileHashAlgorithms.FormatList(unsupported)} not supported on this platform (the system cryptography library lacks SHA-3)");
        }

        if (format == "ssdeep")
        {
            return SsdeepOutput.Write(paths, algorithms, options, stdout, stderr);
        }

        HashFileFormat fileFormat;
        switch (format ?? (algorithms.Count == 1 ? "sum" : "hashdeep"))
        {
            case "hashdeep": fileFormat = HashFileFormat.Hashdeep; break;
            case "sum": fileFormat = HashFileFormat.Sum; break;
            case "bsd": fileFormat = HashFileFormat.Bsd; break;
            case "csv": fileFormat = HashFileFormat.Csv; break;
            case "json": case "jsonl": fileFormat = HashFileFormat.JsonLines; break;
            default:
                return Cli.Usage(stderr, $"unknown format '{format}'");
        }

        if (fileFormat == HashFileFormat.Sum && algorithms.Count != 1)
        {
            return Cli.Usage(stderr, "--format sum takes exactly one algorithm (use hashdeep, bsd, csv or json for several)");
        }

        int exit = 0;
        using var writer = new HashFileWriter(stdout, fileFormat, algorithms, new HashFileWriterOptions
        {
            LeaveOpen = true,
            InvokedFrom = fileFormat == HashFileFormat.Hashdeep ? Environment.CurrentDirectory : null,
            CommandLine = fileFormat == HashFileFormat.Hashdeep ? "FileHash " + string.Join(' ', args) : null,
        });
        writer.WriteHeader();
        using var progress = StderrProgress.Create(stderr, "files hashed");
        foreach (List<string> group in Groups(paths))
        {
            if (group is [Input.StdinPath])
            {
                Stream input = stdin ?? Console.OpenStandardInput();
                HashDigests digests = FileHasher.Hash(input, algorithms);
                writer.Write(new HashEntry(Input.StdinPath, digests.Length, digests));
                continue;
            }

            foreach (var result in TreeHasher.Hash(group, algorithms, options))
            {
                progress.Advance();
                switch (result.Status)
                {
                    case TreeEntryStatus.Hashed when fileFormat == HashFileFormat.Sum && result.Digests!.GetHex(algorithms[0]) == "TNULL":
                        // Like the tlsh tool: no line for a file without a TLSH digest.
                        Cli.Error(stderr, result.Path, "no TLSH digest (shorter than 256 bytes or too little variety)");
                        break;
                    case TreeEntryStatus.Hashed:
                        try
                        {
                            writer.Write(result.ToEntry());
                        }
                        catch (ArgumentException ex)
                        {
                            Cli.Error(stderr, result.Path.ReplaceLineEndings("\\n"), ex.Message);
                            exit = ExitCodes.Error;
                        }

                        if (result.Message is not null)
                        {
                            Cli.Error(stderr, result.Path, "warning: " + result.Message);
                        }

                        break;
                    case TreeEntryStatus.Error:
                        Cli.Error(stderr, result.Path, result.Message ?? "cannot be read");
                        exit = ExitCodes.Error;
                        break;
                    case TreeEntryStatus.Skipped:
                        Cli.Error(stderr, result.Path, result.Message ?? "skipped");
                        break;
                }
            }
        }

        writer.Flush();
        return exit;
    }

    /// <summary>Splits the paths at each <c>-</c> so standard input is hashed in its place in the argument order.</summary>
    private static IEnumerable<List<string>> Groups(List<string> paths)
    {
        var group = new List<string>();
        foreach (string path in paths)
        {
            if (Input.IsStdin(path))
            {
                if (group.Count > 0)
                {
                    yield return group;
                    group = [];
                }

                yield return [Input.StdinPath];
            }
            else
            {
                group.Add(path);
            }
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    private static int Audit(string knownFile, IReadOnlyList<FileHashAlgorithm>? algorithms, List<string> paths, TreeHasherOptions options,
        bool verbose, TextWriter stdout, TextWriter stderr)
    {
        HashFileReadResult known;
        try
        {
            known = HashFileReader.ReadFile(knownFile);
        }
        catch (IOException ex)
        {
            Cli.Error(stderr, knownFile, ex.Message);
            return ExitCodes.Error;
        }

        foreach (var problem in known.Issues)
        {
            Cli.Error(stderr, knownFile, problem.ToString());
        }

        var algs = (algorithms ?? known.Algorithms).Where(FileHashAlgorithms.IsSupported).ToArray();
        if (algs.Length == 0)
        {
            Cli.Error(stderr, knownFile, "no usable hash algorithm in the known file");
            return ExitCodes.Error;
        }

        var actual = new List<HashEntry>();
        int errors = 0;
        foreach (var result in TreeHasher.Hash(paths, algs, options))
        {
            if (result.Status == TreeEntryStatus.Hashed)
            {
                actual.Add(result.ToEntry());
            }
            else
            {
                Cli.Error(stderr, result.Path, result.Message ?? "cannot be read");
                errors += result.Status == TreeEntryStatus.Error ? 1 : 0;
            }
        }

        var report = HashAudit.Audit(known.Entries, actual);
        foreach (var item in report.Items)
        {
            if (verbose || item.Status != AuditStatus.Matched)
            {
                stdout.Write(item + "\n");
            }
        }

        stdout.Write($"Audit {(report.Passed && errors == 0 ? "passed" : "failed")}\n");
        stdout.Write($"          Files matched: {report.Matched}\n");
        stdout.Write($"          Files changed: {report.Changed}\n");
        stdout.Write($"            Files moved: {report.Moved}\n");
        stdout.Write($"        New files found: {report.New}\n");
        stdout.Write($"  Known files not found: {report.Missing}\n");
        if (errors > 0)
        {
            stdout.Write($"      Files not readable: {errors}\n");
        }

        return report.Passed && errors == 0 ? 0 : 1;
    }

    private static int Check(string hashFile, TextWriter stdout, TextWriter stderr)
    {
        HashFileReadResult file;
        try
        {
            file = HashFileReader.ReadFile(hashFile);
        }
        catch (IOException ex)
        {
            Cli.Error(stderr, hashFile, ex.Message);
            return ExitCodes.Error;
        }

        foreach (var problem in file.Issues)
        {
            Cli.Error(stderr, hashFile, $"{problem}: improperly formatted line");
        }

        int failed = 0, unreadable = 0;
        foreach (var result in HashAudit.Verify(file.Entries))
        {
            stdout.Write(result + "\n");
            failed += result.Status == VerifyStatus.Failed ? 1 : 0;
            unreadable += result.Status is VerifyStatus.Missing or VerifyStatus.Error ? 1 : 0;
        }

        if (failed > 0)
        {
            stderr.Write($"{Cli.ToolName}: WARNING: {failed} computed checksum{(failed == 1 ? string.Empty : "s")} did NOT match\n");
        }

        if (unreadable > 0)
        {
            stderr.Write($"{Cli.ToolName}: WARNING: {unreadable} listed file{(unreadable == 1 ? string.Empty : "s")} could not be read\n");
        }

        return failed + unreadable + file.Issues.Count > 0 ? 1 : 0;
    }
}
