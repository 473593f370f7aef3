namespace Forensics.Net.FileSignatures.Internal;

/// <summary>Extension parsing and the compatibility rules behind <see cref="ExtensionVerdict"/>.</summary>
internal static class ExtensionRules
{
    private static readonly HashSet<string> ExecutableExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "exe", "dll", "sys", "scr", "com", "cpl", "ocx", "drv", "efi", "msi", "msp", "mst", "so", "o", "ko", "elf", "bin", "out", "axf",
        "dylib", "bundle", "app", "class", "jar", "war", "ear", "apk", "ipa", "dex", "sh", "bash", "zsh", "ksh", "csh", "py", "pyc", "pyw",
        "pl", "pm", "rb", "php", "js", "mjs", "cjs", "vbs", "vbe", "wsf", "wsh", "hta", "ps1", "psm1", "bat", "cmd", "lnk", "jse", "run",
        "appimage", "xpi", "vsix", "deb", "rpm", "wasm", "lua", "tcl", "r", "awk", "sed",
    };

    /// <summary>The extension of a file name: lower case, no dot; <c>so</c> for versioned libraries; the name of a dot-file.</summary>
    public static string GetExtension(string fileName)
    {
        string name = Path.GetFileName(fileName);
        int so = name.IndexOf(".so.", StringComparison.Ordinal);
        if (so > 0 && name[(so + 4)..].All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return "so";
        }

        int dot = name.LastIndexOf('.');
        if (dot < 0 || dot == name.Length - 1)
        {
            return string.Empty;
        }

        return name[(dot + 1)..].ToLowerInvariant();
    }

    public static bool IsExecutableExtension(string ext) => ExecutableExtensions.Contains(ext);

    public static bool NameMatches(FileType type, string name)
    {
        foreach (var t in Lineage(type))
        {
            foreach (var e in t.Extensions)
            {
                if (string.Equals(e, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static ExtensionVerdict Judge(FileTypeResult detection, string ext, string name)
    {
        var type = detection.Type;
        if (Contains(type.Extensions, ext) || string.Equals(name.TrimStart('.'), ext, StringComparison.OrdinalIgnoreCase) && Contains(type.Extensions, name.TrimStart('.')))
        {
            return ExtensionVerdict.Match;
        }

        // A more general format's extension (docx stored as .zip, any text as .txt, PE DLL as .exe).
        for (var t = type.Parent; t is not null; t = t.Parent)
        {
            if (Contains(t.Extensions, ext))
            {
                return ExtensionVerdict.CompatibleAlias;
            }
        }

        // Formats that specialise this one or share its parent family (jpeg/jpg/jfif; .whl or .npz as zip; .eps as PostScript).
        foreach (var claimed in FileType.FromExtension(ext))
        {
            if (claimed.IsA(type) || (type.Parent is { } p && claimed.Parent == p && SameFamily(type, claimed)))
            {
                return ExtensionVerdict.CompatibleAlias;
            }
        }

        // The evidence also names the extension's format (a polyglot: JPEG with a ZIP appended named .zip).
        foreach (var alt in detection.Alternatives)
        {
            if (Contains(alt.Type.Extensions, ext))
            {
                return ExtensionVerdict.CompatibleAlias;
            }
        }

        // Text is text: structured text under another text format's extension (a .csv that is plain text, .log for .txt).
        if (type.IsText && FileType.FromExtension(ext) is { Count: > 0 } texts && texts.All(t => t.IsText) && !type.IsExecutable)
        {
            return ExtensionVerdict.CompatibleAlias;
        }

        return ExtensionVerdict.Mismatch;
    }

    private static bool SameFamily(FileType a, FileType b) =>
        a.Category == b.Category && a.Category is not FileTypeCategory.Document and not FileTypeCategory.Archive;

    private static bool Contains(IReadOnlyList<string> list, string ext)
    {
        foreach (var e in list)
        {
            if (string.Equals(e, ext, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<FileType> Lineage(FileType type)
    {
        for (FileType? t = type; t is not null; t = t.Parent)
        {
            yield return t;
        }
    }
}
