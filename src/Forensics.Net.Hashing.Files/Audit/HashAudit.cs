namespace Forensics.Net.Hashing.Files;

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
