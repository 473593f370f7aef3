using System.Text;

// fnet-pcapflows [-r CAPTURE | CAPTURE] [-c N] [-w OUT] [--exclude-src IP] [--ports] [--summary] [--json] [BPF EXPRESSION...]
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
int exit = PcapFlows.PcapFlowsApp.Run(args, stdout, Console.Error, Forensics.Net.Examples.Shared.Terminal.StdoutIsTerminal);
stdout.Flush();
return exit;
