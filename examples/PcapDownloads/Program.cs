
namespace PcapDownloads;

/// <summary>Entry point: see <see cref="PcapDownloadsApp.Run"/>.</summary>
public static class Program
{
    /// <summary>Runs the tool on the console.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code.</returns>
    public static int Main(string[] args) => PcapDownloadsApp.Run(args, Console.Out, Console.Error);
}
