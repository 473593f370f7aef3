using Forensics.Net.Testing;

namespace Forensics.Net.Hashing.Files.Tests;

/// <summary>
/// Real files for the agreement tests against ssdeep and tlsh: the repository's testdata/signatures samples plus
/// files of the installed system (/usr/share, /usr/lib) chosen at run time, in ordinal path order, evenly spread,
/// each at most 4 MB and 600 MB in all; and variants of some of them made in a temporary folder
/// (cut, grown, edited) so that many pairs are similar.
/// </summary>
internal static class SimilarityCorpus
{
    private const long MaxFileSize = 4L << 20;
    private const long MaxTotal = 600L << 20;

    private static readonly Lazy<IReadOnlyList<string>> LazyFiles = new(Pick);

    public static IReadOnlyList<string> Files => LazyFiles.Value;

    /// <summary>Writes up to <paramref name="count"/> text-like files and three variants of each into <paramref name="dir"/>.</summary>
    public static List<string> WriteVariants(string dir, int count)
    {
        var result = new List<string>();
        var rng = new Random(22);
        int n = 0;
        foreach (string source in Files.Where(f => new FileInfo(f).Length is >= 2_000 and <= 200_000).Take(count))
        {
            byte[] data = File.ReadAllBytes(source);
            n++;
            string Write(string suffix, byte[] bytes)
            {
                string path = Path.Combine(dir, $"{n:D4}{suffix}");
                File.WriteAllBytes(path, bytes);
                result.Add(path);
                return path;
            }

            Write(".o", data);
            Write(".cut", data[..(data.Length * 9 / 10)]);
            byte[] grown = [.. data[..(data.Length / 2)], .. "an inserted sentence of some length\n"u8.ToArray(), .. data[(data.Length / 2)..]];
            Write(".ins", grown);
            byte[] edited = (byte[])data.Clone();
            for (int k = 0; k < 5; k++)
            {
                edited[rng.Next(edited.Length)] ^= 0x5A;
            }

            Write(".edit", edited);
        }

        return result;
    }

    private static List<string> Pick()
    {
        var files = new List<string>();
        foreach (string f in Directory.EnumerateFiles(TestCorpus.Require("signatures"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files.Add(f);
        }

        var system = new List<(string Path, long Size)>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (string root in new[] { "/usr/share", "/usr/lib" })
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var info in new DirectoryInfo(root).EnumerateFiles("*", options))
            {
                if (info.Length <= MaxFileSize && (info.UnixFileMode & UnixFileMode.UserRead) != 0)
                {
                    system.Add((info.FullName, info.Length));
                }
            }
        }

        system.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        const int wanted = 5_200;
        long total = 0;
        double step = Math.Max(1.0, system.Count / (double)wanted);
        for (double i = 0; i < system.Count && files.Count < wanted + 240; i += step)
        {
            var (path, size) = system[(int)i];
            if (total + size > MaxTotal)
            {
                break;
            }

            total += size;
            files.Add(path);
        }

        return files;
    }
}
