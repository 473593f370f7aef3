namespace Forensics.Net.Pcap.Analysis;

/// <summary>A question of a <see cref="DnsMessage"/>.</summary>
public sealed class DnsQuestion
{
    internal DnsQuestion(string name, ushort type, ushort @class)
    {
        Name = name;
        Type = type;
        Class = @class;
    }

    /// <summary>Gets the queried name (dotted; unusual bytes escaped as <c>\DDD</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the query type number.</summary>
    public ushort Type { get; }

    /// <summary>Gets the type mnemonic (A, AAAA...).</summary>
    public string TypeName => DnsMessage.TypeName(Type);

    /// <summary>Gets the class (1 = IN).</summary>
    public ushort Class { get; }

    /// <summary>Returns <c>name TYPE</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{Name} {TypeName}";
}
