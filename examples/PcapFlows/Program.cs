using System.Text;

// dotnet run --project examples/PcapFlows -- [--exclude-src IP] [--ports] [--summary] [--json] CAPTURE
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
int exit = PcapFlows.PcapFlowsApp.Run(args, stdout, Console.Error);
stdout.Flush();
return exit;
