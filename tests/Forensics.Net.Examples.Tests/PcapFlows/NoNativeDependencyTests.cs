using System.Diagnostics;

using Forensics.Net.Examples.Tests.Support;

namespace Forensics.Net.Examples.Tests.PcapFlows;

/// <summary>
/// Reading files must work where neither SharpPcap/PacketDotNet nor the native libpcap can be loaded: run the
/// PcapFlows example in a child process from a folder that holds only our two assemblies.
/// </summary>
public class NoNativeDependencyTests
{
    [Fact]
    public async Task ReadingAndFlows_RunWithoutSharpPcapPacketDotNetOrLibpcap()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"pcap-nonative-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            // The app, our package and its managed command-line dependencies; never SharpPcap, PacketDotNet or libpcap.
            foreach (string name in new[] { "Forensics.Net.Pcap.Analysis.dll", "PcapFlows.dll", "System.CommandLine.dll", "Spectre.Console.dll" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, name), Path.Combine(dir, name));
            }

            File.Exists(Path.Combine(dir, "SharpPcap.dll")).Should().BeFalse();
            string runtimeConfig = Path.Combine(dir, "PcapFlows.runtimeconfig.json");
            await File.WriteAllTextAsync(runtimeConfig,
                "{\"runtimeOptions\":{\"tfm\":\"net10.0\",\"rollForward\":\"LatestMajor\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"10.0.0\"}}}");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { "exec", "--runtimeconfig", runtimeConfig, Path.Combine(dir, "PcapFlows.dll"), "--summary", "--json", PcapData.Path(PcapData.MixedEtherSll2PcapNg) })
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            string stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            process.ExitCode.Should().Be(0, await stderr);
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().NotBeEmpty().And.OnlyContain(l => l.Contains("\"proto\":\"tcp\"", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
