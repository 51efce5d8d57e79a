using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FaustGen.Monitoring;
using FaustGen.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace FaustGen.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Sensors_report_a_known_workload()
    {
        var app = new TestApps.Counter();
        app.Settings.Id = $"metrics-{Guid.NewGuid():N}";
        app.Settings.RecordEventDurations = true;
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
    public async Task Event_durations_are_recorded_only_when_asked_for()
    {
        var app = new TestApps.Counter();
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(app.Words, "w", "w");
        var snapshot = app.Monitor.Snapshot();
        Assert.Equal(1, snapshot.Value("faustgen.events.processed", "agent", "count"));
        Assert.True(snapshot.Find("faustgen.event.duration") is null or { Series.Count: 0 });
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

    [Fact]
    public async Task In_flight_and_lag_count_the_events_an_agent_holds()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Topic<string, string> jobs = null!;
        var app = new TestApps.Defined($"lag-{Guid.NewGuid():N}", d =>
        {
            jobs = d.Topic<string, string>("jobs", new TopicOptions { Partitions = 1 });
            d.EventAgent("slow", jobs, async (Event<string, string> _, CancellationToken stop) => await gate.Task.WaitAsync(stop));
        });
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 5; i++)
        {
            await jobs.SendAsync("k", "v");
        }

        var lag = new TopicPartition("jobs", 0);
        await WaitAsync(() => app.Agents[0].InFlight == 1 && app.ConsumerLag(lag) == 5, "one event in flight and five unprocessed");
        var held = app.Monitor.Snapshot();
        Assert.Equal(1, held.Value("faustgen.events.in_flight", "agent", "slow"));
        Assert.Equal(5, held.Value("faustgen.consumer.lag", "topic", "jobs"));

        gate.SetResult();
        await test.WaitIdleAsync();
        await WaitAsync(() => app.ConsumerLag(lag) == 0, "the lag to fall to zero");
        var done = app.Monitor.Snapshot();
        Assert.Equal(0, done.Value("faustgen.events.in_flight", "agent", "slow"));
        Assert.Equal(0, done.Value("faustgen.consumer.lag", "topic", "jobs"));
        Assert.Equal(5, done.Value("faustgen.events.processed", "agent", "slow"));
    }

    [Fact]
    public async Task The_monitor_keeps_totals_rates_custom_sensors_and_errors()
    {
        Topic<string, string> words = null!;
        var app = new TestApps.Defined($"monitor-{Guid.NewGuid():N}", d =>
        {
            words = d.Topic<string, string>("words", new TopicOptions { Partitions = 2 });
            d.EventAgent("check", words, (Event<string, string> e, CancellationToken _) =>
                e.Value == "bad" ? throw new InvalidOperationException("bad word") : default);
        });
        app.Settings.RecordEventDurations = true;
        await using var test = await AppTestContext.StartAsync(app);
        var custom = app.Meter.CreateCounter<long>("orders.rejected", "{order}", "Orders refused");
        var before = app.Monitor.Snapshot();
        Assert.Equal(0, before.Value("faustgen.messages.received"));

        for (var i = 0; i < 10; i++)
        {
            await test.PutAsync(words, $"w{i}", "good");
        }

        await test.PutAsync(words, "x", "bad");
        custom.Add(3, new KeyValuePair<string, object?>("reason", "stock"));
        await Task.Delay(700);
        var after = app.Monitor.Snapshot();

        Assert.Equal(app.Settings.Id, after.App);
        Assert.Equal(11, after.Value("faustgen.messages.received", "topic", "words"));
        Assert.Equal(11, after.Value("faustgen.messages.sent", "topic", "words"));
        Assert.Equal(10, after.Value("faustgen.events.processed", "agent", "check"));
        Assert.Equal(1, after.Value("faustgen.events.failed", "agent", "check"));
        var durations = after.Find("faustgen.event.duration")!;
        Assert.Equal(InstrumentKind.Histogram, durations.Kind);
        Assert.Equal("ms", durations.Unit);
        Assert.Equal(11, durations.Series.Single().Count);
        Assert.True(durations.Series.Single().Max >= durations.Series.Single().Min);

        // 11 messages over at least 0.7 s and at most the minute's window.
        var rate = after.Rate("faustgen.messages.received", "topic", "words");
        Assert.InRange(rate, 11 / 60.0, 11 / 0.7);
        Assert.Null(after.Find("faustgen.events.outstanding")!.Series.FirstOrDefault(s => s.Value != 0)?.Rate);

        var rejected = after.Find("orders.rejected")!;
        Assert.Equal("Orders refused", rejected.Description);
        Assert.Equal(3, after.Value("orders.rejected", "reason", "stock"));

        var error = Assert.Single(after.RecentErrors);
        Assert.Equal("agent check", error.Source);
        Assert.Equal("bad word", error.Message);

        await test.DisposeAsync();
        Assert.Equal(11, app.Monitor.Snapshot().Value("faustgen.messages.received"));
    }

    [Fact]
    public async Task OpenTelemetry_reads_the_meter()
    {
        var app = new TestApps.Counter();
        app.Settings.Id = $"otel-{Guid.NewGuid():N}";
        app.Settings.RecordEventDurations = true;
        var exported = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter("FaustGen").AddInMemoryExporter(exported).Build();
        await using (var test = await AppTestContext.StartAsync(app))
        {
            for (var i = 0; i < 7; i++)
            {
                await test.PutAsync(app.Words, "w", "w");
            }

            app.Meter.CreateCounter<long>("orders.accepted").Add(2);
            provider.ForceFlush();
        }

        var ours = exported.Where(m => m.MeterTags?.Any(t => t.Key == "faustgen.app" && t.Value as string == app.Settings.Id) == true).ToList();
        Assert.Equal(7, SumLong(ours, "faustgen.messages.received", "topic", "words"));
        Assert.Equal(7, SumLong(ours, "faustgen.events.processed", "agent", "count"));
        Assert.Equal(7, SumLong(ours, "faustgen.table.writes", "table", "counts"));
        Assert.Equal(2, SumLong(ours, "orders.accepted", null, null));
        var duration = ours.Last(m => m.Name == "faustgen.event.duration");
        Assert.Equal(MetricType.Histogram, duration.MetricType);
        long count = 0;
        foreach (ref readonly var point in duration.GetMetricPoints())
        {
            count += point.GetHistogramCount();
        }

        Assert.Equal(7, count);
    }

    private static long SumLong(List<Metric> metrics, string name, string? tag, string? value)
    {
        // The exporter keeps one entry per flush; the last holds the cumulative totals.
        var metric = metrics.Last(m => m.Name == name);
        long sum = 0;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var matches = tag is null;
            foreach (var t in point.Tags)
            {
                matches |= t.Key == tag && t.Value as string == value;
            }

            if (matches)
            {
                sum += point.GetSumLong();
            }
        }

        return sum;
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(10);
        }
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        tags.Length == 0 ? string.Empty : string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
}
