namespace Forensics.Net.Hashing.Files;

/// <summary>
/// Enumerates one root into work items (files to hash, skipped and failed entries) in ordinal order of their
/// display paths. On Linux (glibc) the walk is native and streamed: each directory is read with readdir (entry
/// types from d_type, no stat per file unless a size filter needs it), its entries sorted (files by name,
/// directories by name + '/', which yields the global ordinal order of the display paths), and items are
/// produced while the caller hashes earlier ones. Elsewhere the portable walk lists the whole root, then sorts.
/// </summary>
internal sealed partial class TreeWalker
{
    private readonly TreeHasherOptions _options;
    private readonly Glob[] _include;
    private readonly Glob[] _exclude;
    private readonly WalkMode _mode;

    public TreeWalker(TreeHasherOptions options, WalkMode mode = WalkMode.Auto)
    {
        _options = options;
        _mode = NativeFs.IsAvailable ? mode : WalkMode.Portable;
        bool ignoreCase = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();
        _include = options.Include.Select(p => new Glob(p, ignoreCase)).ToArray();
        _exclude = options.Exclude.Select(p => new Glob(p, ignoreCase)).ToArray();
    }

    /// <summary>How to walk; the non-default modes exist for tests.</summary>
    internal enum WalkMode
    {
        /// <summary>Native where available, else portable.</summary>
        Auto,

        /// <summary>The portable .NET walk (whole root listed, then sorted).</summary>
        Portable,

        /// <summary>The native walk, ignoring d_type as if the file system returned DT_UNKNOWN (lstat per entry).</summary>
        NativeIgnoreDType,
    }

    public IEnumerable<Item> Walk(string root) =>
        _mode == WalkMode.Portable ? WalkPortable(root) : WalkNative(root);

    private IEnumerable<Item> WalkPortable(string root)
    {
        var items = new List<Item>();
        string full;
        try
        {
            full = Path.GetFullPath(root);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return [new Item(root, root, TreeEntryStatus.Error, -1, "invalid path: " + ex.Message)];
        }

        // Roots are followed even when they are links, as every tool does for names on its command line.
        var kind = UnixFileInfo.GetKind(full, followLinks: true, out ulong dev, out ulong ino);
        if (Directory.Exists(full))
        {
            if (!_options.Recursive)
            {
                return [new Item(root, full, TreeEntryStatus.Error, -1, "is a directory (recursion is off)")];
            }

            var ancestors = new HashSet<(ulong, ulong)>();
            if (kind == UnixFileInfo.Kind.Directory)
            {
                ancestors.Add((dev, ino));
            }

            string prefix = root.EndsWith('/') || root.EndsWith(Path.DirectorySeparatorChar) ? root : root + "/";
            WalkDirectory(full, prefix, string.Empty, ancestors, items);
            items.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return items;
        }

        if (!File.Exists(full))
        {
            return [new Item(root, full, TreeEntryStatus.Error, -1, kind == UnixFileInfo.Kind.Unknown && Path.Exists(full) ? "cannot be read" : "no such file or directory")];
        }

        if (IsSpecial(kind, out string? what))
        {
            return [new Item(root, full, TreeEntryStatus.Skipped, -1, what + " skipped")];
        }

        long size = SafeLength(full);
        return [new Item(root, full, TreeEntryStatus.Hashed, size, null)];
    }

    private void WalkDirectory(string dir, string displayPrefix, string relativePrefix, HashSet<(ulong, ulong)> ancestors, List<Item> items)
    {
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = false,
            AttributesToSkip = 0,
            ReturnSpecialDirectories = false,
        };

        List<FileSystemInfo> entries = [];
        try
        {
            entries.AddRange(new DirectoryInfo(dir).EnumerateFileSystemInfos("*", enumeration));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            string shown = relativePrefix.Length == 0 ? displayPrefix : displayPrefix + relativePrefix.TrimEnd('/');
            items.Add(new Item(shown, dir, TreeEntryStatus.Error, -1, "directory cannot be listed: " + ex.Message));
            return;
        }

        foreach (var info in entries)
        {
            string relative = relativePrefix + info.Name;
            string display = displayPrefix + relative;
            FileAttributes attributes;
            try
            {
                attributes = info.Attributes;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                items.Add(new Item(display, info.FullName, TreeEntryStatus.Error, -1, ex.Message));
                continue;
            }

            if ((!_options.IncludeHidden && (info.Name.StartsWith('.') || attributes.HasFlag(FileAttributes.Hidden)))
                || (!_options.IncludeSystem && attributes.HasFlag(FileAttributes.System))
                || _exclude.Any(g => g.IsMatch(relative)))
            {
                continue; // filtered on request
            }

            var kind = UnixFileInfo.GetKind(info.FullName, followLinks: false, out _, out _);
            bool isLink = kind == UnixFileInfo.Kind.Symlink
                || (kind == UnixFileInfo.Kind.Unknown && attributes.HasFlag(FileAttributes.ReparsePoint) && info.LinkTarget is not null);
            string target = info.FullName;
            bool isDirectory = attributes.HasFlag(FileAttributes.Directory);
            if (isLink)
            {
                if (!_options.FollowSymlinks)
                {
                    items.Add(new Item(display, info.FullName, TreeEntryStatus.Skipped, -1, "symbolic link not followed -> " + info.LinkTarget));
                    continue;
                }

                FileSystemInfo? resolved;
                try
                {
                    resolved = info.ResolveLinkTarget(returnFinalTarget: true);
                }
                catch (IOException ex)
                {
                    items.Add(new Item(display, info.FullName, TreeEntryStatus.Skipped, -1, "symbolic link cannot be resolved (loop?): " + ex.Message));
                    continue;
                }

                if (resolved is null || !Path.Exists(resolved.FullName))
                {
                    items.Add(new Item(display, info.FullName, TreeEntryStatus.Error, -1, "dangling symbolic link -> " + info.LinkTarget));
                    continue;
                }

                target = resolved.FullName;
                kind = UnixFileInfo.GetKind(target, followLinks: true, out _, out _);
                isDirectory = Directory.Exists(target);
            }

            if (isDirectory)
            {
                var dirKind = UnixFileInfo.GetKind(target, followLinks: true, out ulong dev, out ulong ino);
                bool tracked = dirKind == UnixFileInfo.Kind.Directory;
                if (tracked && !ancestors.Add((dev, ino)))
                {
                    items.Add(new Item(display, info.FullName, TreeEntryStatus.Skipped, -1, "symbolic link loop (directory already being walked)"));
                    continue;
                }

                if (!tracked && isLink && IsAncestorByPath(info, relativePrefix, dir))
                {
                    items.Add(new Item(display, info.FullName, TreeEntryStatus.Skipped, -1, "symbolic link loop (directory already being walked)"));
                    continue;
                }

                WalkDirectory(target, displayPrefix, relative + "/", ancestors, items);
                if (tracked)
                {
                    ancestors.Remove((dev, ino));
                }

                continue;
            }

            if (IsSpecial(kind, out string? what))
            {
                items.Add(new Item(display, info.FullName, TreeEntryStatus.Skipped, -1, what + " skipped"));
                continue;
            }

            if (_include.Length > 0 && !_include.Any(g => g.IsMatch(relative)))
            {
                continue;
            }

            long size = isLink ? SafeLength(target) : ((FileInfo)info).Length;
            if (size < _options.MinSize || size > _options.MaxSize)
            {
                continue;
            }

            items.Add(new Item(display, info.FullName, TreeEntryStatus.Hashed, size, null));
        }
    }

    /// <summary>Fallback loop check where inodes are unavailable: the link resolves to a directory above it.</summary>
    private static bool IsAncestorByPath(FileSystemInfo link, string relativePrefix, string dir)
    {
        _ = relativePrefix;
        string? resolved = link.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        if (resolved is null)
        {
            return false;
        }

        string r = Path.TrimEndingDirectorySeparator(resolved) + Path.DirectorySeparatorChar;
        string d = Path.TrimEndingDirectorySeparator(dir) + Path.DirectorySeparatorChar;
        return d.StartsWith(r, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsSpecial(UnixFileInfo.Kind kind, out string? what)
    {
        what = kind switch
        {
            UnixFileInfo.Kind.Fifo => "FIFO (named pipe)",
            UnixFileInfo.Kind.CharacterDevice => "character device",
            UnixFileInfo.Kind.BlockDevice => "block device",
            UnixFileInfo.Kind.Socket => "socket",
            _ => null,
        };
        return what is not null;
    }

    private static long SafeLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>One work item. <paramref name="Size"/> is -1 when not known yet (the native walk does not stat files without a size filter). <paramref name="NativePath"/> is the NUL-terminated raw path for the native open, or null.</summary>
    internal readonly record struct Item(string Path, string FullPath, TreeEntryStatus Status, long Size, string? Message, byte[]? NativePath = null, bool NoFollow = false);
}
