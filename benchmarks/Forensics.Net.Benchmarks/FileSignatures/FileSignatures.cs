using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Forensics.Net.FileSignatures;

namespace Forensics.Net.Benchmarks.FileSignatures;

/// <summary>
/// Detects every file of testdata/signatures (238 real files: images, audio, documents, archives, executables,
/// text) once per operation; each result row is per file (OperationsPerInvoke), so files/s = 1 / Mean.
/// The baseline is libmagic (magic_buffer, what `file` uses) on the same bytes, when libmagic.so.1 is installed.
/// </summary>
[MemoryDiagnoser]
public class FileSignatures
{
    private const int Files = 246;
    private byte[][] _data = [];
    private string[] _paths = [];
    private IntPtr _magic;

    [GlobalSetup]
    public void Setup()
    {
        string root = Path.Combine(TestCorpus.Root, "signatures");
        _paths = File.ReadAllLines(Path.Combine(root, "labels.csv")).Skip(1).Select(l => Path.Combine(root, l.Split(',')[0])).ToArray();
        if (_paths.Length != Files)
        {
            throw new InvalidOperationException($"expected {Files} labelled files, found {_paths.Length}");
        }

        _data = _paths.Select(File.ReadAllBytes).ToArray();
        try
        {
            _magic = LibMagic.magic_open(0x10); // MAGIC_MIME_TYPE
            if (_magic != IntPtr.Zero && LibMagic.magic_load(_magic, null) != 0)
            {
                LibMagic.magic_close(_magic);
                _magic = IntPtr.Zero;
            }
        }
        catch (DllNotFoundException)
        {
            _magic = IntPtr.Zero;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_magic != IntPtr.Zero)
        {
            LibMagic.magic_close(_magic);
        }
    }

    /// <summary>Bytes already in memory (whole files): <c>FileTypeDetector.Detect(ReadOnlySpan&lt;byte&gt;)</c>.</summary>
    [Benchmark(OperationsPerInvoke = Files)]
    public int DetectSpan()
    {
        int known = 0;
        foreach (byte[] d in _data)
        {
            known += FileTypeDetector.Default.Detect(d).IsKnown ? 1 : 0;
        }

        return known;
    }

    /// <summary>Warm files on disk (page cache): <c>FileTypeDetector.CheckFile(path)</c>, the Triage call.</summary>
    [Benchmark(OperationsPerInvoke = Files)]
    public int CheckPath()
    {
        int mismatches = 0;
        foreach (string p in _paths)
        {
            mismatches += FileTypeDetector.Default.CheckFile(p).Verdict == ExtensionVerdict.Mismatch ? 1 : 0;
        }

        return mismatches;
    }

    /// <summary>libmagic 5.x magic_buffer (MIME type) over the same in-memory bytes; 0 when libmagic is missing.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Files)]
    public int LibMagicBuffer()
    {
        if (_magic == IntPtr.Zero)
        {
            return 0;
        }

        int n = 0;
        foreach (byte[] d in _data)
        {
            n += LibMagic.magic_buffer(_magic, d, (nuint)d.Length) != IntPtr.Zero ? 1 : 0;
        }

        return n;
    }

    private static class LibMagic
    {
        private const string Lib = "libmagic.so.1";

        [DllImport(Lib)]
        public static extern IntPtr magic_open(int flags);

        [DllImport(Lib)]
        public static extern void magic_close(IntPtr cookie);

        [DllImport(Lib)]
        public static extern int magic_load(IntPtr cookie, [MarshalAs(UnmanagedType.LPUTF8Str)] string? filename);

        [DllImport(Lib)]
        public static extern IntPtr magic_buffer(IntPtr cookie, byte[] buffer, nuint length);
    }
}
