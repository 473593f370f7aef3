using Forensics.Net.EncodingDetection;

// Interim version (foundation issue): reports byte order marks only. The encoding-detection
// issue grows this into the full sniffer with --json.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: EncodingSniff PATH...");
    return 2;
}

int exit = 0;
foreach (string arg in args)
{
    IEnumerable<string> files = Directory.Exists(arg)
        ? Directory.EnumerateFiles(arg, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        : [arg];
    foreach (string file in files)
    {
        try
        {
            byte[] head = new byte[4];
            using var stream = File.OpenRead(file);
            int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            string verdict = ByteOrderMark.TryDetect(head.AsSpan(0, read), out var encoding, out int length)
                ? $"BOM {encoding.WebName} ({length} bytes)"
                : "no BOM";
            Console.WriteLine($"{file}: {verdict}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{file}: {ex.Message}");
            exit = 2;
        }
    }
}

return exit;
