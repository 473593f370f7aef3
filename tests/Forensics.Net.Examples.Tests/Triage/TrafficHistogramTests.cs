namespace Forensics.Net.Triage.Tests;

public class TrafficHistogramTests
{
    [Fact]
    public void Empty_HasNoTimeline() => new TrafficHistogram().ToTimeline().Should().BeNull();

    [Fact]
    public void ShortSpan_KeepsInitialWidth()
    {
        var h = new TrafficHistogram(1_000_000);
        h.Add(1_000_000_000, 100);
        h.Add(1_000_500_000, 50);
        h.Add(1_003_000_000, 10);

        var t = h.ToTimeline()!;

        t.BucketMs.Should().Be(1);
        t.Bytes.Should().Equal(150, 0, 0, 10);
        t.Packets.Should().Equal(2, 0, 0, 1);
        t.StartUtc.Should().Be(DateTimeOffset.UnixEpoch.AddSeconds(1));
    }

    [Fact]
    public void LongSpan_DoublesWidth_ConservesTotals_AndStaysBounded()
    {
        var h = new TrafficHistogram(1_000_000);
        long total = 0;
        for (long i = 0; i < 100_000; i++)
        {
            h.Add(i * 7_000_000, i % 1500); // 700 s of traffic
            total += i % 1500;
        }

        var t = h.ToTimeline()!;

        t.Bytes.Length.Should().BeLessThanOrEqualTo(TrafficHistogram.MaxBuckets);
        t.Bytes.Sum().Should().Be(total);
        t.Packets.Sum().Should().Be(100_000);
        (t.BucketMs * t.Bytes.Length).Should().BeGreaterThanOrEqualTo(700_000 - 7);
    }

    [Fact]
    public void PacketsBeforeTheFirst_CountInFirstBucket()
    {
        var h = new TrafficHistogram();
        h.Add(5_000_000_000, 10);
        h.Add(4_000_000_000, 20);

        h.ToTimeline()!.Bytes[0].Should().Be(30);
    }
}
