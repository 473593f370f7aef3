namespace Forensics.Net.Pcap.Analysis.Tests.Capture;

/// <summary>A copy of a record that outlives the reader's buffer, for comparisons.</summary>
internal sealed record RecordSnapshot(long TimestampNanoseconds, int InterfaceId, LinkType LinkType, long OriginalLength, byte[] Data)
{
    public static RecordSnapshot From(CaptureRecord r) => new(r.TimestampNanoseconds, r.InterfaceId, r.LinkType, r.OriginalLength, r.Data.ToArray());

    public static List<RecordSnapshot> ReadAll(CaptureReader reader)
    {
        var list = new List<RecordSnapshot>();
        while (reader.ReadNext())
        {
            list.Add(From(reader.Current));
        }

        return list;
    }

    public static async Task<List<RecordSnapshot>> ReadAllAsync(CaptureReader reader)
    {
        var list = new List<RecordSnapshot>();
        await foreach (CaptureRecord r in reader.ReadAllAsync())
        {
            list.Add(From(r));
        }

        return list;
    }

    public static List<RecordSnapshot> ReadAll(byte[] capture, CaptureReaderOptions? options = null)
    {
        using var reader = CaptureReader.Create(new MemoryStream(capture), options);
        return ReadAll(reader);
    }

    public bool Equals(RecordSnapshot? other) =>
        other is not null && TimestampNanoseconds == other.TimestampNanoseconds && InterfaceId == other.InterfaceId &&
        LinkType == other.LinkType && OriginalLength == other.OriginalLength && Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode() => HashCode.Combine(TimestampNanoseconds, InterfaceId, Data.Length);
}
