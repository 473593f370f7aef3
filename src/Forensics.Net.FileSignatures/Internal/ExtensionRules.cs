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

        string ext = name[(dot + 1)..].ToLowerInvariant();
        return ext.All(char.IsAsciiDigit) && FileType.FromExtension(ext).Count == 0 ? string.Empty : ext; // GFDL-1.3, libfoo.so.6

    }

    /// <summary>Extensions that promise nothing about the content (generic binary dumps, backups, temporary files).</summary>
    private static readonly HashSet<string> GenericExtensions = new(StringComparer.OrdinalIgnoreCase) { "bin", "dat", "data", "raw", "tmp", "temp", "bak", "old", "orig", "dump", "part", "crdownload" };

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

        if (type.Id == "empty" || GenericExtensions.Contains(ext))
        {
            return ExtensionVerdict.CompatibleAlias; // nothing to lie about, or a name that promises nothing
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
            // A name claiming a specialisation of the content's format is fine for TIFF-based raw images and the like,
            // but not for archives and documents whose directory was read in full: a plain ZIP named .docx lies.
            bool specialises = claimed.IsA(type) && type.Category is not (FileTypeCategory.Archive or FileTypeCategory.Document);
            if (specialises || (type.Parent is { } p && claimed.Parent == p && SameFamily(type, claimed)))
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

        var claimedTypes = FileType.FromExtension(ext);

        // Text is text: structured text or source under another text format's extension (a .md full of code, .log for
        // .txt). Text classification is a judgement call; calling it a lie would drown real alarms.
        if (type.IsText && claimedTypes.Count > 0 && claimedTypes.All(t => t.IsText))
        {
            return ExtensionVerdict.CompatibleAlias;
        }

        // An extension no format claims (.vim, .pom, .in, .globalconfig) promises nothing to check against, except that
        // executable content under it is still flagged.
        if (claimedTypes.Count == 0 && !type.IsExecutable)
        {
            return ExtensionVerdict.CompatibleAlias;
        }

        if (claimedTypes.Count == 0 && type.IsText && !type.Category.Equals(FileTypeCategory.Executable))
        {
            return ExtensionVerdict.CompatibleAlias; // scripts under unknown extensions (.cgi, .vim): source text, not a disguise
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
