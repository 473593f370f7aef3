using System.Net;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>A resource record of a <see cref="DnsMessage"/>.</summary>
public sealed class DnsResourceRecord
{
    internal DnsResourceRecord(string name, ushort type, ushort @class, uint ttl, byte[] data, string? value, IPAddress? address)
    {
        Name = name;
        Type = type;
        Class = @class;
        TimeToLive = ttl;
        Data = data;
        Value = value;
        Address = address;
    }

    /// <summary>Gets the owner name.</summary>
    public string Name { get; }

    /// <summary>Gets the type number.</summary>
    public ushort Type { get; }

    /// <summary>Gets the type mnemonic.</summary>
    public string TypeName => DnsMessage.TypeName(Type);

    /// <summary>Gets the class (1 = IN; for OPT records the UDP payload size).</summary>
    public ushort Class { get; }

    /// <summary>Gets the time to live in seconds.</summary>
    public uint TimeToLive { get; }

    /// <summary>Gets the raw RDATA.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Gets the decoded value for A, AAAA, CNAME, NS, PTR, MX and TXT records; otherwise <see langword="null"/>.</summary>
    public string? Value { get; }

    /// <summary>Gets the address of an A or AAAA record; otherwise <see langword="null"/>.</summary>
    public IPAddress? Address { get; }

    /// <summary>Returns <c>name TYPE value</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{Name} {TypeName} {Value}";
}
