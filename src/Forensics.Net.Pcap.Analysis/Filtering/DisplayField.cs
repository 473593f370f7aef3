using System.Diagnostics.CodeAnalysis;
using System.Text;
using Forensics.Net.Pcap.Analysis.Internal;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A Wireshark field by name (<c>tcp.stream</c>, <c>http.request.full_uri</c>…) whose values are formatted as
/// <c>tshark -T fields -e NAME</c> prints them: several occurrences comma-separated, nothing when absent.
/// </summary>
public sealed class DisplayField
{
    private readonly FieldDef _def;

    private DisplayField(FieldDef def)
    {
        _def = def;
    }

    /// <summary>Gets the field name.</summary>
    public string Name => _def.Name;

    /// <summary>Gets a value indicating whether the field needs HTTP, TLS or DNS dissection.</summary>
    public bool UsesApplicationLayers => Fields.NeedsApplication(_def.Id);

    /// <summary>Gets the names of every field this package knows.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = Fields.Names.ToArray();

    /// <summary>Looks a field up by name.</summary>
    /// <param name="name">The Wireshark field name.</param>
    /// <returns>The field.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="DisplayFilterException">No such field.</exception>
    public static DisplayField Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out DisplayField? field)
            ? field
            : throw new DisplayFilterException($"Field \"{name}\" doesn't exist.", name, 0, name.Length);
    }

    /// <summary>Looks a field up by name.</summary>
    /// <param name="name">The Wireshark field name.</param>
    /// <param name="field">The field, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the field is known.</returns>
    public static bool TryParse(string? name, [NotNullWhen(true)] out DisplayField? field)
    {
        field = name is not null && Fields.TryGet(name, out FieldDef def) ? new DisplayField(def) : null;
        return field is not null;
    }

    /// <summary>Formats the field's values in a frame (comma-separated; empty when absent).</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="separator">The separator between occurrences (tshark's <c>-E occurrence</c> default is a comma).</param>
    /// <returns>The text.</returns>
    public string Format(scoped in DissectedFrame frame, char separator = ',')
    {
        Span<FValue> values = stackalloc FValue[Fields.MaxValues];
        int n = Fields.Extract(_def.Id, frame, values);
        if (n == 0)
        {
            return string.Empty;
        }

        if (n == 1)
        {
            return ValueFormatter.ToText(frame, values[0], _def);
        }

        var sb = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }

            sb.Append(ValueFormatter.ToText(frame, values[i], _def));
        }

        return sb.ToString();
    }

    /// <summary>Gets the number of occurrences of the field in a frame.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>The count (0 when absent).</returns>
    public int Count(scoped in DissectedFrame frame)
    {
        Span<FValue> values = stackalloc FValue[Fields.MaxValues];
        return Fields.Extract(_def.Id, frame, values);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
