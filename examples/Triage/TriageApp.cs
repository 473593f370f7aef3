using System.CommandLine;
using Forensics.Net.Examples.Shared;
using Forensics.Net.Triage.Rendering;
using Spectre.Console;

namespace Forensics.Net.Triage;

/// <summary>The command line: parse, find the samples when no input is given, run, return the exit code.</summary>
internal static class TriageApp
{
    /// <summary>Runs the triage as the program would; <paramref name="output"/> gets the report, <paramref name="error"/> usage errors.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false) => Cli.Run(error, () =>
    {
        if (!Cli.TryParse(TriageOptions.Command, args, output, error, out ParseResult parsed, out int exit))
        {
            return exit;
        }

        var options = new TriageOptions();
        if (!TriageOptions.TryBind(parsed, options, out string? usageError))
        {
            return Cli.Usage(error, usageError!);
        }

        if (!options.ApplySampleDefaults(null, out string? samplesError))
        {
            return Cli.Usage(error, samplesError!);
        }

        if (options.SamplesRoot is not null && !options.Json)
        {
            output.WriteLine($"No input given: triaging the bundled samples in {TriageRunner.DisplayPath(options.SamplesRoot)}");
        }

        // Colour only on a terminal and never with NO_COLOR; the width from COLUMNS, else the window.
        var style = interactive
            ? new ConsoleStyle(Terminal.UseColor(true), Math.Max(100, Terminal.Width(true)))
            : Terminal.Width(false) is var width && width != Terminal.UnboundedWidth ? ConsoleStyle.Plain with { Width = width } : ConsoleStyle.Plain;
        if (!interactive || options.NoProgress || options.Json)
        {
            return TriageRunner.Run(options, output, null, style).ExitCode;
        }

        // A terminal: show progress while the work runs, then print the report below it.
        TriageResult? result = null;
        var writer = new StringWriter();
        IAnsiConsole console = ConsoleReport.CreateConsole(output, style with { Ansi = true });
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .Start(ctx => result = TriageRunner.Run(options, writer, new SpectreProgress(ctx), style));
        output.Write(writer.ToString());
        output.Flush();
        return result!.ExitCode;
    });

    private sealed class SpectreProgress(ProgressContext context) : ITriageProgress
    {
        private ProgressTask? _task;

        public void Stage(string description, int total)
        {
            _task?.StopTask();
            _task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total));
            _task.IsIndeterminate = total == 0; // folder walks: the count is not known in advance
        }

        public void Advance(string item)
        {
            if (_task is { } task)
            {
                lock (task)
                {
                    task.Increment(1);
                }
            }
        }
    }
}
