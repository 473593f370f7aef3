using System.Text;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>Builds file names from URLs that are safe on Windows, Linux and macOS and cannot leave their directory.</summary>
internal static class SafeFileName
{
    private const int MaxLength = 120;

    private static readonly string[] Reserved =
    [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>Returns the URL path's file extension (lowercase, no dot), or an empty string.</summary>
    public static string ExtensionOf(string? target)
    {
        string last = LastSegment(target);
        int dot = last.LastIndexOf('.');
        return dot >= 0 && dot < last.Length - 1 ? last[(dot + 1)..].ToLowerInvariant() : string.Empty;
    }

    /// <summary>Maps a Content-Type to a usual extension (no dot), or an empty string.</summary>
    public static string ExtensionForContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return string.Empty;
        }

        int semi = contentType.IndexOf(';', StringComparison.Ordinal);
        string type = (semi >= 0 ? contentType[..semi] : contentType).Trim().ToLowerInvariant();
        return type switch
        {
            "text/html" => "html",
            "text/plain" => "txt",
            "text/css" => "css",
            "text/javascript" or "application/javascript" or "application/x-javascript" => "js",
            "application/json" => "json",
            "application/xml" or "text/xml" => "xml",
            "image/gif" => "gif",
            "image/jpeg" or "image/jpg" or "image/pjpeg" => "jpg",
            "image/png" => "png",
            "image/webp" => "webp",
            "image/svg+xml" => "svg",
            "image/x-icon" or "image/vnd.microsoft.icon" => "ico",
            "image/bmp" => "bmp",
            "application/pdf" => "pdf",
            "application/zip" => "zip",
            "application/gzip" or "application/x-gzip" => "gz",
            "application/x-tar" => "tar",
            "application/x-msdownload" or "application/x-msdos-program" => "exe",
            "application/octet-stream" => "bin",
            "video/mp4" => "mp4",
            "audio/mpeg" => "mp3",
            _ => string.Empty,
        };
    }

    /// <summary>Suggests a safe file name for a body fetched with <paramref name="target"/> and typed <paramref name="contentType"/>.</summary>
    public static string Suggest(string? target, string? contentType)
    {
        string last = LastSegment(target);
        try
        {
            last = Uri.UnescapeDataString(last);
        }
        catch (UriFormatException)
        {
            // keep it escaped
        }

        var sb = new StringBuilder(last.Length);
        foreach (char ch in last)
        {
            sb.Append(ch < 0x20 || ch == 0x7F || "<>:\"/\\|?*".Contains(ch, StringComparison.Ordinal) || char.IsSurrogate(ch) ? '_' : ch);
        }

        string name = sb.ToString().Trim().Trim('.').Trim().Replace("..", "_", StringComparison.Ordinal);
        if (name.Length == 0)
        {
            name = target is not null && (target.EndsWith('/') || target.Split('?', '#')[0].EndsWith('/')) ? "index" : "body";
        }

        string ext = Path.GetExtension(name);
        string stem = ext.Length > 0 ? name[..^ext.Length] : name;
        if (ext.Length == 0)
        {
            string mapped = ExtensionForContentType(contentType);
            if (mapped.Length > 0)
            {
                ext = "." + mapped;
            }
        }

        if (ext.Length > 16)
        {
            ext = ext[..16];
        }

        string upperStem = stem.ToUpperInvariant();
        if (Array.IndexOf(Reserved, upperStem) >= 0 || stem.Length == 0)
        {
            stem = "_" + stem;
        }

        if (stem.Length + ext.Length > MaxLength)
        {
            stem = stem[..(MaxLength - ext.Length)];
        }

        return stem + ext;
    }

    private static string LastSegment(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return string.Empty;
        }

        string path = target;
        int cut = path.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            path = path[..cut];
        }

        int scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            int slash = path.IndexOf('/', scheme + 3);
            path = slash >= 0 ? path[slash..] : "/";
        }

        int lastSlash = path.LastIndexOf('/');
        return lastSlash >= 0 ? path[(lastSlash + 1)..] : path;
    }
}
