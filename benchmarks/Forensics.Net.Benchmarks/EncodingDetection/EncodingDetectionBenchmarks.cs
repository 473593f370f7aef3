using System.Text;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;
using Forensics.Net.EncodingDetection;
using UtfUnknown;

namespace Forensics.Net.Benchmarks.EncodingDetection;

/// <summary>
/// Throughput of <see cref="EncodingDetector.Detect(ReadOnlySpan{byte})"/> on 50 MiB buffers built in
/// GlobalSetup from the corpus's long samples (repeated): UTF-8 (mixed scripts), pure ASCII, windows-1251
/// Russian and Shift_JIS Japanese. Baselines: <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/> (validation
/// only) and UTF.Unknown (the .NET port of uchardet). Divide 50 MiB by the mean time for MiB/s.
/// </summary>
public class EncodingDetectionBenchmarks
{
    private const int Size = 50 * 1024 * 1024;

    private byte[] _utf8 = [];
    private byte[] _ascii = [];
    private byte[] _cp1251 = [];
    private byte[] _shiftJis = [];

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(TestCorpus.Root, "encoding");
        string Read(string lang) => File.ReadAllText(Path.Combine(dir, "utf-8", lang + "_long.txt"), Encoding.UTF8);

        _utf8 = Repeat(Encoding.UTF8.GetBytes(Read("en") + Read("ru") + Read("de") + Read("ja")));
        _ascii = Repeat(File.ReadAllBytes(Path.Combine(dir, "ascii", "en_long.txt")));
        _cp1251 = Repeat(CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetBytes(Read("ru")));
        _shiftJis = Repeat(CodePagesEncodingProvider.Instance.GetEncoding(932)!.GetBytes(Read("ja")));
    }

    [Benchmark(Baseline = true, Description = "Utf8.IsValid, UTF-8 50 MiB")]
    public bool Utf8IsValid() => Utf8.IsValid(_utf8);

    [Benchmark(Description = "Detect, UTF-8 50 MiB")]
    public string? DetectUtf8() => EncodingDetector.Detect(_utf8).WebName;

    [Benchmark(Description = "Detect, ASCII 50 MiB")]
    public string? DetectAscii() => EncodingDetector.Detect(_ascii).WebName;

    [Benchmark(Description = "Detect, windows-1251 50 MiB")]
    public string? DetectCp1251() => EncodingDetector.Detect(_cp1251).WebName;

    [Benchmark(Description = "Detect, Shift_JIS 50 MiB")]
    public string? DetectShiftJis() => EncodingDetector.Detect(_shiftJis).WebName;

    [Benchmark(Description = "UTF.Unknown, UTF-8 50 MiB")]
    public string? UtfUnknownUtf8() => CharsetDetector.DetectFromBytes(_utf8).Detected?.EncodingName;

    [Benchmark(Description = "UTF.Unknown, windows-1251 50 MiB")]
    public string? UtfUnknownCp1251() => CharsetDetector.DetectFromBytes(_cp1251).Detected?.EncodingName;

    [Benchmark(Description = "UTF.Unknown, Shift_JIS 50 MiB")]
    public string? UtfUnknownShiftJis() => CharsetDetector.DetectFromBytes(_shiftJis).Detected?.EncodingName;

    private static byte[] Repeat(byte[] unit)
    {
        // Cut the repeated text on a line boundary so that the buffer ends on a whole character.
        int line = Array.LastIndexOf(unit, (byte)'\n');
        var piece = unit.AsSpan(0, line + 1);
        byte[] buffer = new byte[Size];
        int pos = 0;
        while (pos + piece.Length <= Size)
        {
            piece.CopyTo(buffer.AsSpan(pos));
            pos += piece.Length;
        }

        buffer.AsSpan(pos).Fill((byte)'\n');
        return buffer;
    }
}
