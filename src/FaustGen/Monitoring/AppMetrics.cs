using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FaustGen.Monitoring;

/// <summary>
/// The app's sensors (Faust's monitor) as <see cref="System.Diagnostics.Metrics"/> instruments on the app's
/// <see cref="Meter"/>, named <c>FaustGen</c> and tagged with the app id, so OpenTelemetry, dotnet-counters or a
/// Prometheus exporter can read them. Counters that the hot path already keeps (events processed per agent,
/// events outstanding per partition) are observed when collected instead of being counted twice.
/// </summary>
internal sealed class AppMetrics : IDisposable
{
    public AppMetrics(App app)
    {
        Meter = new Meter(new MeterOptions(MeterName)
        {
            Version = typeof(App).Assembly.GetName().Version?.ToString(3),
            Tags = [new("faustgen.app", app.Settings.Id)],
        });
        MessagesReceived = Meter.CreateCounter<long>("faustgen.messages.received", "{message}", "Messages read from the broker, by topic.");
        MessagesSent = Meter.CreateCounter<long>("faustgen.messages.sent", "{message}", "Messages written to the broker, by topic.");
        SendErrors = Meter.CreateCounter<long>("faustgen.send.errors", "{message}", "Messages the broker did not take, by topic.");
        SendDuration = Meter.CreateHistogram<double>("faustgen.send.duration", "ms", "Time from sending a message until the broker has it, by topic.");
        EventDuration = Meter.CreateHistogram<double>("faustgen.event.duration", "ms", "Time an agent took to process an event, by agent.");
        CommitDuration = Meter.CreateHistogram<double>("faustgen.commit.duration", "ms", "Time a commit of offsets took (flushing sends included).");
        Rebalances = Meter.CreateCounter<long>("faustgen.rebalances", "{rebalance}", "Partition assignments and revocations this worker went through.");
        Rewinds = Meter.CreateCounter<long>("faustgen.rewinds", "{rewind}", "Times the worker went back to its last committed offsets because what it did since could not be committed (a failed transaction, lost sends), and did it again.");
        AssignmentDuration = Meter.CreateHistogram<double>("faustgen.assignment.duration", "ms", "Time from giving up partitions to receiving the new assignment.");
        TableReads = Meter.CreateCounter<long>("faustgen.table.reads", "{read}", "Table reads, by table.");
        TableWrites = Meter.CreateCounter<long>("faustgen.table.writes", "{write}", "Table writes, by table.");
        TableDeletes = Meter.CreateCounter<long>("faustgen.table.deletes", "{delete}", "Table deletes, by table.");
        Errors = Meter.CreateCounter<long>("faustgen.errors", "{event}", "Failed attempts at events, by agent, kind (processing or deserialization) and what became of them (skipped, retrying, retry_topic, dead_lettered, stopped).");
        Retries = Meter.CreateCounter<long>("faustgen.retries", "{event}", "Retries of failed events, by agent and where (in_place, topic).");
        ShortCircuited = Meter.CreateCounter<long>("faustgen.events.short_circuited", "{event}", "Events a middleware kept from its agent, by agent.");
        ProductionErrors = Meter.CreateCounter<long>("faustgen.production.errors", "{message}", "Sends the broker did not take that the production error handler decided about, by topic, kind and action (fail, skip, retry).");
        LateEvents = Meter.CreateCounter<long>("faustgen.table.late_events", "{event}", "Events a windowed table dropped because a window they fall into had expired, by table.");
        Meter.CreateObservableCounter("faustgen.events.processed", () => PerAgent(app, a => a.Processed), "{event}", "Events agents processed, by agent.");
        Meter.CreateObservableCounter("faustgen.events.failed", () => PerAgent(app, a => a.Failed), "{event}", "Events whose processing failed, by agent.");
        Meter.CreateObservableGauge("faustgen.events.outstanding", () => PerPartition(app, tp => app.Outstanding(tp)), "{event}", "Events delivered to agents and not yet acknowledged by all, by topic and partition.");
        Meter.CreateObservableGauge("faustgen.events.in_flight", () => PerAgent(app, a => a.InFlight), "{event}", "Events agents are processing now, by agent.");
        Meter.CreateObservableGauge("faustgen.agents.stopped", () => PerAgent(app, a => a.Crashed ? 1 : 0), "{agent}", "1 for an agent that stopped on an error (it processes nothing more), 0 for one that runs, by agent.");
        Meter.CreateObservableGauge("faustgen.consumer.lag", () => PerPartition(app, app.ConsumerLag), "{message}", "Messages of an assigned partition not yet processed (high watermark minus the processed position), by topic and partition.");
        Meter.CreateObservableGauge("faustgen.recovery.remaining", () => app.Recovery.RemainingRecords, "{record}", "Changelog records still to replay before this worker's tables are rebuilt.");
    }

    /// <summary>The name of every app's meter.</summary>
    public const string MeterName = "FaustGen";

    public Meter Meter { get; }

    public Counter<long> MessagesReceived { get; }

    public Counter<long> MessagesSent { get; }

    public Counter<long> SendErrors { get; }

    public Histogram<double> SendDuration { get; }

    public Histogram<double> EventDuration { get; }

    public Histogram<double> CommitDuration { get; }

    public Counter<long> Rebalances { get; }

    public Counter<long> Rewinds { get; }

    public Histogram<double> AssignmentDuration { get; }

    public Counter<long> TableReads { get; }

    public Counter<long> TableWrites { get; }

    public Counter<long> TableDeletes { get; }

    public Counter<long> LateEvents { get; }

    public Counter<long> Errors { get; }

    public Counter<long> Retries { get; }

    public Counter<long> ShortCircuited { get; }

    public Counter<long> ProductionErrors { get; }

    /// <summary>Milliseconds since <paramref name="start"/>, a <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public static double Since(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;

    public void Dispose() => Meter.Dispose();

    private static IEnumerable<Measurement<long>> PerAgent(App app, Func<AgentStatus, long> value) =>
        app.Agents.Select(a => new Measurement<long>(value(a), new KeyValuePair<string, object?>("agent", a.Name)));

    private static IEnumerable<Measurement<long>> PerPartition(App app, Func<TopicPartition, long?> value) =>
        app.Assignment
            .Select(tp => (tp, Value: value(tp)))
            .Where(p => p.Value is not null)
            .Select(p => new Measurement<long>(
                p.Value!.Value,
                new KeyValuePair<string, object?>("topic", p.tp.Topic),
                new KeyValuePair<string, object?>("partition", p.tp.Partition)));
}
