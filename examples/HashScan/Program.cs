using System.Text;

// fnet-hashscan --bad FILE [--good FILE] [-r] [--json] [-v] PATH...
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
int exit = HashScan.HashScanApp.Run(args, stdout, Console.Error);
stdout.Flush();
return exit;
