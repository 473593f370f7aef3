using System.Runtime.CompilerServices;
using System.Text;

namespace Forensics.Net.Hashing.Files;

/// <summary>The native, streamed walk (Linux, glibc).</summary>
internal sealed partial class TreeWalker
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private IEnumerable<Item> WalkNative(string root)
    {
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
        var kind = UnixFileInfo.GetKind(full, followLinks: true, out _, out _);
        if (Directory.Exists(full))
        {
            if (!_options.Recursive)
            {
                return [new Item(root, full, TreeEntryStatus.Error, -1, "is a directory (recursion is off)")];
            }

            string prefix = root.EndsWith('/') ? root : root + "/";
            return WalkNativeTree(full, prefix);
        }

        if (!File.Exists(full))
        {
            return [new Item(root, full, TreeEntryStatus.Error, -1, kind == UnixFileInfo.Kind.Unknown && Path.Exists(full) ? "cannot be read" : "no such file or directory")];
        }

        if (IsSpecial(kind, out string? what))
        {
            return [new Item(root, full, TreeEntryStatus.Skipped, -1, what + " skipped")];
        }

        return [new Item(root, full, TreeEntryStatus.Hashed, SafeLength(full), null, ToPathZ(full), NoFollow: false)];
    }

    /// <summary>Depth-first over sorted directory listings, with an explicit stack so that items stream out lazily.</summary>
    private IEnumerable<Item> WalkNativeTree(string full, string displayPrefix)
    {
        var ancestors = new HashSet<(ulong, ulong)>();
        string trimmed = full.Length > 1 ? full.TrimEnd('/') : string.Empty; // "/" joins as "" + "/" + name
        var first = List(Utf8.GetBytes(trimmed), trimmed, displayPrefix, string.Empty, noFollow: false, ancestors, out Item? error);
        if (first is null)
        {
            yield return error!.Value with { Path = displayPrefix, FullPath = full };
            yield break;
        }

        var stack = new Stack<Frame>();
        stack.Push(first);
        while (stack.Count > 0)
        {
            var frame = stack.Peek();
            if (frame.Next == frame.Entries.Count)
            {
                stack.Pop();
                ancestors.Remove(frame.Id);
                continue;
            }

            var entry = frame.Entries[frame.Next++];
            if (entry.Item is { } item)
            {
                yield return item;
                continue;
            }

            var child = List(entry.DirectoryPath!, entry.DirectoryFullPath!, displayPrefix, entry.Relative, entry.NoFollow, ancestors, out error);
            if (child is null)
            {
                // Listable when probed a moment ago, gone or locked now: reported where the directory's contents would be.
                yield return error!.Value;
                continue;
            }

            stack.Push(child);
        }
    }

    /// <summary>Lists and classifies one directory, sorted for output; adds it to <paramref name="ancestors"/> on success.</summary>
    [SkipLocalsInit] // the stat buffer is written by fstat/fstatat before it is read
    private Frame? List(byte[] dirPath, string dirFull, string displayPrefix, string relativePrefix, bool noFollow, HashSet<(ulong, ulong)> ancestors, out Item? error)
    {
        Span<byte> stat = stackalloc byte[NativeFs.StatSize];
        byte[] dirPathZ = new byte[dirPath.Length + 1];
        dirPath.CopyTo(dirPathZ, 0);
        if (dirPath.Length == 0)
        {
            dirPathZ = "/\0"u8.ToArray();
        }

        string shown = displayPrefix + relativePrefix.TrimEnd('/');
        using var dir = NativeFs.Directory.Open(dirPathZ, noFollow, stat, out int errno);
        if (dir is null)
        {
            error = new Item(shown, dirFull, TreeEntryStatus.Error, -1, "directory cannot be listed: " + DirectoryError(errno));
            return null;
        }

        var id = (NativeFs.Device(stat), NativeFs.Inode(stat));
        ancestors.Add(id);

        var entries = new List<Entry>();
        bool sizeFilter = _options.MinSize > 0 || _options.MaxSize < long.MaxValue;
        Item? listingError = null;
        while (true)
        {
            if (!dir.ReadEntry(out var nameBytes, out byte dType, out errno))
            {
                if (errno != 0)
                {
                    listingError = new Item(shown, dirFull, TreeEntryStatus.Error, -1, "directory listing failed: " + NativeFs.Message(errno));
                }

                break;
            }

            if (nameBytes.SequenceEqual("."u8) || nameBytes.SequenceEqual(".."u8))
            {
                continue;
            }

            string name = Utf8.GetString(nameBytes);
            string relative = relativePrefix + name;
            if ((!_options.IncludeHidden && name.StartsWith('.')) || IsExcluded(relative))
            {
                continue; // filtered on request (Linux has no System attribute)
            }

            byte[] childZ = new byte[dirPath.Length + 1 + nameBytes.Length + 1];
            dirPath.CopyTo(childZ, 0);
            childZ[dirPath.Length] = (byte)'/';
            nameBytes.CopyTo(childZ.AsSpan(dirPath.Length + 1));
            ReadOnlyMemory<byte> raw = childZ.AsMemory(dirPath.Length + 1, nameBytes.Length); // the name's bytes, within the path
            string display = displayPrefix + relative;
            string childFull = dirFull + "/" + name;

            var kind = _mode == WalkMode.NativeIgnoreDType ? UnixFileInfo.Kind.Unknown : NativeFs.KindOf(dType);
            long size = -1;
            if (kind == UnixFileInfo.Kind.Unknown || (kind == UnixFileInfo.Kind.Regular && sizeFilter))
            {
                // DT_UNKNOWN (some file systems never fill d_type), or a size filter: lstat relative to the open directory.
                if (!NativeFs.LStatAt(dir.Fd, childZ.AsSpan(dirPath.Length + 1), stat, out errno))
                {
                    entries.Add(new Entry(name, raw, new Item(display, childFull, TreeEntryStatus.Error, -1, FileError(errno))));
                    continue;
                }

                kind = NativeFs.KindOf(NativeFs.Mode(stat));
                size = NativeFs.Size(stat);
            }

            switch (kind)
            {
                case UnixFileInfo.Kind.Symlink:
                    if (ClassifyLink(name, raw, childZ, childFull, display, relative, ancestors) is { } link)
                    {
                        entries.Add(link);
                    }

                    break;

                case UnixFileInfo.Kind.Directory:
                    entries.Add(ClassifyDirectory(name, raw, childZ.AsSpan(0, childZ.Length - 1).ToArray(), childFull, display, relative, noFollow: true, ancestors));
                    break;

                case UnixFileInfo.Kind.Regular or UnixFileInfo.Kind.Unknown:
                    if (!IsIncluded(relative))
                    {
                        break;
                    }

                    if (sizeFilter && (size < _options.MinSize || size > _options.MaxSize))
                    {
                        break;
                    }

                    entries.Add(new Entry(name, raw, new Item(display, childFull, TreeEntryStatus.Hashed, sizeFilter ? size : -1, null, childZ, NoFollow: true)));
                    break;

                default:
                    IsSpecial(kind, out string? what);
                    entries.Add(new Entry(name, raw, new Item(display, childFull, TreeEntryStatus.Skipped, -1, what + " skipped")));
                    break;
            }
        }

        entries.Sort(static (a, b) =>
        {
            int c = string.CompareOrdinal(a.Key, b.Key);
            return c != 0 ? c : a.RawName.Span.SequenceCompareTo(b.RawName.Span); // names that decode alike (invalid UTF-8)
        });
        if (listingError is { } e)
        {
            entries.Insert(0, new Entry(string.Empty, ReadOnlyMemory<byte>.Empty, e));
        }

        error = null;
        return new Frame(entries, id);
    }

    /// <summary>A directory entry: probed now (listable? a loop?) so that errors sort by the directory's own name.</summary>
    [SkipLocalsInit]
    private static Entry ClassifyDirectory(string name, ReadOnlyMemory<byte> raw, byte[] path, string full, string display, string relative, bool noFollow, HashSet<(ulong, ulong)> ancestors)
    {
        Span<byte> stat = stackalloc byte[NativeFs.StatSize];
        byte[] pathZ = new byte[path.Length + 1];
        path.CopyTo(pathZ, 0);
        int fd = NativeFs.OpenDirectory(pathZ, noFollow, out int errno);
        if (fd < 0)
        {
            return new Entry(name, raw, new Item(display, full, TreeEntryStatus.Error, -1, "directory cannot be listed: " + DirectoryError(errno)));
        }

        bool ok = NativeFs.FStat(fd, stat, out errno);
        NativeFs.Close(fd);
        if (!ok)
        {
            return new Entry(name, raw, new Item(display, full, TreeEntryStatus.Error, -1, "directory cannot be listed: " + NativeFs.Message(errno)));
        }

        if (ancestors.Contains((NativeFs.Device(stat), NativeFs.Inode(stat))))
        {
            return new Entry(name, raw, new Item(display, full, TreeEntryStatus.Skipped, -1, "symbolic link loop (directory already being walked)"));
        }

        return new Entry(name + "/", raw, null, path, full, relative + "/", noFollow);
    }

    /// <summary>A symbolic link: skipped, or (when following) resolved to a file item or a directory to descend; null when filtered out.</summary>
    private Entry? ClassifyLink(string name, ReadOnlyMemory<byte> raw, byte[] linkZ, string linkFull, string display, string relative, HashSet<(ulong, ulong)> ancestors)
    {
        if (!_options.FollowSymlinks)
        {
            byte[]? linkTarget = NativeFs.ReadLink(linkZ);
            return new Entry(name, raw, new Item(display, linkFull, TreeEntryStatus.Skipped, -1, "symbolic link not followed -> " + (linkTarget is null ? null : Utf8.GetString(linkTarget))));
        }

        var info = new FileInfo(linkFull);
        FileSystemInfo? resolved;
        try
        {
            resolved = info.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException ex)
        {
            return new Entry(name, raw, new Item(display, linkFull, TreeEntryStatus.Skipped, -1, "symbolic link cannot be resolved (loop?): " + ex.Message));
        }
        catch (UnauthorizedAccessException ex)
        {
            return new Entry(name, raw, new Item(display, linkFull, TreeEntryStatus.Error, -1, "symbolic link cannot be resolved: " + ex.Message));
        }

        if (resolved is null || !Path.Exists(resolved.FullName))
        {
            return new Entry(name, raw, new Item(display, linkFull, TreeEntryStatus.Error, -1, "dangling symbolic link -> " + info.LinkTarget));
        }

        string target = resolved.FullName;
        var kind = UnixFileInfo.GetKind(target, followLinks: true, out ulong dev, out ulong ino);
        if (Directory.Exists(target))
        {
            bool tracked = kind == UnixFileInfo.Kind.Directory;
            if ((tracked && ancestors.Contains((dev, ino))) || (!tracked && IsAncestorByPath(info, relative, Path.GetDirectoryName(linkFull)!)))
            {
                return new Entry(name, raw, new Item(display, linkFull, TreeEntryStatus.Skipped, -1, "symbolic link loop (directory already being walked)"));
            }

            string trimmed = target.Length > 1 ? target.TrimEnd('/') : string.Empty;
            return ClassifyDirectory(name, raw, Utf8.GetBytes(trimmed), trimmed, display, relative, noFollow: false, ancestors);
        }

        if (IsSpecial(kind, out string? what))
        {
            return new Entry(name, raw, new Item(display, linkFull, TreeEntryStatus.Skipped, -1, what + " skipped"));
        }

        if (!IsIncluded(relative))
        {
            return null; // filtered
        }

        long size = SafeLength(target);
        if (size < _options.MinSize || size > _options.MaxSize)
        {
            return null;
        }

        return new Entry(name, raw, new Item(display, linkFull, TreeEntryStatus.Hashed, size, null, linkZ, NoFollow: false));
    }

    private bool IsExcluded(string relative)
    {
        foreach (var g in _exclude)
        {
            if (g.IsMatch(relative))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsIncluded(string relative)
    {
        if (_include.Length == 0)
        {
            return true;
        }

        foreach (var g in _include)
        {
            if (g.IsMatch(relative))
            {
                return true;
            }
        }

        return false;
    }

    private static string DirectoryError(int errno) => errno switch
    {
        NativeFs.ENOENT => "vanished before it could be listed",
        NativeFs.EACCES or NativeFs.EPERM => "permission denied: " + NativeFs.Message(errno),
        NativeFs.ELOOP => "replaced by a symbolic link after it was listed",
        _ => NativeFs.Message(errno),
    };

    private static string FileError(int errno) => errno switch
    {
        NativeFs.ENOENT or NativeFs.ENOTDIR => "vanished before it could be read",
        NativeFs.EACCES or NativeFs.EPERM => "permission denied: " + NativeFs.Message(errno),
        _ => NativeFs.Message(errno),
    };

    private static byte[] ToPathZ(string path)
    {
        byte[] z = new byte[Utf8.GetByteCount(path) + 1];
        Utf8.GetBytes(path, z);
        return z;
    }

    /// <summary>One sorted listing being walked, and its (device, inode) to drop from the ancestors when done.</summary>
    private sealed class Frame(List<Entry> entries, (ulong, ulong) id)
    {
        public List<Entry> Entries { get; } = entries;

        public (ulong, ulong) Id { get; } = id;

        public int Next { get; set; }
    }

    /// <summary>A classified entry: an item to emit (or nothing when filtered), or a directory to descend into.</summary>
    private sealed class Entry(string key, ReadOnlyMemory<byte> rawName, Item? item, byte[]? directoryPath = null, string? directoryFullPath = null, string relative = "", bool noFollow = true)
    {
        public string Key { get; } = key;

        public ReadOnlyMemory<byte> RawName { get; } = rawName;

        public Item? Item { get; } = item;

        public byte[]? DirectoryPath { get; } = directoryPath;

        public string? DirectoryFullPath { get; } = directoryFullPath;

        public string Relative { get; } = relative;

        public bool NoFollow { get; } = noFollow;
    }
}
