namespace Forensics.Net.Sockets.Messaging;

/// <summary>Reads the process's open-file limit so that the default connection limit stays below it.</summary>
internal static class SystemLimits
{
    /// <summary>Descriptors kept free beyond those already open: assemblies loaded later (.NET keeps two descriptors per assembly),
    /// runtime pipes for new threads, the listener, accepted sockets about to be refused, and files the application opens.</summary>
    internal const int Reserve = 64;

    public static int DefaultMaxConnections { get; } = ComputeDefaultMaxConnections(ReadOpenFileLimit(), CountOpenFiles());

    internal static int ComputeDefaultMaxConnections(long openFileLimit, int openNow)
    {
        // At most three quarters of the limit, and never into the reserve above what is already open.
        long usable = Math.Min(openFileLimit * 3 / 4, openFileLimit - openNow - Reserve);
        return (int)Math.Clamp(usable, 1, 10_000);
    }

    internal static int CountOpenFiles()
    {
        try
        {
            if (OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd"))
            {
                return Directory.GetFileSystemEntries("/proc/self/fd").Length;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    internal static long ReadOpenFileLimit()
    {
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/self/limits"))
            {
                foreach (string line in File.ReadLines("/proc/self/limits"))
                {
                    if (line.StartsWith("Max open files", StringComparison.Ordinal))
                    {
                        string[] parts = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        if (parts.Length > 0 && long.TryParse(parts[0], out long soft))
                        {
                            return soft;
                        }

                        if (parts.Length > 0 && parts[0] == "unlimited")
                        {
                            return 1 << 20;
                        }
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        // Windows has no small per-process socket limit; macOS defaults to 256, other Unixes to 1024.
        return OperatingSystem.IsWindows() ? 16_384 : OperatingSystem.IsMacOS() ? 256 : 1024;
    }
}
