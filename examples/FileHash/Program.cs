using System.Text;

// fnet-filehash [--algorithms md5,sha256,...] [-r] [--format hashdeep|sum|bsd|csv|json] [--json] PATH...   (- reads stdin)
// Buffered UTF-8 stdout (no BOM): one write per 64 KiB instead of one per line.
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
int exit = FileHash.FileHashApp.Run(args, stdout, Console.Error);
stdout.Flush();
return exit;
