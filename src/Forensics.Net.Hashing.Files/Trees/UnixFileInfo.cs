using System.Runtime.InteropServices;

namespace Forensics.Net.Hashing.Files;

/// <summary>The file type and identity from lstat/stat, which .NET does not expose (it cannot tell a FIFO from an empty file).</summary>
internal static partial class UnixFileInfo
{
    public enum Kind
    {
        Unknown,
        Regular,
        Directory,
        Symlink,
        Fifo,
        CharacterDevice,
        BlockDevice,
        Socket,
    }

    private static bool _unavailable = !OperatingSystem.IsLinux() ||
        RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64);

    /// <summary>Gets the type and (device, inode) of a path; Unknown where the platform is not supported.</summary>
    public static Kind GetKind(string path, bool followLinks, out ulong device, out ulong inode)
    {
        device = inode = 0;
        if (_unavailable)
        {
            return Kind.Unknown;
        }

        Span<byte> buffer = stackalloc byte[256];
        int rc;
        try
        {
            rc = followLinks ? Stat(path, ref MemoryMarshal.GetReference(buffer)) : LStat(path, ref MemoryMarshal.GetReference(buffer));
        }
        catch (EntryPointNotFoundException)
        {
            _unavailable = true; // glibc before 2.33 exports only __xstat
            return Kind.Unknown;
        }
        catch (DllNotFoundException)
        {
            _unavailable = true;
            return Kind.Unknown;
        }

        if (rc != 0)
        {
            return Kind.Unknown;
        }

        device = MemoryMarshal.Read<ulong>(buffer);
        inode = MemoryMarshal.Read<ulong>(buffer[8..]);
        uint mode = RuntimeInformation.ProcessArchitecture == Architecture.X64
            ? MemoryMarshal.Read<uint>(buffer[24..])
            : MemoryMarshal.Read<uint>(buffer[16..]);
        return (mode & 0xF000) switch
        {
            0x8000 => Kind.Regular,
            0x4000 => Kind.Directory,
            0xA000 => Kind.Symlink,
            0x1000 => Kind.Fifo,
            0x2000 => Kind.CharacterDevice,
            0x6000 => Kind.BlockDevice,
            0xC000 => Kind.Socket,
            _ => Kind.Unknown,
        };
    }

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LStat(string path, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, ref byte buffer);
}
