using System.Text;

// Buffered UTF-8 stdout (no BOM): one write per 64 KiB instead of one per line.
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
int exit = FileHash.FileHashApp.Run(args, stdout, Console.Error);
stdout.Flush();
return exit;
