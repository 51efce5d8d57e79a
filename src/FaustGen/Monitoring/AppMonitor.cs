using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FaustGen.Monitoring;

/// <summary>
/// The app's monitor (Faust's <c>app.monitor</c>): it listens to every instrument of the app's meter, its own
/// sensors and those the user adds to <see cref="App.Meter"/>, and keeps totals and rates over the last minute per
/// instrument and tag set, so the web site, the dashboard and the command line can show them without an
/// exporter. OpenTelemetry and other listeners read the same meter independently.
/// </summary>
/// <remarks>
/// Observable instruments are collected and every series sampled once per <see cref="SampleInterval"/>; rates are
/// the change over the samples of the last <see cref="Window"/>. A measurement costs a lookup and a short lock.
/// </remarks>
public sealed class AppMonitor : IDisposable
{
    /// <summary>How often observable instruments are collected and series sampled.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    /// <summary>How far back rates look.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const int MaxErrors = 50;

    private readonly App app;
    private readonly Meter meter;
    private readonly MeterListener listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentTrack> instruments = new();
    private readonly Lock sampling = new();
    private readonly Timer timer;
    private readonly LinkedList<ErrorSnapshot> errors = new();
    private readonly Dictionary<string, Exception> lastErrors = new(StringComparer.Ordinal);
    private volatile bool disposed;

    internal AppMonitor(App app, Meter meter)
    {
        this.app = app;
        this.meter = meter;
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Instruments the user creates on App.Meter later are published here too.
                if (ReferenceEquals(instrument.Meter, this.meter))
                {
                    l.EnableMeasurementEvents(instrument, instruments.GetOrAdd(instrument, static i => new InstrumentTrack(i)));
                }
            },
        };
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentTrack)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentTrack)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentTrack)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentTrack)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentTrack)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentTrack)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentTrack)state!).Record((double)value, tags));
        listener.Start();
        // A tick finding a sample under way skips: an observable callback that blocks must not pile up pool threads.
        timer = new Timer(static state => ((AppMonitor)state!).Sample(TimeSpan.Zero), this, SampleInterval, SampleInterval);
    }

    /// <summary>
    /// Collects observable instruments and returns every instrument's series as they are now: totals since the app
    /// started, values of gauges, and rates over the last <see cref="Window"/>. After the app stops, the last values
    /// remain readable.
    /// </summary>
    public MonitorSnapshot Snapshot()
    {
        // Waits for a sample under way, but not for one that hangs: the values of the last sample are returned then.
        Sample(TimeSpan.FromSeconds(5));
        var now = Environment.TickCount64;
        var list = instruments.Values
            .Select(t => t.Snapshot(now))
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ToArray();
        ErrorSnapshot[] recent;
        lock (errors)
        {
            recent = [.. errors];
        }

        return new MonitorSnapshot(app.Settings.Id, DateTimeOffset.UtcNow, list, recent);
    }

    /// <summary>Stops listening; the last values stay readable through <see cref="Snapshot"/>.</summary>
    public void Dispose()
    {
        // A last sample, so what was processed just before the app stopped is in the values that remain; one that cannot
        // be taken within a second is given up rather than hold the app's stop.
        Sample(TimeSpan.FromSeconds(1));
        timer.Dispose();
        listener.Dispose();
        disposed = true;
    }

    /// <summary>Samples every instrument, waiting at most <paramref name="wait"/> for a sample under way.</summary>
    private void Sample(TimeSpan wait)
    {
        if (!sampling.TryEnter(wait))
        {
            return;
        }

        try
        {
            if (disposed)
            {
                return;
            }

            try
            {
                listener.RecordObservableInstruments();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A user's observable callback that throws must not stop the others from being sampled next time.
                Remember("monitor", ex);
            }

            var now = Environment.TickCount64;
            foreach (var track in instruments.Values)
            {
                track.Sample(now);
            }

            foreach (var agent in app.Agents)
            {
                if (agent.LastError is { } error && (!lastErrors.TryGetValue(agent.Name, out var seen) || !ReferenceEquals(seen, error)))
                {
                    lastErrors[agent.Name] = error;
                    Remember("agent " + agent.Name, error);
                }
            }
        }
        finally
        {
            sampling.Exit();
        }
    }

    private void Remember(string source, Exception error)
    {
        lock (errors)
        {
            errors.AddFirst(new ErrorSnapshot(DateTimeOffset.UtcNow, source, error.GetType().Name, error.Message));
            if (errors.Count > MaxErrors)
            {
                errors.RemoveLast();
            }
        }
    }
}
