using Forensics.Net.Hashing.Files;

namespace FileHash;

/// <summary>
/// <c>FileHash [-a md5,sha256,...] [-r] [--format hashdeep|sum|bsd|csv|json] PATH...</c> — hash files and trees.
/// <c>FileHash --audit KNOWN [-r] PATH...</c> audits against a saved hash file (matched/changed/moved/new/missing);
/// <c>FileHash --check FILE</c> verifies like <c>sha256sum -c</c>.
/// </summary>
public static class FileHashApp
{
    public const string Usage =
        "usage: FileHash [-a md5,sha256,...] [-r] [--format hashdeep|sum|bsd|csv|json] [--include GLOB] [--exclude GLOB]\n" +
        "                [--min-size N] [--max-size N] [--no-hidden] [--follow-symlinks] [-j N] PATH...\n" +
        "       FileHash --audit KNOWN_FILE [-r] [-v] PATH...     audit PATHs against a saved hash file\n" +
        "       FileHash --check HASH_FILE                        verify like sha256sum -c\n" +
        "algorithms: " + "md5,sha1,sha256,sha384,sha512,sha3-256,sha3-512,crc32,xxh3,xxh128,blake3";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        IReadOnlyList<FileHashAlgorithm>? algorithms = null;
        bool recursive = false, verbose = false, noHidden = false, follow = false;
        string? format = null, audit = null, check = null;
        long minSize = 0, maxSize = long.MaxValue;
        int jobs = -1;
        var include = new List<string>();
        var exclude = new List<string>();
        var paths = new List<string>();
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{a} needs a value");
                switch (a)
                {
                    case "-a": case "--algorithms": algorithms = FileHashAlgorithms.ParseList(Next()); break;
                    case "-r": case "--recursive": recursive = true; break;
                    case "-v": case "--verbose": verbose = true; break;
                    case "--format": format = Next(); break;
                    case "--audit": audit = Next(); break;
                    case "--check": check = Next(); break;
                    case "--include": include.Add(Next()); break;
                    case "--exclude": exclude.Add(Next()); break;
                    case "--min-size": minSize = long.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--max-size": maxSize = long.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--no-hidden": noHidden = true; break;
                    case "--follow-symlinks": follow = true; break;
                    case "-j": jobs = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                    case "-h": case "--help": stdout.Write(Usage + "\n"); return 0;
                    case "--": paths.AddRange(args[(i + 1)..]); i = args.Length; break;
                    default:
                        if (a.StartsWith('-') && a.Length > 1)
                        {
                            throw new FormatException("unknown option " + a);
                        }

                        paths.Add(a);
                        break;
                }
            }
        }
        catch (FormatException ex)
        {
            stderr.Write($"FileHash: {ex.Message}\n{Usage}\n");
            return 2;
        }

        if (check is not null)
        {
            return Check(check, stdout, stderr);
        }

        if (paths.Count == 0)
        {
            stderr.Write(Usage + "\n");
            return 2;
        }

        var options = new TreeHasherOptions
        {
            Recursive = recursive,
            Include = include,
            Exclude = exclude,
            MinSize = minSize,
            MaxSize = maxSize,
            IncludeHidden = !noHidden,
            FollowSymlinks = follow,
            MaxDegreeOfParallelism = jobs,
        };

        if (audit is not null)
        {
            return Audit(audit, algorithms, paths, options, verbose, stdout, stderr);
        }

        algorithms ??= [FileHashAlgorithm.Sha256];
        var unsupported = algorithms.Where(x => !FileHashAlgorithms.IsSupported(x)).ToList();
        if (unsupported.Count > 0)
        {
            stderr.Write($"FileHash: {FileHashAlgorithms.FormatList(unsupported)} not supported on this platform (the system cryptography library lacks SHA-3)\n");
            return 2;
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
                stderr.Write($"FileHash: unknown format '{format}'\n{Usage}\n");
                return 2;
        }

        if (fileFormat == HashFileFormat.Sum && algorithms.Count != 1)
        {
            stderr.Write("FileHash: --format sum takes exactly one algorithm (use hashdeep, bsd, csv or json for several)\n");
            return 2;
        }

        int exit = 0;
        using var writer = new HashFileWriter(stdout, fileFormat, algorithms, new HashFileWriterOptions
        {
            LeaveOpen = true,
            InvokedFrom = fileFormat == HashFileFormat.Hashdeep ? Environment.CurrentDirectory : null,
            CommandLine = fileFormat == HashFileFormat.Hashdeep ? "FileHash " + string.Join(' ', args) : null,
        });
        writer.WriteHeader();
        foreach (var result in TreeHasher.Hash(paths, algorithms, options))
        {
            switch (result.Status)
            {
                case TreeEntryStatus.Hashed:
                    try
                    {
                        writer.Write(result.ToEntry());
                    }
                    catch (ArgumentException ex)
                    {
                        stderr.Write($"FileHash: {result.Path.ReplaceLineEndings("\\n")}: {ex.Message}\n");
                        exit = 1;
                    }

                    if (result.Message is not null)
                    {
                        stderr.Write($"FileHash: {result.Path}: warning: {result.Message}\n");
                    }

                    break;
                case TreeEntryStatus.Error:
                    stderr.Write($"FileHash: {result.Path}: {result.Message}\n");
                    exit = 1;
                    break;
                case TreeEntryStatus.Skipped:
                    stderr.Write($"FileHash: {result.Path}: {result.Message}\n");
                    break;
            }
        }

        writer.Flush();
        return exit;
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
            stderr.Write($"FileHash: {knownFile}: {ex.Message}\n");
            return 2;
        }

        foreach (var problem in known.Issues)
        {
            stderr.Write($"FileHash: {knownFile}: {problem}\n");
        }

        var algs = (algorithms ?? known.Algorithms).Where(FileHashAlgorithms.IsSupported).ToArray();
        if (algs.Length == 0)
        {
            stderr.Write($"FileHash: {knownFile}: no usable hash algorithm in the known file\n");
            return 2;
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
                stderr.Write($"FileHash: {result.Path}: {result.Message}\n");
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
            stderr.Write($"FileHash: {hashFile}: {ex.Message}\n");
            return 2;
        }

        foreach (var problem in file.Issues)
        {
            stderr.Write($"FileHash: {hashFile}: {problem}: improperly formatted line\n");
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
            stderr.Write($"FileHash: WARNING: {failed} computed checksum{(failed == 1 ? string.Empty : "s")} did NOT match\n");
        }

        if (unreadable > 0)
        {
            stderr.Write($"FileHash: WARNING: {unreadable} listed file{(unreadable == 1 ? string.Empty : "s")} could not be read\n");
        }

        return failed + unreadable + file.Issues.Count > 0 ? 1 : 0;
    }
}
