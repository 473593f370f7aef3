using System.Buffers;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>Reassembly state of one direction of a connection.</summary>
internal sealed class TcpDirectionState
{
    /// <summary>Buffered out-of-order chunks sorted by <see cref="Chunk.Start"/> descending (the next one to deliver is last).</summary>
    public readonly List<Chunk> Chunks = [];

    public bool HasIsn;
    public uint NextSeq;
    public long NextOffset;
    public bool HasFin;
    public long FinOffset;
    public bool Finished;
    public long Delivered;
    public long GapBytes;
    public long Buffered;
    public ushort Window;

    /// <summary>Signed distance from the next expected sequence number to <paramref name="seq"/> (handles wraparound).</summary>
    public long OffsetOf(uint seq) => NextOffset + (int)(seq - NextSeq);

    public void Advance(long bytes)
    {
        NextOffset += bytes;
        NextSeq = unchecked(NextSeq + (uint)bytes);
    }

    internal readonly struct Chunk(long start, byte[] array, int length)
    {
        public long Start { get; } = start;

        public byte[] Array { get; } = array;

        public int Length { get; } = length;

        public long End => Start + Length;

        public void Return() => ArrayPool<byte>.Shared.Return(Array);
    }
}
