using System.Buffers;
using System.Runtime.CompilerServices;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// Hashes files and directory trees with bounded parallelism and a deterministic output order: roots in the
/// order given, and within a root the entries sorted by ordinal path, whatever the parallelism. Unreadable,
/// vanished and special files are reported per entry and the run continues.
/// </summary>
/// <remarks>
/// On Linux (glibc 2.33 or later) the walk is native and overlapped with hashing: directories are read with
/// readdir, each listing is sorted (files by name, directories by name + '/', which equals one ordinal sort
/// of the paths), and files are opened non-blocking and confirmed regular with fstat, so a file replaced by a
/// FIFO, device or link after listing is skipped and never read. Names that are not valid UTF-8 are opened by
/// their raw bytes; <see cref="TreeHashResult.Path"/> shows them with U+FFFD. Other platforms use the portable
/// .NET walk, which lists each root before hashing it.
/// </remarks>
/// <example>
/// <code>
/// foreach (TreeHashResult r in TreeHasher.Hash(["evidence/"], [FileHashAlgorithm.Sha256],
///     new TreeHasherOptions { Exclude = ["*.tmp"] }))
/// {
///     if (r.Status == TreeEntryStatus.Hashed) Console.WriteLine($"{r.Digests!.GetHex(FileHashAlgorithm.Sha256)}  {r.Path}");
///     else Console.Error.WriteLine(r);
/// }
/// </code>
/// </example>
public static class TreeHasher
{
    /// <summary>Hashes files and trees, yielding results in deterministic order.</summary>
    /// <param name="paths">Files and directories (roots are followed even when they are symbolic links).</param>
    /// <param name="algorithms">The algorithms.</param>
    /// <param name="options">Options, or null for defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>One result per file, error and skipped entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> or <paramref name="algorithms"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithms"/> is empty.</exception>
    /// <exception cref="PlatformNotSupportedException">An algorithm is not available on this platform.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static IEnumerable<TreeHashResult> Hash(
        IEnumerable<string> paths,
        IEnumerable<FileHashAlgorithm> algorithms,
        TreeHasherOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var algs = Validate(paths, algorithms);
        return HashSync(paths, algs, options ?? TreeHasherOptions.Default, cancellationToken);
    }

    /// <summary>Hashes files and trees asynchronously, yielding results in deterministic order.</summary>
    /// <param name="paths">Files and directories.</param>
    /// <param name="algorithms">The algorithms.</param>
    /// <param name="options">Options, or null for defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>One result per file, error and skipped entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> or <paramref name="algorithms"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithms"/> is empty.</exception>
    /// <exception cref="PlatformNotSupportedException">An algorithm is not available on this platform.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static IAsyncEnumerable<TreeHashResult> HashAsync(
        IEnumerable<string> paths,
        IEnumerable<FileHashAlgorithm> algorithms,
        TreeHasherOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var algs = Validate(paths, algorithms);
        return HashCoreAsync(paths, algs, options ?? TreeHasherOptions.Default, useAsync: true, cancellationToken);
    }

    private static FileHashAlgorithm[] Validate(IEnumerable<string> paths, IEnumerable<FileHashAlgorithm> algorithms)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return FileHashAlgorithms.ValidateList(algorithms, requireSupported: true);
    }

    /// <summary>As <c>Hash</c>, with a chosen walk (tests compare the native, d_type-less and portable walks).</summary>
    internal static IEnumerable<TreeHashResult> HashWithWalk(
        IEnumerable<string> paths,
        IEnumerable<FileHashAlgorithm> algorithms,
        TreeHasherOptions? options,
        TreeWalker.WalkMode walkMode)
    {
        var algs = Validate(paths, algorithms);
        return HashSync(paths, algs, options ?? TreeHasherOptions.Default, CancellationToken.None, walkMode);
    }

    private static IEnumerable<TreeHashResult> HashSync(IEnumerable<string> paths, FileHashAlgorithm[] algorithms, TreeHasherOptions options, CancellationToken cancellationToken, TreeWalker.WalkMode walkMode = TreeWalker.WalkMode.Auto)
    {
        var e = HashCoreAsync(paths, algorithms, options, useAsync: false, cancellationToken, walkMode).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                var move = e.MoveNextAsync();
                if (!(move.IsCompleted ? move.Result : move.AsTask().GetAwaiter().GetResult()))
                {
                    break;
                }

                yield return e.Current;
            }
        }
        finally
        {
            var d = e.DisposeAsync();
            if (!d.IsCompleted)
            {
                d.AsTask().GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>The one core: walk each root (streamed) and hash with a bounded window of batches, yielding in order.</summary>
    private static async IAsyncEnumerable<TreeHashResult> HashCoreAsync(
        IEnumerable<string> paths,
        FileHashAlgorithm[] algorithms,
        TreeHasherOptions options,
        bool useAsync,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        TreeWalker.WalkMode walkMode = TreeWalker.WalkMode.Auto)
    {
        int dop = options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : Math.Max(1, options.MaxDegreeOfParallelism);
        var walker = new TreeWalker(options, walkMode);
        var hashers = new System.Collections.Concurrent.ConcurrentBag<MultiHasher>(); // reused across small files
        var gate = new SemaphoreSlim(dop); // not disposed: tasks of an abandoned enumeration may still release it
        var window = new Queue<Task<TreeHashResult[]>>();
        int windowSize = dop * 4;
        var batch = new List<TreeWalker.Item>(BatchFiles);
        long batchBytes = 0;
        bool batchHasWork = false;

        foreach (string root in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The walk is lazy: it runs on this thread between hand-offs while the workers hash earlier batches.
            using var items = walker.Walk(root).GetEnumerator();
            while (true)
            {
                bool more = items.MoveNext();
                if (more)
                {
                    var item = items.Current;
                    batch.Add(item);
                    batchBytes += Math.Max(0, item.Size) + 4096;
                    batchHasWork |= item.Status == TreeEntryStatus.Hashed;
                    if (batch.Count < BatchFiles && batchBytes < BatchBytes)
                    {
                        continue;
                    }
                }

                if (batch.Count > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();

                    // Batch small files so that one task handles many: a thread hand-off per file costs more than hashing it.
                    var work = batch.ToArray();
                    batch.Clear();
                    batchBytes = 0;
                    if (!batchHasWork)
                    {
                        window.Enqueue(Task.FromResult(Array.ConvertAll(work, Unhashed)));
                    }
                    else
                    {
                        if (useAsync)
                        {
                            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            gate.Wait(cancellationToken);
                        }

                        window.Enqueue(Task.Run(
                            () =>
                            {
                                try
                                {
                                    var results = new TreeHashResult[work.Length];
                                    for (int i = 0; i < work.Length; i++)
                                    {
                                        cancellationToken.ThrowIfCancellationRequested();
                                        results[i] = work[i].Status == TreeEntryStatus.Hashed
                                            ? HashOne(work[i], algorithms, options, hashers, cancellationToken)
                                            : Unhashed(work[i]);
                                    }

                                    return results;
                                }
                                finally
                                {
                                    gate.Release();
                                }
                            },
                            CancellationToken.None));
                    }

                    batchHasWork = false;
                }

                while (window.Count > 0 && (window.Peek().IsCompleted || window.Count >= windowSize))
                {
                    var head = window.Dequeue();
                    foreach (var result in useAsync ? await head.ConfigureAwait(false) : head.GetAwaiter().GetResult())
                    {
                        cancellationToken.ThrowIfCancellationRequested(); // a cancel between two items of a finished batch stops at once
                        yield return result;
                    }
                }

                if (!more)
                {
                    break;
                }
            }
        }

        while (window.Count > 0)
        {
            var head = window.Dequeue();
            foreach (var result in useAsync ? await head.ConfigureAwait(false) : head.GetAwaiter().GetResult())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return result;
            }
        }

        while (hashers.TryTake(out var hasher))
        {
            hasher.Dispose();
        }
    }

    private const int BatchFiles = 64;
    private const long BatchBytes = 8L << 20;

    private static TreeHashResult Unhashed(TreeWalker.Item item) =>
        new(item.Path, item.FullPath, item.Status, item.Size, null, item.Message);

    private static TreeHashResult HashOne(
        TreeWalker.Item item,
        FileHashAlgorithm[] algorithms,
        TreeHasherOptions options,
        System.Collections.Concurrent.ConcurrentBag<MultiHasher> hashers,
        CancellationToken cancellationToken)
    {
        try
        {
            if (item.NativePath is not null)
            {
                return HashNative(item, algorithms, options, hashers, cancellationToken);
            }

            HashDigests digests;
            if (item.Size >= 0 && item.Size < options.FileOptions.BufferSize)
            {
                // Small file: one read into a pooled buffer, hashed by a pooled single-threaded hasher.
                if (!hashers.TryTake(out var hasher))
                {
                    hasher = new MultiHasher(algorithms, 1);
                }

                try
                {
                    digests = FileHasher.HashSmallFile(item.FullPath, hasher, (int)item.Size);
                }
                finally
                {
                    hashers.Add(hasher);
                }
            }
            else
            {
                digests = FileHasher.HashFile(item.FullPath, algorithms, options.FileOptions, null, cancellationToken);
            }

            string? warning = item.Size >= 0 && digests.Length != item.Size
                ? $"size changed while reading ({item.Size} bytes when listed, {digests.Length} bytes hashed)"
                : null;
            return new TreeHashResult(item.Path, item.FullPath, TreeEntryStatus.Hashed, digests.Length, digests, warning);
        }
        catch (FileNotFoundException)
        {
            return new TreeHashResult(item.Path, item.FullPath, TreeEntryStatus.Error, item.Size, null, "vanished before it could be read");
        }
        catch (DirectoryNotFoundException)
        {
            return new TreeHashResult(item.Path, item.FullPath, TreeEntryStatus.Error, item.Size, null, "vanished before it could be read");
        }
        catch (UnauthorizedAccessException ex)
        {
            return new TreeHashResult(item.Path, item.FullPath, TreeEntryStatus.Error, item.Size, null, "permission denied: " + ex.Message);
        }
        catch (IOException ex)
        {
            return new TreeHashResult(item.Path, item.FullPath, TreeEntryStatus.Error, item.Size, null, ex.Message);
        }
    }
    /// <summary>
    /// Linux: open (non-blocking, no-follow for entries that were regular files when listed), fstat to confirm a
    /// regular file and learn its size, then one read for a small file (a second only if it came back full or
    /// short of the fstat size), close. A FIFO or device swapped in after listing is skipped, never read.
    /// </summary>
    [SkipLocalsInit] // the stat buffer is written by fstat before it is read
    private static TreeHashResult HashNative(
        TreeWalker.Item item,
        FileHashAlgorithm[] algorithms,
        TreeHasherOptions options,
        System.Collections.Concurrent.ConcurrentBag<MultiHasher> hashers,
        CancellationToken cancellationToken)
    {
        int fd = NativeFs.OpenRead(item.NativePath, item.NoFollow, out int errno);
        if (fd < 0)
        {
            return errno == NativeFs.ELOOP && item.NoFollow
                ? new TreeHashResult(item.Path, item.FullPath, TreeEntryStatus.Skipped, item.Size, null, "symbolic link not followed (it replaced the file after listing)")
                : NativeError(item, errno);
        }

        bool owned = true;
        try
        {
            Span<byte> stat = stackalloc byte[NativeFs.StatSize];
            if (!NativeFs.FStat(fd, stat, out errno))
            {
                return NativeError(item, errno);
            }

            var kind = NativeFs.KindOf(NativeFs.Mode(stat));
            if (kind != UnixFileInfo.Kind.Regular)
            {
                string what = kind switch
                {
                    UnixFileInfo.Kind.Fifo => "FIFO (named pipe)",
                    UnixFileInfo.Kind.CharacterDevice => "character device",
                    UnixFileInfo.Kind.BlockDevice => "block device",
                    UnixFileInfo.Kind.Socket => "socket",
                    UnixFileInfo.Kind.Directory => "directory",
                    _ => "not a regular file",
                };
                return new TreeHashResult(item.Path, item.FullPath, TreeEntryStatus.Skipped, item.Size, null, what + " skipped (it replaced the file after listing)");
            }

            long size = NativeFs.Size(stat);
            HashDigests digests;
            if (size < options.FileOptions.BufferSize)
            {
                if (!hashers.TryTake(out var hasher))
                {
                    hasher = new MultiHasher(algorithms, 1);
                }

                byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(4096, size + 1));
                try
                {
                    if (hasher.BytesHashed != 0)
                    {
                        _ = hasher.GetDigestsAndReset(); // a clean state: a previous file failed midway
                    }

                    int n = NativeFs.Read(fd, buffer, out errno);
                    if (n < 0)
                    {
                        return NativeError(item, errno);
                    }

                    if (n < buffer.Length && n >= size)
                    {
                        // The usual case: the whole file in one read, short of the buffer and at least the fstat size,
                        // so at its end without an extra read for EOF; hashed one-shot.
                        digests = hasher.HashWhole(buffer.AsSpan(0, n));
                    }
                    else
                    {
                        // Grew or shrank since fstat, or a short read: append and keep reading to a 0-byte read.
                        while (n > 0)
                        {
                            hasher.Append(buffer.AsSpan(0, n));
                            n = NativeFs.Read(fd, buffer, out errno);
                            if (n < 0)
                            {
                                return NativeError(item, errno);
                            }
                        }

                        digests = hasher.GetDigestsAndReset();
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    hashers.Add(hasher);
                }
            }
            else
            {
                owned = false;
                using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 0);
                digests = FileHasher.Hash(stream, algorithms, options.FileOptions, null, cancellationToken);
            }

            long expected = item.Size >= 0 ? item.Size : size;
            string? warning = digests.Length != expected
                ? $"size changed while reading ({expected} bytes when {(item.Size >= 0 ? "listed" : "opened")}, {digests.Length} bytes hashed)"
                : null;
            return new TreeHashResult(item.Path, item.FullPath, TreeEntryStatus.Hashed, digests.Length, digests, warning);
        }
        finally
        {
            if (owned)
            {
                NativeFs.Close(fd);
            }
        }
    }

    private static TreeHashResult NativeError(TreeWalker.Item item, int errno) =>
        new(item.Path, item.FullPath, TreeEntryStatus.Error, item.Size, null, errno switch
        {
            NativeFs.ENOENT or NativeFs.ENOTDIR => "vanished before it could be read",
            NativeFs.EACCES or NativeFs.EPERM => "permission denied: " + NativeFs.Message(errno),
            _ => NativeFs.Message(errno),
        });
}
