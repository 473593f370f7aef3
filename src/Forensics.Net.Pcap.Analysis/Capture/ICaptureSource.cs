namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A source of <see cref="CaptureRecord"/>s: a capture file (<see cref="CaptureReader"/>) or a network interface
/// (<see cref="LiveCapture"/>). Record bytes are valid until the next read.
/// </summary>
public interface ICaptureSource : IDisposable
{
    /// <summary>Gets the record returned by the last successful read.</summary>
    CaptureRecord Current { get; }

    /// <summary>Reads the next record into <see cref="Current"/>.</summary>
    /// <returns><see langword="false"/> at the end of the source.</returns>
    bool ReadNext();

    /// <summary>Reads the next record into <see cref="Current"/> asynchronously.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="false"/> at the end of the source.</returns>
    ValueTask<bool> ReadNextAsync(CancellationToken cancellationToken = default);
}
