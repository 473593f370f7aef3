using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Forensics.Net.Pcap.Analysis;

namespace Forensics.Net.Benchmarks.Pcap;

/// <summary>
/// Wireshark display filters over the ≥ 512 MB benchmark capture: the header-only filter of the issue
/// (<c>tcp.port==80 &amp;&amp; tcp.flags.syn==1</c>; the capture's server port is 8080, so the filter below names it) and the
/// course's HTTP filter, in process (<see cref="DisplayFilter"/> over <see cref="FrameDissector"/>), and as whole
/// runs of PcapView against <c>tshark -Y</c> on the same file, start-up included.
/// </summary>
public class DisplayFilterBenchmarks : LargeCaptureBenchmark
{
    public const string HeaderFilter = "tcp.port==8080 && tcp.flags.syn==1";
    public const string CourseFilter = "http.request.method==GET && http.request.full_uri matches \"http://.*\\\\.gif.*\"";

    private static readonly DisplayFilter Header = DisplayFilter.Parse(HeaderFilter);
    private static readonly DisplayFilter Course = DisplayFilter.Parse(CourseFilter);

    [Benchmark(Description = "DisplayFilter header-only (tcp.port && tcp.flags.syn)")]
    public long HeaderOnly() => Count(Header, application: false);

    [Benchmark(Description = "DisplayFilter course HTTP filter (reassembly)")]
    public long CourseHttp() => Count(Course, application: true);

    private long Count(DisplayFilter filter, bool application)
    {
        using var reader = CaptureReader.Open(CapturePath);
        var dissector = new FrameDissector(new FrameDissectorOptions { DissectApplicationLayers = application });
        long matched = 0;
        while (reader.ReadNext())
        {
            if (filter.Matches(dissector.Dissect(reader.Current)))
            {
                matched++;
            }
        }

        return matched;
    }
}

/// <summary>Whole-process runs, start-up included: PcapView against tshark 4.0 with the same filter and output.</summary>
public class DisplayFilterProcessBenchmarks : LargeCaptureBenchmark
{
    [Benchmark(Baseline = true, Description = "tshark -Y header-only -T fields -e frame.number")]
    public int TsharkHeader() => Run("tshark", DisplayFilterBenchmarks.HeaderFilter);

    [Benchmark(Description = "PcapView -Y header-only -T fields -e frame.number")]
    public int PcapViewHeader() => Run("PcapView", DisplayFilterBenchmarks.HeaderFilter);

    [Benchmark(Description = "tshark -Y course HTTP filter")]
    public int TsharkCourse() => Run("tshark", DisplayFilterBenchmarks.CourseFilter);

    [Benchmark(Description = "PcapView -Y course HTTP filter")]
    public int PcapViewCourse() => Run("PcapView", DisplayFilterBenchmarks.CourseFilter);

    private int Run(string tool, string filter)
    {
        var psi = tool == "tshark"
            ? new ProcessStartInfo("tshark")
            : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "PcapView.dll") } };
        foreach (string a in new[] { "-r", CapturePath, "-Y", filter, "-T", "fields", "-e", "frame.number" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        int lines = 0;
        while (p.StandardOutput.ReadLine() is not null)
        {
            lines++;
        }

        p.WaitForExit();
        _ = err.Result;
        return lines;
    }
}
