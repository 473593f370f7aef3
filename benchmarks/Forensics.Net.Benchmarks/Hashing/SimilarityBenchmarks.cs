using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Forensics.Net.Hashing.Files;

namespace Forensics.Net.Benchmarks.Hashing;

/// <summary>
/// ssdeep and TLSH over a 1 GiB file (made in the temp folder and deleted afterwards), and all four of MD5 + SHA-256 +
/// ssdeep + TLSH in one read, against SHA-256 alone. The setups of the ssdeep and TLSH cases also run the real
/// <c>ssdeep FILE</c> and <c>tlsh -f FILE</c> on the same file and print their wall and user times ("TOOL …" lines in the log).
/// </summary>
public class SimilarityBenchmarks
{
    private const long FileSize = 1L << 30;
    private static readonly FileHashAlgorithm[] Four = [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha256, FileHashAlgorithm.Ssdeep, FileHashAlgorithm.Tlsh];
    private string _path = string.Empty;

    [GlobalSetup(Targets = [nameof(Sha256), nameof(FourInOnePass)])]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "fnsim-bench-1GiB.bin");
        if (!File.Exists(_path) || new FileInfo(_path).Length != FileSize)
        {
            // Text-like data (random words) so that ssdeep finds pieces as in real files; random bytes would do as well.
            var rng = new Random(42);
            string[] words = ["the", "evidence", "file", "packet", "hash", "0x1F", "carved", "sector", "known", "bad", "\n", "\t", "{", "}"];
            byte[] chunk = new byte[1 << 20];
            using var stream = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            for (long done = 0; done < FileSize; done += chunk.Length)
            {
                int n = 0;
                while (n < chunk.Length)
                {
                    if (rng.Next(4) == 0)
                    {
                        chunk[n++] = (byte)rng.Next(256);
                        continue;
                    }

                    foreach (char c in words[rng.Next(words.Length)])
                    {
                        if (n < chunk.Length)
                        {
                            chunk[n++] = (byte)c;
                        }
                    }

                    if (n < chunk.Length)
                    {
                        chunk[n++] = (byte)' ';
                    }
                }

                stream.Write(chunk);
            }
        }

        using var s = File.OpenRead(_path);
        byte[] buffer = new byte[1 << 20];
        while (s.Read(buffer) > 0)
        {
        }
    }

    [GlobalSetup(Target = nameof(Ssdeep))]
    public void SetupSsdeep()
    {
        Setup();
        TimeTool("ssdeep", _path);
    }

    [GlobalSetup(Target = nameof(Tlsh))]
    public void SetupTlsh()
    {
        Setup();
        TimeTool("tlsh", "-f", _path);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "SHA-256 alone")]
    public HashDigests Sha256() => FileHasher.HashFile(_path, [FileHashAlgorithm.Sha256]);

    [Benchmark(Description = "ssdeep")]
    public SsdeepDigest Ssdeep() => SsdeepHasher.HashFile(_path);

    [Benchmark(Description = "TLSH")]
    public TlshDigest? Tlsh() => TlshHasher.TryHashFile(_path, out var digest) ? digest : null;

    [Benchmark(Description = "MD5+SHA-256+ssdeep+TLSH, one pass")]
    public HashDigests FourInOnePass() => FileHasher.HashFile(_path, Four);

    private static void TimeTool(string tool, params string[] args)
    {
        // /usr/bin/time reports the tool's own wall and user time (a finished process's times cannot be read on Linux).
        var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-f");
        psi.ArgumentList.Add("TIME %e s wall, %U s user");
        psi.ArgumentList.Add(tool);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(psi)!;
            Task<string> err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            string time = err.Result.Split('\n').LastOrDefault(l => l.StartsWith("TIME", StringComparison.Ordinal)) ?? err.Result;
            Console.WriteLine($"TOOL {tool} {string.Join(' ', args)}: {time}; {output.Trim().ReplaceLineEndings(" ")}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Console.WriteLine($"TOOL {tool}: not run ({ex.Message})");
        }
    }
}
