using System.Diagnostics;
using FaustGen.Codecs;
using FaustGen.Monitoring;

namespace FaustGen;

/// <summary>
/// The agent's metrics that are not kept on the hot path anyway: processing durations (with
/// <see cref="AppSettings.RecordEventDurations"/>), and every event that failed or was short-circuited, by what became of it.
/// Events processed are counted by the actors themselves and observed when collected.
/// </summary>
internal sealed class MetricsMiddleware(App app, string agent, bool recordDurations) : AgentMiddleware
{
    private static readonly string[] OutcomeNames = ["processed", "short_circuited", "skipped", "retrying", "retry_topic", "dead_lettered", "stopped", "abandoned"];

    private readonly KeyValuePair<string, object?> agentTag = new("agent", agent);

    public override ValueTask<bool> OnEventAsync(AgentEvent e)
    {
        if (recordDurations && app.Metrics.EventDuration.Enabled)
        {
            e.Started = Stopwatch.GetTimestamp();
        }

        return new(true);
    }

    public override void OnCompleted(AgentEvent e, EventOutcome outcome)
    {
        if (e.Started != 0)
        {
            app.Metrics.EventDuration.Record(AppMetrics.Since(e.Started), agentTag);
        }

        if (outcome == EventOutcome.Processed)
        {
            return;
        }

        var metrics = app.Metrics;
        var outcomeTag = new KeyValuePair<string, object?>("outcome", OutcomeNames[(int)outcome]);
        if (e.Error is { } error)
        {
            metrics.Errors.Add(1, agentTag, new("kind", error is DeserializationException ? "deserialization" : "processing"), outcomeTag);
        }
        else if (outcome == EventOutcome.ShortCircuited)
        {
            metrics.ShortCircuited.Add(1, agentTag);
        }
    }
}
