namespace Forensics.Net.Pcap.Analysis;

/// <summary>Limits and policies of a <see cref="TcpReassembler"/>. Every limit bounds memory; reaching one is reported, never fatal.</summary>
public sealed class TcpReassemblerOptions
{
    /// <summary>Gets the default options.</summary>
    public static TcpReassemblerOptions Default { get; } = new();

    /// <summary>
    /// Gets the most out-of-order bytes buffered for one direction of one connection (default 4 MiB).
    /// When exceeded the missing data before the buffered bytes is declared a gap and the buffer is delivered.
    /// </summary>
    public int MaxBufferedBytesPerDirection { get; init; } = 4 * 1024 * 1024;

    /// <summary>Gets the most out-of-order bytes buffered over all connections (default 256 MiB).</summary>
    public long MaxBufferedBytesTotal { get; init; } = 256L * 1024 * 1024;

    /// <summary>Gets the most connections tracked at once (default 1,000,000); the least recently seen are evicted beyond it.</summary>
    public int MaxConnections { get; init; } = 1_000_000;

    /// <summary>Gets how long (in capture time) a connection may stay silent before it is closed (default 10 minutes).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets which bytes win when captured segments disagree (default <see cref="TcpOverlapPolicy.FirstWins"/>).</summary>
    public TcpOverlapPolicy OverlapPolicy { get; init; } = TcpOverlapPolicy.FirstWins;
}
