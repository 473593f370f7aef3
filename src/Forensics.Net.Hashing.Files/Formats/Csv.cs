using System.Buffers;
using System.Text;

namespace Forensics.Net.Hashing.Files;

/// <summary>RFC 4180 field splitting and quoting.</summary>
internal static class Csv
{
    private static readonly SearchValues<char> NeedsQuote = SearchValues.Create(",\"\r\n");

    /// <summary>Splits one record; false when a quoted field is still open at the end (the record continues on the next line).</summary>
    public static bool Split(string line, List<string> fields)
    {
        fields.Clear();
        var sb = new StringBuilder();
        bool quoted = false;
        bool inQuotes = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
                quoted = false;
            }
            else if (c == '"' && sb.Length == 0 && !quoted)
            {
                inQuotes = quoted = true;
            }
            else
            {
                sb.Append(c);
            }
        }

        fields.Add(sb.ToString());
        return !inQuotes;
    }

    public static string Quote(string field) =>
        field.AsSpan().ContainsAny(NeedsQuote) ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
