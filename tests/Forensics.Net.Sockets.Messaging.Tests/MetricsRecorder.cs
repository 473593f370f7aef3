using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Forensics.Net.Sockets.Messaging.Tests;

/// <summary>Sums the package's counters while alive (process-wide, so tests assert lower bounds only).</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public MetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, old) => old + value));
        _listener.Start();
    }

    public long Get(string name) => _totals.TryGetValue(name, out long value) ? value : 0;

    public void Dispose() => _listener.Dispose();
}

/// <summary>An ILogger that keeps what it is given.</summary>
internal sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
{
    public List<(Microsoft.Extensions.Logging.LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, formatter(state, exception), exception));
        }
    }

    public bool Contains(string text)
    {
        lock (Entries)
        {
            return Entries.Any(e => e.Message.Contains(text, StringComparison.Ordinal));
        }
    }
}
