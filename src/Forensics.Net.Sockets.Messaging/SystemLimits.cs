namespace Forensics.Net.Sockets.Messaging;

/// <summary>Reads the process's open-file limit so that the default connection limit stays below it.</summary>
internal static class SystemLimits
{
    public static int DefaultMaxConnections { get; } = ComputeDefaultMaxConnections(ReadOpenFileLimit());

    internal static int ComputeDefaultMaxConnections(long openFileLimit)
    {
        // Leave a quarter (and at least 64 descriptors) for the listener, files, pipes and the runtime.
        long usable = Math.Min(openFileLimit * 3 / 4, openFileLimit - 64);
        return (int)Math.Clamp(usable, 8, 10_000);
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
