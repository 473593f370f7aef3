using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage;

/// <summary>
/// Bytes and packets over time in at most <see cref="MaxBuckets"/> equal buckets, in one pass and
/// constant memory: when a packet falls beyond the last bucket, the bucket width doubles and
/// neighbouring buckets merge. Feeds the HTML timeline chart.
/// </summary>
internal sealed class TrafficHistogram
{
    public const int MaxBuckets = 128;
    private readonly long[] _bytes = new long[MaxBuckets];
    private readonly long[] _packets = new long[MaxBuckets];
    private long _startNs;
    private long _widthNs;
    private long _lastNs;
    private bool _any;

    public TrafficHistogram(long initialWidthNanoseconds = 1_000_000) => _widthNs = Math.Max(1, initialWidthNanoseconds);

    public void Add(long timestampNanoseconds, long bytes)
    {
        if (!_any)
        {
            _any = true;
            _startNs = timestampNanoseconds;
            _lastNs = timestampNanoseconds;
        }

        _lastNs = Math.Max(_lastNs, timestampNanoseconds);
        long offset = Math.Max(0, timestampNanoseconds - _startNs); // out-of-order packets before the first count in bucket 0
        while (offset / _widthNs >= MaxBuckets)
        {
            for (int i = 0; i < MaxBuckets / 2; i++)
            {
                _bytes[i] = _bytes[2 * i] + _bytes[(2 * i) + 1];
                _packets[i] = _packets[2 * i] + _packets[(2 * i) + 1];
            }

            Array.Clear(_bytes, MaxBuckets / 2, MaxBuckets / 2);
            Array.Clear(_packets, MaxBuckets / 2, MaxBuckets / 2);
            _widthNs = checked(_widthNs * 2);
        }

        int index = (int)(offset / _widthNs);
        _bytes[index] += bytes;
        _packets[index]++;
    }

    /// <summary>The histogram so far, trimmed after the last used bucket; null when empty.</summary>
    public Timeline? ToTimeline()
    {
        if (!_any)
        {
            return null;
        }

        int used = (int)Math.Min(MaxBuckets, ((_lastNs - _startNs) / _widthNs) + 1);
        return new Timeline
        {
            StartUtc = DateTimeOffset.UnixEpoch.AddTicks(_startNs / 100),
            BucketMs = _widthNs / 1_000_000.0,
            Bytes = _bytes[..used],
            Packets = _packets[..used],
        };
    }
}
