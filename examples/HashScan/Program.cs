using System.Text;

using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
int exit = HashScan.HashScanApp.Run(args, stdout, Console.Error);
stdout.Flush();
return exit;
