using System.Buffers;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// One-pass hashing of a stream, file or buffer with any set of algorithms. Reading the next chunk overlaps
/// with hashing the current one, and expensive algorithms are spread over cores.
/// </summary>
/// <example>
/// <code>
/// HashDigests d = FileHasher.HashFile("disk.img",
///     [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha1, FileHashAlgorithm.Sha256],
///     progress: new Progress&lt;long&gt;(done => Console.Write($"\r{done:N0} bytes")));
/// Console.WriteLine(d.GetHex(FileHashAlgorithm.Sha256));
/// </code>
/// </example>
public static class FileHasher
{
    /// <summary>Hashes a buffer with each algorithm.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="algorithms">The algorithms.</param>
    /// <returns>The digests.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="algorithms"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithms"/> is empty.</exception>
    /// <exception cref="PlatformNotSupportedException">An algorithm is not available on this platform.</exception>
    public static HashDigests Hash(ReadOnlySpan<byte> data, IEnumerable<FileHashAlgorithm> algorithms)
    {
        using var hasher = new MultiHasher(algorithms, 1);
        hasher.Append(data);
        return hasher.GetDigestsAndReset();
    }

    /// <summary>Hashes a stream from its current position to its end (seekable or not) in one read pass.</summary>
    /// <param name="stream">The stream; it is not disposed.</param>
    /// <param name="algorithms">The algorithms.</param>
    /// <param name="options">Buffer size and parallelism, or null for defaults.</param>
    /// <param name="progress">Receives the running byte count after each chunk, or null.</param>
    /// <param name="cancellationToken">Cancels between chunks.</param>
    /// <returns>The digests; <see cref="HashDigests.Length"/> is the number of bytes read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="algorithms"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithms"/> is empty or the stream cannot be read.</exception>
    /// <exception cref="PlatformNotSupportedException">An algorithm is not available on this platform.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static HashDigests Hash(
        Stream stream,
        IEnumerable<FileHashAlgorithm> algorithms,
        FileHasherOptions? options = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var task = HashCoreAsync(stream, algorithms, options, progress, useAsync: false, cancellationToken);
        return task.IsCompleted ? task.Result : task.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Hashes a stream asynchronously from its current position to its end in one read pass.</summary>
    /// <param name="stream">The stream; it is not disposed.</param>
    /// <param name="algorithms">The algorithms.</param>
    /// <param name="options">Buffer size and parallelism, or null for defaults.</param>
    /// <param name="progress">Receives the running byte count after each chunk, or null.</param>
    /// <param name="cancellationToken">Cancels reads and between chunks.</param>
    /// <returns>The digests.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="algorithms"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithms"/> is empty or the stream cannot be read.</exception>
    /// <exception cref="PlatformNotSupportedException">An algorithm is not available on this platform.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static ValueTask<HashDigests> HashAsync(
        Stream stream,
        IEnumerable<FileHashAlgorithm> algorithms,
        FileHasherOptions? options = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default) =>
        HashCoreAsync(stream, algorithms, options, progress, useAsync: true, cancellationToken);

    /// <summary>Hashes a file in one read pass (sequential-scan hint, no FileStream buffering).</summary>
    /// <param name="path">The file.</param>
    /// <param name="algorithms">The algorithms.</param>
    /// <param name="options">Buffer size and parallelism, or null for defaults.</param>
    /// <param name="progress">Receives the running byte count after each chunk, or null.</param>
    /// <param name="cancellationToken">Cancels between chunks.</param>
    /// <returns>The digests; <see cref="HashDigests.Length"/> is the number of bytes read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="algorithms"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithms"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <exception cref="PlatformNotSupportedException">An algorithm is not available on this platform.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static HashDigests HashFile(
        string path,
        IEnumerable<FileHashAlgorithm> algorithms,
        FileHasherOptions? options = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = OpenRead(path, useAsync: false);
        return Hash(stream, algorithms, options, progress, cancellationToken);
    }

    /// <summary>Hashes a file asynchronously in one read pass.</summary>
    /// <param name="path">The file.</param>
    /// <param name="algorithms">The algorithms.</param>
    /// <param name="options">Buffer size and parallelism, or null for defaults.</param>
    /// <param name="progress">Receives the running byte count after each chunk, or null.</param>
    /// <param name="cancellationToken">Cancels reads and between chunks.</param>
    /// <returns>The digests.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="algorithms"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithms"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <exception cref="PlatformNotSupportedException">An algorithm is not available on this platform.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<HashDigests> HashFileAsync(
        string path,
        IEnumerable<FileHashAlgorithm> algorithms,
        FileHasherOptions? options = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = OpenRead(path, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            return await HashCoreAsync(stream, algorithms, options, progress, useAsync: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Hashes a file expected to be small with a reused hasher; keeps reading if it grew since it was listed.</summary>
    internal static HashDigests HashSmallFile(string path, MultiHasher hasher, int expectedSize)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(4096, expectedSize + 1));
        try
        {
            _ = hasher.GetDigestsAndReset(); // a clean state even if a previous file failed midway
            long offset = 0;
            int n;
            while ((n = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, n));
                offset += n;
            }

            return hasher.GetDigestsAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static FileStream OpenRead(string path, bool useAsync) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
            Options = FileOptions.SequentialScan | (useAsync ? FileOptions.Asynchronous : FileOptions.None),
        });

    /// <summary>The one core behind the sync and async entry points (sync when <paramref name="useAsync"/> is false).</summary>
    private static async ValueTask<HashDigests> HashCoreAsync(
        Stream stream,
        IEnumerable<FileHashAlgorithm> algorithms,
        FileHasherOptions? options,
        IProgress<long>? progress,
        bool useAsync,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(algorithms);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        options ??= FileHasherOptions.Default;
        int bufferSize = Math.Max(4096, options.BufferSize);
        long remaining = -1;
        if (stream.CanSeek)
        {
            try
            {
                remaining = stream.Length - stream.Position;
            }
            catch (NotSupportedException)
            {
                remaining = -1;
            }
        }

        // Small seekable inputs: one chunk, no parallel overhead.
        bool small = remaining >= 0 && remaining < bufferSize;
        if (small)
        {
            bufferSize = (int)Math.Max(4096, remaining + 1);
        }

        using var hasher = new MultiHasher(algorithms, small ? 1 : options.MaxDegreeOfParallelism);
        byte[] current = ArrayPool<byte>.Shared.Rent(bufferSize);
        byte[]? next = hasher.IsParallel ? ArrayPool<byte>.Shared.Rent(bufferSize) : null;
        try
        {
            long done = 0;
            if (next is null)
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int n = useAsync
                        ? await stream.ReadAsync(current.AsMemory(0, bufferSize), cancellationToken).ConfigureAwait(false)
                        : stream.Read(current, 0, bufferSize);
                    if (n == 0)
                    {
                        break;
                    }

                    hasher.Append(current.AsSpan(0, n));
                    done += n;
                    progress?.Report(done);
                }
            }
            else
            {
                int n = useAsync
                    ? await ReadFullAsync(stream, current, bufferSize, cancellationToken).ConfigureAwait(false)
                    : ReadFull(stream, current, bufferSize);
                while (n > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Task hashing = hasher.AppendParallelAsync(current, n);
                    int m;
                    try
                    {
                        // Read the next chunk while the cores hash this one.
                        m = useAsync
                            ? await ReadFullAsync(stream, next, bufferSize, cancellationToken).ConfigureAwait(false)
                            : ReadFull(stream, next, bufferSize);
                    }
                    finally
                    {
                        // Never return a buffer to the pool while a hashing task still reads it.
                        if (useAsync)
                        {
                            await hashing.ConfigureAwait(false);
                        }
                        else
                        {
                            hashing.GetAwaiter().GetResult();
                        }
                    }

                    done += n;
                    progress?.Report(done);
                    (current, next) = (next, current);
                    n = m;
                }
            }

            return hasher.GetDigestsAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            if (next is not null)
            {
                ArrayPool<byte>.Shared.Return(next);
            }
        }
    }

    private static int ReadFull(Stream stream, byte[] buffer, int count) =>
        stream.ReadAtLeast(buffer.AsSpan(0, count), count, throwOnEndOfStream: false);

    private static ValueTask<int> ReadFullAsync(Stream stream, byte[] buffer, int count, CancellationToken cancellationToken) =>
        stream.ReadAtLeastAsync(buffer.AsMemory(0, count), count, throwOnEndOfStream: false, cancellationToken);
}
