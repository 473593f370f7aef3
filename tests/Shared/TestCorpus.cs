using System.Diagnostics;

namespace Forensics.Net.Testing;

/// <summary>
/// Locates the repository's own test data (<c>testdata/</c> at the repository root, described by
/// <c>testdata/README.md</c>). Nothing outside the repository is ever read. A few large variants are
/// not committed but derived on first use with the real tool that makes them (editcap, tcprewrite) into
/// <c>testdata/derived/</c>, which git ignores; when that tool is missing the calling test is
/// reported as skipped with the tool's name.
/// </summary>
internal static class TestCorpus
{
    private static readonly Lazy<string> LazyRoot = new(Find);

    /// <summary>Gets the full path of the repository's <c>testdata/</c> folder.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>
    /// Returns the full path of <paramref name="relative"/> inside <c>testdata/</c>, deriving it first
    /// when it is one of the derived variants. Fails with the path when the file is missing.
    /// </summary>
    public static string Require(string relative)
    {
        relative = relative.Replace('\\', '/');
        if (Derived.TryGetValue(relative, out DerivedFile? derived))
        {
            return Derive(relative, derived);
        }

        string path = Path.Combine(Root, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException("Missing from testdata/: " + path, path);
        }

        return path;
    }

    private sealed record DerivedFile(string Source, string Tool, Func<string, string, string[]> Arguments);

    /// <summary>Variants made from committed captures by the real tools (see testdata/pcap/README.md).</summary>
    private static readonly Dictionary<string, DerivedFile> Derived = new(StringComparer.Ordinal)
    {
        ["pcap/http_downloads.pcapng"] = new("pcap/http_downloads.pcap", "editcap",
            (src, dst) => ["-F", "pcapng", src, dst]),
        ["pcap/http_downloads_vlan.pcap"] = new("pcap/http_downloads.pcap", "tcprewrite",
            (src, dst) => ["--enet-vlan=add", "--enet-vlan-tag=100", "--enet-vlan-cfi=0", "--enet-vlan-pri=0", "-i", src, "-o", dst]),
    };

    private static readonly object DeriveLock = new();

    private static string Derive(string relative, DerivedFile spec)
    {
        string target = Path.Combine(Root, "derived", relative);
        lock (DeriveLock)
        {
            if (File.Exists(target))
            {
                return target;
            }

            ExternalTool.Require(spec.Tool);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);

            // Several test projects run at once: make the file under a unique name, then rename it into place.
            string temp = target + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                var (exit, _, err) = ExternalTool.Run(spec.Tool, spec.Arguments(Path.Combine(Root, spec.Source), temp), TimeSpan.FromMinutes(2));
                if (exit != 0 || !File.Exists(temp))
                {
                    throw new InvalidOperationException($"{spec.Tool} failed ({exit}) making {relative}: {err}");
                }

                try
                {
                    File.Move(temp, target, overwrite: false);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Another process made it first: same tool, same input, same bytes.
                }
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }

            return target;
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "testdata");
            if (File.Exists(Path.Combine(dir.FullName, "Forensics.Net.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "testdata/ was not found in any folder above " + AppContext.BaseDirectory +
            " that holds Forensics.Net.sln. Run the tests from a clone of the repository.");
    }
}
