namespace Forensics.Net.Hashing.Files;

/// <summary>The outcome of one file in an audit (as <c>hashdeep -a -k</c> and <c>-x</c> report them).</summary>
public enum AuditStatus
{
    /// <summary>Same path, same digests.</summary>
    Matched,

    /// <summary>Same path, different digests (or size): the file was modified.</summary>
    Changed,

    /// <summary>The digests match a known entry whose path no longer exists: moved or renamed.</summary>
    Moved,

    /// <summary>Neither the path nor the digests are known (a copy of a known file that still exists is New too, with <see cref="AuditItem.ExpectedPath"/> naming the original).</summary>
    New,

    /// <summary>A known entry whose path is gone and whose digests were not found elsewhere.</summary>
    Missing,
}

/// <summary>One line of an audit report.</summary>
public sealed class AuditItem
{
    internal AuditItem(AuditStatus status, string path, string? expectedPath, HashEntry? expected, HashEntry? actual)
    {
        Status = status;
        Path = path;
        ExpectedPath = expectedPath;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Gets the outcome.</summary>
    public AuditStatus Status { get; }

    /// <summary>Gets the path found now (for <see cref="AuditStatus.Missing"/>: the known path).</summary>
    public string Path { get; }

    /// <summary>Gets the known path a moved file or copy came from, or null.</summary>
    public string? ExpectedPath { get; }

    /// <summary>Gets the known entry involved, or null for <see cref="AuditStatus.New"/>.</summary>
    public HashEntry? Expected { get; }

    /// <summary>Gets the entry found now, or null for <see cref="AuditStatus.Missing"/>.</summary>
    public HashEntry? Actual { get; }

    /// <summary>Returns <c>Status: path</c> (with <c>(was …)</c> for moves).</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"{Status}: {Path}" + (ExpectedPath is null || ExpectedPath == Path ? string.Empty : $" (was {ExpectedPath})");
}

/// <summary>An audit's items and counts.</summary>
public sealed class AuditReport
{
    internal AuditReport(List<AuditItem> items)
    {
        Items = items;
        Matched = items.Count(i => i.Status == AuditStatus.Matched);
        Changed = items.Count(i => i.Status == AuditStatus.Changed);
        Moved = items.Count(i => i.Status == AuditStatus.Moved);
        New = items.Count(i => i.Status == AuditStatus.New);
        Missing = items.Count(i => i.Status == AuditStatus.Missing);
    }

    /// <summary>Gets every item: the actual entries in input order, then the missing known entries in their file order.</summary>
    public IReadOnlyList<AuditItem> Items { get; }

    /// <summary>Gets the number of files matched at their known path.</summary>
    public int Matched { get; }

    /// <summary>Gets the number of files changed at their known path.</summary>
    public int Changed { get; }

    /// <summary>Gets the number of files moved or renamed.</summary>
    public int Moved { get; }

    /// <summary>Gets the number of new files.</summary>
    public int New { get; }

    /// <summary>Gets the number of known files not found.</summary>
    public int Missing { get; }

    /// <summary>Gets whether the audit passed: every file matched and nothing is changed, moved, new or missing.</summary>
    public bool Passed => Changed == 0 && Moved == 0 && New == 0 && Missing == 0;
}

/// <summary>The result of checking one hash-file entry against the file system (<c>sha256sum -c</c>).</summary>
public enum VerifyStatus
{
    /// <summary>The file's digests equal the entry's.</summary>
    Ok,

    /// <summary>The digests differ.</summary>
    Failed,

    /// <summary>The file does not exist.</summary>
    Missing,

    /// <summary>The file could not be read (<see cref="VerifyResult.Message"/> says why).</summary>
    Error,
}

/// <summary>One entry checked by <see cref="HashAudit.Verify"/>.</summary>
public sealed class VerifyResult
{
    internal VerifyResult(HashEntry entry, VerifyStatus status, string? message)
    {
        Entry = entry;
        Status = status;
        Message = message;
    }

    /// <summary>Gets the hash-file entry.</summary>
    public HashEntry Entry { get; }

    /// <summary>Gets the result.</summary>
    public VerifyStatus Status { get; }

    /// <summary>Gets the error message, or null.</summary>
    public string? Message { get; }

    /// <summary>Returns <c>path: OK</c> / <c>FAILED</c> as <c>sha256sum -c</c> prints it.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => Status switch
    {
        VerifyStatus.Ok => $"{Entry.Path}: OK",
        VerifyStatus.Failed => $"{Entry.Path}: FAILED",
        _ => $"{Entry.Path}: FAILED open or read" + (Message is null ? string.Empty : $" ({Message})"),
    };
}

/// <summary>
/// Audits a set of files against a saved hash file (matched, changed, moved, new, missing — each counted, none
/// reported as 0 when it happened, unlike hashdeep's summary), and verifies hash files like <c>sha256sum -c</c>.
/// </summary>
/// <example>
/// <code>
/// var known = HashFileReader.ReadFile("baseline.hashdeep").Entries;
/// var now = TreeHasher.Hash(["evidence"], [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha256])
///     .Where(r => r.Status == TreeEntryStatus.Hashed).Select(r => r.ToEntry());
/// AuditReport report = HashAudit.Audit(known, now);
/// Console.WriteLine($"matched {report.Matched}, changed {report.Changed}, moved {report.Moved}, new {report.New}, missing {report.Missing}");
/// </code>
/// </example>
public static class HashAudit
{
    /// <summary>Compares the entries found now with the known entries.</summary>
    /// <param name="expected">The known entries (from a hash file). Paths are compared ordinally after removing a leading <c>./</c>.</param>
    /// <param name="actual">The entries found now (from <see cref="TreeHasher"/>).</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static AuditReport Audit(IEnumerable<HashEntry> expected, IEnumerable<HashEntry> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var known = expected.ToList();
        var found = actual.ToList();
        var byPath = new Dictionary<string, int>(StringComparer.Ordinal);
        var byDigest = new Dictionary<(FileHashAlgorithm, string), List<int>>();
        for (int i = 0; i < known.Count; i++)
        {
            byPath.TryAdd(Normalize(known[i].Path), i);
            foreach (var (algorithm, digest) in known[i].Digests)
            {
                var key = (algorithm, Convert.ToHexString(digest.Span));
                if (!byDigest.TryGetValue(key, out var list))
                {
                    byDigest[key] = list = [];
                }

                list.Add(i);
            }
        }

        var actualPaths = new HashSet<string>(found.Select(f => Normalize(f.Path)), StringComparer.Ordinal);
        var accounted = new bool[known.Count];
        var items = new List<AuditItem>(found.Count);
        foreach (var entry in found)
        {
            string path = Normalize(entry.Path);
            if (byPath.TryGetValue(path, out int k))
            {
                accounted[k] = true;
                bool same = entry.Digests.Matches(known[k].Digests)
                    && (entry.Size < 0 || known[k].Size < 0 || entry.Size == known[k].Size);
                items.Add(new AuditItem(same ? AuditStatus.Matched : AuditStatus.Changed, entry.Path, known[k].Path, known[k], entry));
                continue;
            }

            int moved = -1, copyOf = -1;
            foreach (var (algorithm, digest) in entry.Digests)
            {
                if (!byDigest.TryGetValue((algorithm, Convert.ToHexString(digest.Span)), out var candidates))
                {
                    continue;
                }

                foreach (int c in candidates)
                {
                    if (!entry.Digests.Matches(known[c].Digests))
                    {
                        continue;
                    }

                    if (!actualPaths.Contains(Normalize(known[c].Path)) && !accounted[c])
                    {
                        moved = c;
                        break;
                    }

                    copyOf = copyOf < 0 ? c : copyOf;
                }

                if (moved >= 0)
                {
                    break;
                }
            }

            if (moved >= 0)
            {
                accounted[moved] = true;
                items.Add(new AuditItem(AuditStatus.Moved, entry.Path, known[moved].Path, known[moved], entry));
            }
            else
            {
                items.Add(new AuditItem(AuditStatus.New, entry.Path, copyOf >= 0 ? known[copyOf].Path : null, copyOf >= 0 ? known[copyOf] : null, entry));
            }
        }

        for (int i = 0; i < known.Count; i++)
        {
            if (!accounted[i] && !actualPaths.Contains(Normalize(known[i].Path)))
            {
                items.Add(new AuditItem(AuditStatus.Missing, known[i].Path, known[i].Path, known[i], null));
            }
        }

        return new AuditReport(items);
    }

    /// <summary>Checks each entry against the file at its path, like <c>sha256sum -c</c> and <c>hashdeep -k -x</c>.</summary>
    /// <param name="entries">The entries to check (from <see cref="HashFileReader"/>).</param>
    /// <param name="baseDirectory">The directory relative paths are resolved against, or null for the current directory.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>One result per entry, in entry order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static IEnumerable<VerifyResult> Verify(IEnumerable<HashEntry> entries, string? baseDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return VerifyCore(entries, baseDirectory, cancellationToken);
    }

    private static IEnumerable<VerifyResult> VerifyCore(IEnumerable<HashEntry> entries, string? baseDirectory, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string path = baseDirectory is null ? entry.Path : Path.Combine(baseDirectory, entry.Path);
            VerifyStatus status;
            string? message = null;
            var algorithms = entry.Digests.Algorithms.Where(FileHashAlgorithms.IsSupported).ToArray();
            if (algorithms.Length == 0)
            {
                yield return new VerifyResult(entry, VerifyStatus.Error, "no algorithm of this entry is supported on this platform");
                continue;
            }

            try
            {
                var digests = FileHasher.HashFile(path, algorithms, null, null, cancellationToken);
                status = digests.Matches(entry.Digests) && (entry.Size < 0 || entry.Size == digests.Length) ? VerifyStatus.Ok : VerifyStatus.Failed;
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                status = VerifyStatus.Missing;
                message = "no such file or directory";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                status = VerifyStatus.Error;
                message = ex.Message;
            }

            yield return new VerifyResult(entry, status, message);
        }
    }

    private static string Normalize(string path) => path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
}
