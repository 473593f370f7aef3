using System.Collections.Concurrent;
using PacketDotNet;
using SharpPcap.LibPcap;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A BPF filter (pcap-filter(7) syntax, as tcpdump's <c>-r file 'expr'</c>) applied to records read from files.
/// The expression is compiled by libpcap once per link type met (so pcapng files whose interfaces have different
/// link types work). Needs the native libpcap; <see cref="PacketFilter"/> is the managed alternative for
/// address/port/protocol filters.
/// </summary>
/// <example>
/// <code>
/// using var bpf = new BpfFilter("tcp port 80 and host 10.0.0.5");
/// while (reader.ReadNext()) if (bpf.Matches(reader.Current)) writer.Write(reader.Current);
/// </code>
/// </example>
public sealed class BpfFilter : IDisposable
{
    private readonly ConcurrentDictionary<LinkType, BpfProgram> _programs = new();
    private bool _disposed;

    /// <summary>Creates a filter; the expression is compiled on first use for each link type.</summary>
    /// <param name="expression">A pcap-filter expression.</param>
    /// <exception cref="ArgumentException"><paramref name="expression"/> is empty.</exception>
    public BpfFilter(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        Expression = expression;
    }

    /// <summary>Gets the filter expression.</summary>
    public string Expression { get; }

    /// <summary>Compiles the expression for <paramref name="linkType"/> now (to report syntax errors early).</summary>
    /// <param name="linkType">The link type.</param>
    /// <exception cref="ArgumentException">The expression does not compile for this link type.</exception>
    /// <exception cref="PlatformNotSupportedException">The native libpcap is not installed.</exception>
    /// <exception cref="ObjectDisposedException">The filter was disposed.</exception>
    public void Compile(LinkType linkType) => Program(linkType);

    /// <summary>Tests a record (its captured bytes, with its link type).</summary>
    /// <param name="record">The record.</param>
    /// <returns><see langword="true"/> when the filter accepts the packet.</returns>
    /// <exception cref="ArgumentException">The expression does not compile for the record's link type.</exception>
    /// <exception cref="PlatformNotSupportedException">The native libpcap is not installed.</exception>
    /// <exception cref="ObjectDisposedException">The filter was disposed.</exception>
    public bool Matches(CaptureRecord record) => Matches(record.Span, record.LinkType);

    /// <summary>Tests a frame of the given link type.</summary>
    /// <param name="frame">The captured bytes.</param>
    /// <param name="linkType">The frame's link type.</param>
    /// <returns><see langword="true"/> when the filter accepts the packet.</returns>
    /// <exception cref="ArgumentException">The expression does not compile for <paramref name="linkType"/>.</exception>
    /// <exception cref="PlatformNotSupportedException">The native libpcap is not installed.</exception>
    /// <exception cref="ObjectDisposedException">The filter was disposed.</exception>
    public bool Matches(ReadOnlySpan<byte> frame, LinkType linkType) => Program(linkType).Matches(frame);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (BpfProgram program in _programs.Values)
        {
            program.Dispose();
        }

        _programs.Clear();
    }

    private BpfProgram Program(LinkType linkType)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_programs.TryGetValue(linkType, out BpfProgram? program))
        {
            return program;
        }

        try
        {
            program = BpfProgram.TryCreate((LinkLayers)(int)linkType, Expression, 1, 0)
                ?? throw new ArgumentException($"The BPF filter '{Expression}' does not compile for link type {linkType}.");
        }
        catch (Exception ex) when (NativePcap.IsMissingLibrary(ex))
        {
            throw new PlatformNotSupportedException(NativePcap.Missing, ex);
        }

        if (!_programs.TryAdd(linkType, program))
        {
            program.Dispose();
            return _programs[linkType];
        }

        return program;
    }
}
