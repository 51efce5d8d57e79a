using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FaustGen.Testing;

namespace FaustGen.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Sensors_report_a_known_workload()
    {
        var app = new TestApps.Counter();
        app.Settings.Id = $"metrics-{Guid.NewGuid():N}";
        var totals = new ConcurrentDictionary<string, double>();
        var durations = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "FaustGen" && instrument.Meter.Tags?.Any(t => t.Value as string == app.Settings.Id) == true)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            totals.AddOrUpdate($"{instrument.Name}|{Tag(tags)}", value, (_, old) => instrument is ObservableCounter<long> ? value : old + value));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "faustgen.event.duration")
            {
                durations.Enqueue(value);
            }
        });
        listener.Start();

        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 10; i++)
        {
            await test.PutAsync(app.Words, "w", "w");
        }

        _ = app.Counts["w"];
        listener.RecordObservableInstruments();

        Assert.Equal(10, totals["faustgen.messages.received|topic=words"]);
        Assert.Equal(10, totals["faustgen.events.processed|agent=count"]);
        Assert.Equal(10, totals["faustgen.table.writes|table=counts"]);
        Assert.True(totals["faustgen.table.reads|table=counts"] >= 11, "Each += reads once, plus the read above.");
        Assert.Equal(10, totals["faustgen.messages.sent|topic=words"]);
        Assert.Equal(10, totals[$"faustgen.messages.sent|topic={app.Settings.Id}-counts-changelog"]);
        Assert.Equal(10, durations.Count);
        Assert.Equal(1, totals["faustgen.rebalances|"]);
    }

    [Fact]
    public async Task The_meter_exists_once_the_app_starts_and_takes_custom_sensors()
    {
        var app = new TestApps.Counter();
        Assert.Throws<InvalidOperationException>(() => app.Meter);
        await using var test = await AppTestContext.StartAsync(app);
        var custom = app.Meter.CreateCounter<long>("orders.rejected");
        Assert.Equal("FaustGen", custom.Meter.Name);
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        tags.Length == 0 ? string.Empty : string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
}
