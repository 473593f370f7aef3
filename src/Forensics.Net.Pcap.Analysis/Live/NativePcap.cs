namespace Forensics.Net.Pcap.Analysis;

/// <summary>Turns "libpcap is missing" failures of SharpPcap into one clear exception.</summary>
internal static class NativePcap
{
    public const string Missing =
        "Live capture and BPF filtering need the native libpcap library (Debian/Ubuntu: apt-get install libpcap0.8; " +
        "Fedora: libpcap; macOS: built in; Windows: Npcap). Reading capture files does not need it.";

    public static bool IsMissingLibrary(Exception ex) =>
        ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
        || (ex is TypeInitializationException { InnerException: { } inner } && IsMissingLibrary(inner));
}
