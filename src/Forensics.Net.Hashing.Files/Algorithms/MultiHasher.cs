namespace Forensics.Net.Hashing.Files;

/// <summary>
/// Computes several hash algorithms over one sequence of bytes fed incrementally. When it is allowed more
/// than one degree of parallelism, the algorithms are split into cost-balanced groups that hash each
/// chunk on separate cores, so the wall time approaches that of the slowest algorithm alone.
/// </summary>
/// <remarks>Not thread-safe: one input at a time. Call <see cref="GetDigestsAndReset"/> to finish an input and start the next.</remarks>
/// <example>
/// <code>
/// using var hasher = new MultiHasher([FileHashAlgorithm.Md5, FileHashAlgorithm.Sha256]);
/// hasher.Append("hello"u8);
/// HashDigests digests = hasher.GetDigestsAndReset();
/// </code>
/// </example>
public sealed class MultiHasher : IDisposable
{
    private readonly HashSink[] _sinks;
    private readonly HashSink[][]? _groups;
    private readonly FileHashAlgorithm[] _algorithms;
    private long _length;
    private bool _disposed;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="algorithms">The algorithms, at least one; duplicates are ignored.</param>
    /// <param name="maxDegreeOfParallelism">How many cores one chunk may be hashed on: -1 for <see cref="Environment.ProcessorCount"/>, 1 for sequential.</param>
    /// <exception cref="ArgumentNullException"><paramref name="algorithms"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithms"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An algorithm is undefined, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    /// <exception cref="PlatformNotSupportedException">An algorithm (SHA-3) is not available on this platform.</exception>
    public MultiHasher(IEnumerable<FileHashAlgorithm> algorithms, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(algorithms);
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 or a positive number.");
        }

        _algorithms = FileHashAlgorithms.ValidateList(algorithms, requireSupported: true);

        _sinks = _algorithms.Select(HashSink.Create).ToArray();
        int cores = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        _groups = Partition(_sinks, cores);
    }

    /// <summary>Gets the algorithms, in request order.</summary>
    public IReadOnlyList<FileHashAlgorithm> Algorithms => _algorithms;

    /// <summary>Gets the number of bytes appended since the last reset.</summary>
    public long BytesHashed => _length;

    /// <summary>Gets whether chunks are hashed on more than one core.</summary>
    public bool IsParallel => _groups is not null;

    /// <summary>Appends bytes to every algorithm (on the calling thread).</summary>
    /// <param name="data">The bytes.</param>
    /// <exception cref="ObjectDisposedException">The hasher was disposed.</exception>
    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var sink in _sinks)
        {
            sink.Append(data);
        }

        _length += data.Length;
    }

    /// <summary>Returns the digests of everything appended since the last reset, and resets.</summary>
    /// <returns>The digests, with <see cref="HashDigests.Length"/> set to the byte count.</returns>
    /// <exception cref="ObjectDisposedException">The hasher was disposed.</exception>
    public HashDigests GetDigestsAndReset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[][] digests = new byte[_sinks.Length][];
        for (int i = 0; i < _sinks.Length; i++)
        {
            digests[i] = _sinks[i].Finish();
        }

        var result = new HashDigests((FileHashAlgorithm[])_algorithms.Clone(), digests, _length);
        _length = 0;
        return result;
    }

    /// <summary>Hashes one whole input with every algorithm (one-shot where possible); the hasher must be freshly reset.</summary>
    internal HashDigests HashWhole(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[][] digests = new byte[_sinks.Length][];
        for (int i = 0; i < _sinks.Length; i++)
        {
            digests[i] = _sinks[i].HashWhole(data);
        }

        return new HashDigests((FileHashAlgorithm[])_algorithms.Clone(), digests, data.Length);
    }

    /// <summary>Releases the hash states.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            foreach (var sink in _sinks)
            {
                sink.Dispose();
            }
        }
    }

    /// <summary>Starts hashing a chunk with one task per group; the buffer must stay untouched until the task ends.</summary>
    internal Task AppendParallelAsync(byte[] buffer, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var groups = _groups!;
        _length += count;
        var tasks = new Task[groups.Length];
        for (int g = 0; g < groups.Length; g++)
        {
            var group = groups[g];
            tasks[g] = Task.Run(() =>
            {
                var span = new ReadOnlySpan<byte>(buffer, 0, count);
                foreach (var sink in group)
                {
                    sink.Append(span);
                }
            });
        }

        return Task.WhenAll(tasks);
    }

    /// <summary>Longest-processing-time-first split of the sinks into at most <paramref name="cores"/> groups; null when one group.</summary>
    private static HashSink[][]? Partition(HashSink[] sinks, int cores)
    {
        int k = Math.Min(cores, sinks.Length);
        if (k <= 1)
        {
            return null;
        }

        var groups = new List<HashSink>[k];
        var load = new double[k];
        for (int i = 0; i < k; i++)
        {
            groups[i] = [];
        }

        foreach (var sink in sinks.OrderByDescending(s => FileHashAlgorithms.Cost(s.Algorithm)))
        {
            int best = 0;
            for (int i = 1; i < k; i++)
            {
                if (load[i] < load[best])
                {
                    best = i;
                }
            }

            groups[best].Add(sink);
            load[best] += FileHashAlgorithms.Cost(sink.Algorithm);
        }

        return groups.Where(g => g.Count > 0).Select(g => g.ToArray()).ToArray() is { Length: > 1 } result ? result : null;
    }
}
