using System.Diagnostics;

namespace Forensics.Net.Examples.Shared;

/// <summary>
/// A one-line progress counter on stderr for long runs, shown only when stderr is a terminal (never in a pipe,
/// a log or a test) and redrawn at most ten times a second; <see cref="Dispose"/> clears it.
/// </summary>
internal sealed class StderrProgress : IDisposable
{
    private readonly TextWriter? _error;
    private readonly string _unit;
    private long _count;
    private long _lastDraw = long.MinValue;
    private int _width;

    private StderrProgress(TextWriter? error, string unit)
    {
        _error = error;
        _unit = unit;
    }

    /// <summary>Creates a counter that draws on the console's stderr when that is a terminal and <paramref name="error"/> is it.</summary>
    public static StderrProgress Create(TextWriter error, string unit) =>
        new(ReferenceEquals(error, Console.Error) && Terminal.StderrIsTerminal ? error : null, unit);

    /// <summary>Counts one more item.</summary>
    public void Advance(string? item = null)
    {
        _count++;
        if (_error is null)
        {
            return;
        }

        long now = Stopwatch.GetTimestamp();
        if (now - _lastDraw < Stopwatch.Frequency / 10)
        {
            return;
        }

        _lastDraw = now;
        string line = $"{_count} {_unit}{(item is null ? string.Empty : " " + item)}";
        int max = Math.Max(20, Terminal.Width(true) - 1);
        line = line.Length > max ? line[..max] : line;
        _error.Write("\r" + line.PadRight(_width));
        _width = line.Length;
    }

    public void Dispose()
    {
        if (_error is not null && _width > 0)
        {
            _error.Write("\r" + new string(' ', _width) + "\r");
            _error.Flush();
        }
    }
}
