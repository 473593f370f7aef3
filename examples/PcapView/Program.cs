using System.Text;

// dotnet run --project examples/PcapView -- CAPTURE [-Y FILTER] [-c N] [-T fields -e FIELD...] [-w OUT.pcap]
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
int exit = PcapView.PcapViewApp.Run(args, stdout, Console.Error);
stdout.Flush();
return exit;
