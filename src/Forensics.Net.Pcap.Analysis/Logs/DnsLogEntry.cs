using System.Net;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>One DNS message seen in a capture.</summary>
public sealed class DnsLogEntry
{
    internal DnsLogEntry(DateTimeOffset timestamp, IPEndPoint source, IPEndPoint destination, bool overTcp, DnsMessage message)
    {
        Timestamp = timestamp;
        Source = source;
        Destination = destination;
        OverTcp = overTcp;
        Message = message;
    }

    /// <summary>Gets the capture time.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the sender.</summary>
    public IPEndPoint Source { get; }

    /// <summary>Gets the receiver.</summary>
    public IPEndPoint Destination { get; }

    /// <summary>Gets a value indicating whether the message came over TCP (RFC 1035 section 4.2.2).</summary>
    public bool OverTcp { get; }

    /// <summary>Gets the message.</summary>
    public DnsMessage Message { get; }

    /// <summary>Returns e.g. <c>10.0.0.1:5353 -> 10.0.0.53:53 response example.com A: 93.184.216.34</c>.</summary>
    /// <returns>One line.</returns>
    public override string ToString()
    {
        string q = string.Join(", ", Message.Questions);
        string a = string.Join(", ", Message.Answers.Where(r => r.Value is not null).Select(r => r.Value));
        return $"{Source} -> {Destination} {(Message.IsResponse ? "response" : "query")} {q}{(a.Length > 0 ? ": " + a : string.Empty)}";
    }
}
