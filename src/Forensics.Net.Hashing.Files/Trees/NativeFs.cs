using System.Runtime.InteropServices;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// The few glibc calls the Linux tree walk and small-file hashing use: open/fstat/read/close and
/// fdopendir/readdir64 (entry type from d_type, names as raw bytes). Resolved once from libc.so.6 as function
/// pointers; <see cref="IsAvailable"/> is false on other platforms, other C libraries (musl) or other
/// architectures, and callers then take the portable .NET path.
/// </summary>
internal static unsafe class NativeFs
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EACCES = 13;
    public const int EPERM = 1;
    public const int ENOTDIR = 20;
    public const int ELOOP = 40;

    public const byte DT_UNKNOWN = 0;
    public const byte DT_FIFO = 1;
    public const byte DT_CHR = 2;
    public const byte DT_DIR = 4;
    public const byte DT_BLK = 6;
    public const byte DT_REG = 8;
    public const byte DT_LNK = 10;
    public const byte DT_SOCK = 12;

    public const int StatSize = 256; // >= sizeof(struct stat) on x64 (144) and arm64 (128)

    private const int O_RDONLY = 0;
    private const int O_NONBLOCK = 0x800;
    private const int O_CLOEXEC = 0x80000;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;

    private static readonly delegate* unmanaged<byte*, int, int, int> s_open;
    private static readonly delegate* unmanaged<int, int> s_close;
    private static readonly delegate* unmanaged<int, byte*, nint, nint> s_read;
    private static readonly delegate* unmanaged<int, byte*, int> s_fstat;
    private static readonly delegate* unmanaged<int, byte*, byte*, int, int> s_fstatat;
    private static readonly delegate* unmanaged<int, nint> s_fdopendir;
    private static readonly delegate* unmanaged<nint, nint> s_readdir64;
    private static readonly delegate* unmanaged<nint, int> s_closedir;
    private static readonly delegate* unmanaged<byte*, byte*, nint, nint> s_readlink;

    private static readonly int s_modeOffset;
    private static readonly int s_oDirectory;
    private static readonly int s_oNoFollow;

#pragma warning disable CA1810 // one-time resolution of all entry points together; a field initializer per pointer would not be simpler
    static NativeFs()
#pragma warning restore CA1810
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return;
        }

        bool x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
        s_modeOffset = x64 ? 24 : 16;
        s_oDirectory = x64 ? 0x10000 : 0x4000;
        s_oNoFollow = x64 ? 0x20000 : 0x8000;

        // fstat/fstatat are exported since glibc 2.33 (before, only __fxstat): without them, stay portable.
        if (!NativeLibrary.TryLoad("libc.so.6", out nint libc)
            || !NativeLibrary.TryGetExport(libc, "open", out nint open)
            || !NativeLibrary.TryGetExport(libc, "close", out nint close)
            || !NativeLibrary.TryGetExport(libc, "read", out nint read)
            || !NativeLibrary.TryGetExport(libc, "fstat", out nint fstat)
            || !NativeLibrary.TryGetExport(libc, "fstatat", out nint fstatat)
            || !NativeLibrary.TryGetExport(libc, "fdopendir", out nint fdopendir)
            || !NativeLibrary.TryGetExport(libc, "readdir64", out nint readdir64)
            || !NativeLibrary.TryGetExport(libc, "closedir", out nint closedir)
            || !NativeLibrary.TryGetExport(libc, "readlink", out nint readlink))
        {
            return;
        }

        s_open = (delegate* unmanaged<byte*, int, int, int>)open;
        s_close = (delegate* unmanaged<int, int>)close;
        s_read = (delegate* unmanaged<int, byte*, nint, nint>)read;
        s_fstat = (delegate* unmanaged<int, byte*, int>)fstat;
        s_fstatat = (delegate* unmanaged<int, byte*, byte*, int, int>)fstatat;
        s_fdopendir = (delegate* unmanaged<int, nint>)fdopendir;
        s_readdir64 = (delegate* unmanaged<nint, nint>)readdir64;
        s_closedir = (delegate* unmanaged<nint, int>)closedir;
        s_readlink = (delegate* unmanaged<byte*, byte*, nint, nint>)readlink;
        IsAvailable = true;
    }

    /// <summary>Gets whether the native calls can be used (Linux x64/arm64 with glibc 2.33 or later).</summary>
    public static bool IsAvailable { get; }

    /// <summary>Opens a file for reading, non-blocking (a FIFO swapped in cannot hang the open), close-on-exec.</summary>
    /// <returns>The descriptor, or -1 with <paramref name="errno"/> set.</returns>
    public static int OpenRead(ReadOnlySpan<byte> pathZ, bool noFollow, out int errno) =>
        Open(pathZ, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (noFollow ? s_oNoFollow : 0), out errno);

    /// <summary>Opens a directory (O_DIRECTORY, non-blocking, close-on-exec).</summary>
    /// <returns>The descriptor, or -1 with <paramref name="errno"/> set.</returns>
    public static int OpenDirectory(ReadOnlySpan<byte> pathZ, bool noFollow, out int errno) =>
        Open(pathZ, O_RDONLY | O_NONBLOCK | O_CLOEXEC | s_oDirectory | (noFollow ? s_oNoFollow : 0), out errno);

    private static int Open(ReadOnlySpan<byte> pathZ, int flags, out int errno)
    {
        fixed (byte* p = pathZ)
        {
            while (true)
            {
                Marshal.SetLastSystemError(0);
                int fd = s_open(p, flags, 0);
                errno = fd < 0 ? Marshal.GetLastSystemError() : 0;
                if (fd >= 0 || errno != EINTR)
                {
                    return fd;
                }
            }
        }
    }

    public static void Close(int fd) => _ = s_close(fd);

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes, retrying on EINTR.</summary>
    /// <returns>The byte count (0 at end of file), or -1 with <paramref name="errno"/> set.</returns>
    public static int Read(int fd, Span<byte> buffer, out int errno)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                Marshal.SetLastSystemError(0);
                nint n = s_read(fd, p, buffer.Length);
                errno = n < 0 ? Marshal.GetLastSystemError() : 0;
                if (n >= 0 || errno != EINTR)
                {
                    return (int)n;
                }
            }
        }
    }

    /// <summary>fstat into <paramref name="stat"/> (at least <see cref="StatSize"/> bytes).</summary>
    /// <returns>True on success.</returns>
    public static bool FStat(int fd, Span<byte> stat, out int errno)
    {
        fixed (byte* s = stat)
        {
            Marshal.SetLastSystemError(0);
            int rc = s_fstat(fd, s);
            errno = rc != 0 ? Marshal.GetLastSystemError() : 0;
            return rc == 0;
        }
    }

    /// <summary>lstat of a name relative to a directory descriptor (fstatat with AT_SYMLINK_NOFOLLOW).</summary>
    /// <returns>True on success.</returns>
    public static bool LStatAt(int dirFd, ReadOnlySpan<byte> nameZ, Span<byte> stat, out int errno)
    {
        fixed (byte* n = nameZ)
        fixed (byte* s = stat)
        {
            Marshal.SetLastSystemError(0);
            int rc = s_fstatat(dirFd, n, s, AT_SYMLINK_NOFOLLOW);
            errno = rc != 0 ? Marshal.GetLastSystemError() : 0;
            return rc == 0;
        }
    }

    /// <summary>Reads a symbolic link's target as raw bytes.</summary>
    /// <returns>The target, or null when it cannot be read.</returns>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static byte[]? ReadLink(ReadOnlySpan<byte> pathZ)
    {
        Span<byte> buffer = stackalloc byte[4096];
        fixed (byte* p = pathZ)
        fixed (byte* b = buffer)
        {
            nint n = s_readlink(p, b, buffer.Length);
            return n < 0 ? null : buffer[..(int)n].ToArray();
        }
    }

    public static uint Mode(ReadOnlySpan<byte> stat) => MemoryMarshal.Read<uint>(stat[s_modeOffset..]);

    public static ulong Device(ReadOnlySpan<byte> stat) => MemoryMarshal.Read<ulong>(stat);

    public static ulong Inode(ReadOnlySpan<byte> stat) => MemoryMarshal.Read<ulong>(stat[8..]);

    public static long Size(ReadOnlySpan<byte> stat) => MemoryMarshal.Read<long>(stat[48..]);

    /// <summary>Maps st_mode to the file kind.</summary>
    public static UnixFileInfo.Kind KindOf(uint mode) => (mode & 0xF000) switch
    {
        0x8000 => UnixFileInfo.Kind.Regular,
        0x4000 => UnixFileInfo.Kind.Directory,
        0xA000 => UnixFileInfo.Kind.Symlink,
        0x1000 => UnixFileInfo.Kind.Fifo,
        0x2000 => UnixFileInfo.Kind.CharacterDevice,
        0x6000 => UnixFileInfo.Kind.BlockDevice,
        0xC000 => UnixFileInfo.Kind.Socket,
        _ => UnixFileInfo.Kind.Unknown,
    };

    /// <summary>Maps d_type to the file kind (Unknown for DT_UNKNOWN and anything unexpected).</summary>
    public static UnixFileInfo.Kind KindOf(byte dType) => dType switch
    {
        DT_REG => UnixFileInfo.Kind.Regular,
        DT_DIR => UnixFileInfo.Kind.Directory,
        DT_LNK => UnixFileInfo.Kind.Symlink,
        DT_FIFO => UnixFileInfo.Kind.Fifo,
        DT_CHR => UnixFileInfo.Kind.CharacterDevice,
        DT_BLK => UnixFileInfo.Kind.BlockDevice,
        DT_SOCK => UnixFileInfo.Kind.Socket,
        _ => UnixFileInfo.Kind.Unknown,
    };

    /// <summary>The strerror text for an errno value.</summary>
    public static string Message(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>An open directory stream; entries are read with <see cref="ReadEntry"/>.</summary>
    public sealed class Directory : IDisposable
    {
        private nint _dir;

        private Directory(nint dir, int fd)
        {
            _dir = dir;
            Fd = fd;
        }

        /// <summary>Gets the directory's descriptor (valid until disposed), for fstatat.</summary>
        public int Fd { get; }

        /// <summary>Opens a directory; on success <paramref name="stat"/> holds its fstat.</summary>
        /// <returns>The stream, or null with <paramref name="errno"/> set.</returns>
        public static Directory? Open(ReadOnlySpan<byte> pathZ, bool noFollow, Span<byte> stat, out int errno)
        {
            int fd = OpenDirectory(pathZ, noFollow, out errno);
            if (fd < 0)
            {
                return null;
            }

            if (!FStat(fd, stat, out errno))
            {
                Close(fd);
                return null;
            }

            Marshal.SetLastSystemError(0);
            nint dir = s_fdopendir(fd);
            if (dir == 0)
            {
                errno = Marshal.GetLastSystemError();
                Close(fd);
                return null;
            }

            return new Directory(dir, fd);
        }

        /// <summary>Reads the next entry ("." and ".." included).</summary>
        /// <returns>False at the end; <paramref name="errno"/> is non-zero when the listing failed.</returns>
        public bool ReadEntry(out ReadOnlySpan<byte> name, out byte dType, out int errno)
        {
            Marshal.SetLastSystemError(0);
            nint entry = s_readdir64(_dir);
            if (entry == 0)
            {
                errno = Marshal.GetLastSystemError();
                name = default;
                dType = 0;
                return false;
            }

            // struct dirent64: d_ino u64, d_off s64, d_reclen u16, d_type u8, d_name[] (NUL-terminated).
            errno = 0;
            dType = *((byte*)entry + 18);
            name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + 19);
            return true;
        }

        public void Dispose()
        {
            if (_dir != 0)
            {
                _ = s_closedir(_dir);
                _dir = 0;
            }
        }
    }
}
