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
