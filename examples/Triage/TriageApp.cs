using Forensics.Net.Triage.Rendering;
using Spectre.Console;

namespace Forensics.Net.Triage;

/// <summary>The command line: parse, find the samples when no input is given, run, return the exit code.</summary>
internal static class TriageApp
{
    /// <summary>Runs the triage as the program would; <paramref name="output"/> gets the report, <paramref name="error"/> usage errors.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false)
    {
        if (!TriageOptions.TryParse(args, out TriageOptions options, out string? usageError, out bool help))
        {
            error.WriteLine($"error: {usageError}");
            error.WriteLine(TriageOptions.Usage);
            return TriageRunner.ExitError;
        }

        if (help)
        {
            output.WriteLine(TriageOptions.Usage);
            return TriageRunner.ExitClean;
        }

        if (!options.ApplySampleDefaults(null, out string? samplesError))
        {
            error.WriteLine($"error: {samplesError}");
            error.WriteLine(TriageOptions.Usage);
            return TriageRunner.ExitError;
        }

        if (options.SamplesRoot is not null && !options.Json)
        {
            output.WriteLine($"No input given: triaging the bundled samples in {TriageRunner.DisplayPath(options.SamplesRoot)}");
        }

        var style = interactive ? new ConsoleStyle(true, Math.Max(100, SafeWindowWidth())) : ConsoleStyle.Plain;
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
    }

    private static int SafeWindowWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 140;
        }
        catch (IOException)
        {
            return 140;
        }
    }

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
