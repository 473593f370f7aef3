using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Forensics.Net.Benchmarks.Pcap;

/// <summary>
/// Base of the benchmarks that make one pass over the ≥ 512 MB capture of <see cref="PcapBenchmarkInput"/> per
/// operation: builds it in [GlobalSetup], deletes it in [GlobalCleanup], and runs with <see cref="Config"/>.
/// </summary>
[Config(typeof(Config))]
public abstract class LargeCaptureBenchmark
{
    /// <summary>Gets the path of the benchmark capture.</summary>
    protected string CapturePath { get; private set; } = "";

    [GlobalSetup]
    public void Setup() => CapturePath = PcapBenchmarkInput.Build();

    [GlobalCleanup]
    public void Cleanup() => File.Delete(CapturePath);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new MegaPacketsPerSecondColumn(), new AllocatedPerPacketColumn());

            // One pass over 0.5 GB per operation: a few monitored iterations. In-process, so that a loaded build
            // machine does not have to rebuild the whole benchmark exe (BenchmarkDotNet's build times out there).
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(8)
                .WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}
