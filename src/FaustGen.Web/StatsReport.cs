using FaustGen.Monitoring;

namespace FaustGen.Web;

/// <summary>Builds what <c>/stats</c> and <c>/tables</c> answer from the app and its monitor.</summary>
public static class StatsReport
{
    /// <summary>The whole report of <paramref name="app"/>, a running or stopped app; <paramref name="url"/> is where its site listens.</summary>
    public static StatsDocument Build(App app, Uri? url)
    {
        ArgumentNullException.ThrowIfNull(app);
        var snapshot = app.Monitor.Snapshot();
        var durations = snapshot.Find("faustgen.event.duration");
        var agents = app.Agents.Select(a => new AgentDocument(
            a.Name,
            a.Topic,
            a.Concurrency,
            a.Processed,
            a.Failed,
            a.InFlight,
            snapshot.Rate("faustgen.events.processed", "agent", a.Name),
            durations?.Series.FirstOrDefault(s => s.Tag("agent") == a.Name)?.WindowMean,
            a.Crashed,
            a.LastError?.Message)).ToArray();
        var assigned = app.Assignment
            .OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition)
            .Select(tp => new PartitionDocument(tp.Topic, tp.Partition, app.ConsumerLag(tp))).ToArray();
        var standbys = app.Standbys
            .OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition)
            .Select(tp => new PartitionDocument(tp.Topic, tp.Partition, null)).ToArray();
        var recovery = app.Recovery;
        var leader = app.Cluster.Leader;
        var members = app.Cluster.Members.Select(m => new MemberDocument(m.Id, m.Url, m.Id == leader?.Id, m.Partitions.Count)).ToArray();
        return new StatsDocument(
            app.Settings.Id,
            app.State.ToString(),
            app.IsReady,
            app.Cluster.MemberId,
            leader?.Id,
            url?.ToString().TrimEnd('/'),
            snapshot.Taken,
            agents,
            assigned,
            standbys,
            new RecoveryDocument(recovery.IsComplete, recovery.RemainingRecords),
            Tables(app, snapshot),
            members,
            [.. snapshot.Instruments.Select(Instrument)],
            snapshot.RecentErrors);
    }

    /// <summary>The app's tables as this worker holds them.</summary>
    public static IReadOnlyList<TableDocument> Tables(App app, MonitorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(snapshot);
        var running = app.State == AppState.Running;
        return [.. app.Tables.Select(t => new TableDocument(
            t.Name,
            t.Help,
            t.KeyType,
            t.ValueType,
            running ? t.Changelog : string.Empty,
            running ? t.Partitions : 0,
            running ? t.Count : 0,
            snapshot.Rate("faustgen.table.writes", "table", t.Name)))];
    }

    private static InstrumentDocument Instrument(InstrumentSnapshot instrument)
    {
        var histogram = instrument.Kind == InstrumentKind.Histogram;
        return new InstrumentDocument(
            instrument.Name,
            instrument.Unit,
            instrument.Description,
            instrument.Kind.ToString().ToLowerInvariant(),
            [.. instrument.Series.Select(s => new SeriesDocument(
                s.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
                s.Value,
                s.Rate,
                histogram ? s.Sum : null,
                histogram ? s.Min : null,
                histogram ? s.Max : null,
                s.WindowMean))]);
    }
}
