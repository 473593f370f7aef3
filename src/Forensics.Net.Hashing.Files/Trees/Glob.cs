using System.Text;
using System.Text.RegularExpressions;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// A glob over '/'-separated relative paths: <c>*</c> (within a segment), <c>?</c>, <c>[abc]</c>, <c>**</c> (any depth).
/// A pattern without '/' matches the file or directory name at any depth (as .gitignore does).
/// </summary>
internal sealed class Glob
{
    private readonly Regex _regex;
    private readonly bool _nameOnly;

    public Glob(string pattern, bool ignoreCase)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        string p = pattern.Replace('\\', '/').TrimStart('/');
        if (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        _nameOnly = !p.Contains('/', StringComparison.Ordinal);
        var sb = new StringBuilder("^");
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '*')
            {
                if (i + 1 < p.Length && p[i + 1] == '*')
                {
                    i++;
                    if (i + 1 < p.Length && p[i + 1] == '/')
                    {
                        i++;
                        sb.Append("(?:.*/)?"); // **/ = zero or more directories
                    }
                    else
                    {
                        sb.Append(".*");
                    }
                }
                else
                {
                    sb.Append("[^/]*");
                }
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else if (c == '[')
            {
                int close = p.IndexOf(']', i + 1);
                if (close < 0)
                {
                    sb.Append(@"\[");
                }
                else
                {
                    string set = p[(i + 1)..close];
                    sb.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                }
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        sb.Append("(?:/.*)?$"); // a pattern naming a directory also covers everything under it
        _regex = new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
    }

    /// <summary>Matches a relative path ('/'-separated, no leading '/').</summary>
    public bool IsMatch(string relativePath)
    {
        if (_regex.IsMatch(relativePath))
        {
            return true;
        }

        if (_nameOnly)
        {
            // Try every suffix that starts a segment: "*.log" matches "a/b/c.log"; "tmp" matches "a/tmp/x".
            for (int i = relativePath.IndexOf('/', StringComparison.Ordinal); i >= 0; i = relativePath.IndexOf('/', i + 1))
            {
                if (_regex.IsMatch(relativePath.AsSpan(i + 1)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
