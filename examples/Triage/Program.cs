using Forensics.Net.Triage;

// Thin entry point: everything testable lives in TriageApp / TriageRunner.
// Progress and colours only when stdout is a terminal (never when redirected).
bool interactive = !Console.IsOutputRedirected && !Console.IsErrorRedirected;
if (interactive)
{
    Console.OutputEncoding = System.Text.Encoding.UTF8;
}

return TriageApp.Run(args, Console.Out, Console.Error, interactive);
