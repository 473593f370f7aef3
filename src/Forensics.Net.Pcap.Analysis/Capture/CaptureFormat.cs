namespace Forensics.Net.Pcap.Analysis;

/// <summary>The container format of a capture file.</summary>
public enum CaptureFormat
{
    /// <summary>Classic libpcap format (microsecond or nanosecond timestamps, either byte order).</summary>
    Pcap = 0,

    /// <summary>pcapng (draft-ietf-opsawg-pcapng), possibly with several sections and interfaces.</summary>
    PcapNg = 1,
}
