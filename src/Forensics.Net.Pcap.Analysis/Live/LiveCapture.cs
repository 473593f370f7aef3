using SharpPcap;
using SharpPcap.LibPcap;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Captures packets from a network interface through SharpPcap/libpcap and exposes them as <see cref="CaptureRecord"/>s,
/// like <see cref="CaptureReader"/> does for files (both are <see cref="ICaptureSource"/>s). Needs the native libpcap
/// and capture privileges (root or CAP_NET_RAW on Linux); without libpcap every member that captures throws
/// <see cref="PlatformNotSupportedException"/> with instructions — the rest of the package does not need it.
/// </summary>
/// <example>
/// <code>
/// using var live = LiveCapture.Open("eth0", new LiveCaptureOptions { Filter = "tcp port 80" });
/// using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
/// while (await live.ReadNextAsync(cts.Token))
///     Console.WriteLine(new PacketView(live.Current).DestinationPort);
/// </code>
/// </example>
public sealed class LiveCapture : ICaptureSource
{
    private readonly LibPcapLiveDevice _device;
    private readonly CaptureInterface _interface;
    private byte[] _buffer = new byte[2048];
    private CaptureRecord _current;
    private long _number;
    private volatile bool _stopped;
    private bool _disposed;

    private LiveCapture(LibPcapLiveDevice device, CaptureInterface captureInterface)
    {
        _device = device;
        _interface = captureInterface;
    }

    /// <summary>Gets the interface (name, link type, snapshot length) records are captured on.</summary>
    public CaptureInterface Interface => _interface;

    /// <summary>Gets the link-layer header type of the device.</summary>
    public LinkType LinkType => _interface.LinkType;

    /// <inheritdoc />
    public CaptureRecord Current => _current;

    /// <summary>Lists the devices libpcap can capture on.</summary>
    /// <returns>The devices.</returns>
    /// <exception cref="PlatformNotSupportedException">The native libpcap is not installed.</exception>
    public static IReadOnlyList<LiveCaptureDevice> GetDevices()
    {
        try
        {
            return LibPcapLiveDeviceList.New().Select(d => new LiveCaptureDevice(d.Name, d.Description, d.Loopback)).ToList();
        }
        catch (Exception ex) when (NativePcap.IsMissingLibrary(ex))
        {
            throw new PlatformNotSupportedException(NativePcap.Missing, ex);
        }
    }

    /// <summary>Opens a device for capture.</summary>
    /// <param name="deviceName">A device name from <see cref="GetDevices"/>.</param>
    /// <param name="options">Filter, promiscuous mode, snapshot length.</param>
    /// <returns>The open capture.</returns>
    /// <exception cref="PlatformNotSupportedException">The native libpcap is not installed.</exception>
    /// <exception cref="ArgumentException">No such device, or the filter does not compile.</exception>
    /// <exception cref="IOException">libpcap could not open the device (often: missing capture privileges).</exception>
    public static LiveCapture Open(string deviceName, LiveCaptureOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceName);
        options ??= new LiveCaptureOptions();
        LibPcapLiveDevice device;
        try
        {
            device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == deviceName)
                ?? throw new ArgumentException($"No capture device named '{deviceName}'.", nameof(deviceName));
        }
        catch (Exception ex) when (NativePcap.IsMissingLibrary(ex))
        {
            throw new PlatformNotSupportedException(NativePcap.Missing, ex);
        }

        try
        {
            device.Open(new DeviceConfiguration
            {
                Mode = options.Promiscuous ? DeviceModes.Promiscuous : DeviceModes.None,
                ReadTimeout = (int)Math.Clamp(options.ReadTimeout.TotalMilliseconds, 1, int.MaxValue),
                Snaplen = options.SnapLength,
            });
        }
        catch (PcapException ex)
        {
            device.Dispose();
            throw new IOException($"libpcap could not open '{deviceName}' (capturing needs root or CAP_NET_RAW): {ex.Message}", ex);
        }

        if (options.Filter is { } filter)
        {
            try
            {
                device.Filter = filter;
            }
            catch (PcapException ex)
            {
                device.Dispose();
                throw new ArgumentException($"The BPF filter '{filter}' does not compile: {ex.Message}", nameof(options), ex);
            }
        }

        var captureInterface = new CaptureInterface(0, 0, (LinkType)(int)device.LinkType, options.SnapLength) { Name = device.Name, Description = device.Description };
        return new LiveCapture(device, captureInterface);
    }

    /// <summary>Waits for the next packet (blocking) until one arrives or <see cref="Stop"/> is called.</summary>
    /// <returns><see langword="false"/> once stopped.</returns>
    /// <exception cref="IOException">libpcap reported an error.</exception>
    /// <exception cref="ObjectDisposedException">The capture was disposed.</exception>
    public bool ReadNext() => ReadNext(CancellationToken.None);

    /// <summary>Waits for the next packet asynchronously (on a thread-pool thread).</summary>
    /// <param name="cancellationToken">Cancels the wait (checked every <see cref="LiveCaptureOptions.ReadTimeout"/>).</param>
    /// <returns><see langword="false"/> once stopped.</returns>
    /// <exception cref="IOException">libpcap reported an error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The capture was disposed.</exception>
    public ValueTask<bool> ReadNextAsync(CancellationToken cancellationToken = default) =>
        new(Task.Run(() => ReadNext(cancellationToken), cancellationToken));

    /// <summary>Makes pending and later reads return <see langword="false"/>. Safe to call from another thread.</summary>
    public void Stop() => _stopped = true;

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _stopped = true;
            _device.Dispose();
        }
    }

    private bool ReadNext(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!_stopped)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GetPacketStatus status = _device.GetNextPacket(out PacketCapture capture);
            switch (status)
            {
                case GetPacketStatus.PacketRead:
                    ReadOnlySpan<byte> data = capture.Data;
                    if (_buffer.Length < data.Length)
                    {
                        _buffer = new byte[Math.Max(data.Length, _buffer.Length * 2)];
                    }

                    data.CopyTo(_buffer);
                    PosixTimeval time = capture.Header.Timeval;
                    long ns = unchecked(((long)time.Seconds * 1_000_000_000) + ((long)time.MicroSeconds * 1000));
                    long original = capture.Header is PcapHeader header ? header.PacketLength : data.Length;
                    _current = new CaptureRecord(_buffer, 0, data.Length, ns, original, _interface, -1, ++_number);
                    return true;
                case GetPacketStatus.ReadTimeout:
                    continue;
                case GetPacketStatus.NoRemainingPackets:
                    return false;
                default:
                    if (_stopped || _disposed)
                    {
                        return false;
                    }

                    throw new IOException($"libpcap error on '{_interface.Name}': {_device.LastError}");
            }
        }

        return false;
    }
}
