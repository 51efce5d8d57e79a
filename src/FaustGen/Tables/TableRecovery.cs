using System.Diagnostics;
using System.Diagnostics.Metrics;
using FaustGen.Monitoring;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen.Tables;

/// <summary>
/// Rebuilds the app's tables from their changelogs and keeps standby copies, on a thread of its own with a
/// reader outside the consumer group (never on the poll loop). When the worker is assigned partition p, every
/// table's changelog partition p is replayed from the store's position up to the high watermark seen then; the
/// poll loop holds the source partitions p back until that is done. Standby partitions are tailed the same way
/// without an end, and turn into an owned partition with only the records written since left to replay. Every
/// partition of a global table is tailed for good from the start; owned partitions wait until those have caught up.
/// </summary>
internal sealed partial class TableRecovery : IDisposable
{
    private const int MaxRun = 256;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly long ProgressIntervalMs = 5000;
    private static readonly long PlanIntervalMs = 500;

    private readonly App app;
    private readonly ITransport transport;
    private readonly ITable[] tables;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly Dictionary<int, PartitionRecovery> owned = [];
    private readonly Dictionary<TopicPartition, Job> jobs = [];
    private readonly List<TopicPartition> unassign = [];
    private readonly List<PartitionRecovery> awaitingGlobals = [];
    private readonly AutoResetEvent wake = new(false);
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Counter<long> replayed;
    private readonly string[] stateTags;
    private volatile bool stopping;
    private volatile TopicPartition[] standbys = [];
    private Thread? thread;
    private int globalsBehind;

    public TableRecovery(App app, ITransport transport, IReadOnlyList<ITable> tables)
    {
        this.app = app;
        this.transport = transport;
        this.tables = [.. tables];
        logger = app.Logger;
        replayed = app.Meter.CreateCounter<long>(
            "faustgen.recovery.records", "{record}", "Changelog records replayed into tables, by table and kind (recovery of an owned partition, or standby).");
        app.Meter.CreateObservableGauge(
            "faustgen.recovery.partition.remaining", Remaining, "{record}", "Changelog records still to replay before an owned table partition is rebuilt, by table and partition.");
        stateTags = ["recovery", "standby"];
        globalsBehind = this.tables.Count(t => t.IsGlobal);
    }

    /// <summary>The changelog partitions kept as standby copies.</summary>
    public IReadOnlyCollection<TopicPartition> Standbys => standbys;

    public void Start()
    {
        lock (gate)
        {
            foreach (var table in tables.Where(t => t.IsGlobal))
            {
                for (var partition = 0; partition < PartitionsOf(table); partition++)
                {
                    var tp = new TopicPartition(table.Changelog.Name, partition);
                    jobs[tp] = new Job(table, partition, tp) { Global = true };
                }
            }
        }

        thread = new Thread(Run) { IsBackground = true, Name = $"faustgen-tables-{app.Settings.Id}" };
        thread.Start();
    }

    /// <summary>Starts rebuilding partition <paramref name="partition"/> of every table (called on the poll thread
    /// when the worker gets it); the returned recovery completes when all are rebuilt.</summary>
    public PartitionRecovery Recover(int partition)
    {
        var tablesOfPartition = tables.Where(t => !t.IsGlobal && partition < PartitionsOf(t)).ToArray();
        PartitionRecovery recovery;
        lock (gate)
        {
            // Agents may read any key of a global table, so they wait until all of them have caught up.
            recovery = new PartitionRecovery(partition, tablesOfPartition.Length + (globalsBehind > 0 ? 1 : 0));
            if (globalsBehind > 0)
            {
                awaitingGlobals.Add(recovery);
            }

            owned[partition] = recovery;
            foreach (var table in tablesOfPartition)
            {
                var tp = new TopicPartition(table.Changelog.Name, partition);
                if (jobs.TryGetValue(tp, out var standby))
                {
                    // A standby copy becomes the owned one: only what it has not read yet is left.
                    standby.Recovery = recovery;
                    standby.End = -1;
                }
                else
                {
                    jobs[tp] = new Job(table, partition, tp) { Recovery = recovery };
                }
            }
        }

        wake.Set();
        return recovery;
    }

    /// <summary>The worker gives up partition <paramref name="partition"/> (called on the poll thread): a recovery in
    /// progress stops, and every table closes the partition (its store keeps it for a while).</summary>
    public void Revoke(int partition)
    {
        lock (gate)
        {
            if (!owned.Remove(partition, out var recovery))
            {
                return;
            }

            recovery.Cancel();
            awaitingGlobals.Remove(recovery);
            foreach (var table in tables.Where(t => !t.IsGlobal && partition < PartitionsOf(t)))
            {
                var tp = new TopicPartition(table.Changelog.Name, partition);
                if (jobs.Remove(tp, out var job))
                {
                    // The reader thread applies records under this lock, so no replay into it is under way now.
                    Drop(job);
                }
                else
                {
                    table.Close(partition);
                }
            }
        }

        wake.Set();
    }

    /// <summary>How far recovery of owned partitions has come.</summary>
    public RecoveryProgress Progress()
    {
        lock (gate)
        {
            var complete = globalsBehind == 0 && owned.Values.All(r => r.IsComplete);
            var remaining = jobs.Values.Where(j => j.Recovering).Sum(j => j.Remaining);
            return new RecoveryProgress(complete, remaining);
        }
    }

    /// <summary>Stops the reader thread; owned partitions stay open for the tables to close.</summary>
    public void Dispose()
    {
        stopping = true;
        wake.Set();
        if (thread is not null)
        {
            stopped.Task.Wait();
        }

        wake.Dispose();
    }

    private static int PartitionsOf(ITable table) => table.Changelog.Options.Partitions ?? 0;

    private void Run()
    {
        var buffer = new ConsumedRecord[2048];
        ITransportReader? reader = null;
        var nextProgress = Environment.TickCount64 + ProgressIntervalMs;
        var nextPlan = Environment.TickCount64;
        try
        {
            while (!stopping)
            {
                try
                {
                    reader ??= transport.CreateReader(app.Settings.ClientId + "-tables");
                    if (app.Settings.StandbyReplicas > 0 && Environment.TickCount64 >= nextPlan)
                    {
                        PlanStandbys();
                        nextPlan = Environment.TickCount64 + PlanIntervalMs;
                    }

                    if (Prepare(reader))
                    {
                        var count = reader.Read(buffer, ReadTimeout);
                        Apply(buffer.AsSpan(0, count));
                    }
                    else if (!Complete(reader))
                    {
                        wake.WaitOne(ReadTimeout);
                        continue;
                    }

                    Complete(reader);
                    if (Environment.TickCount64 >= nextProgress)
                    {
                        LogProgress();
                        nextProgress = Environment.TickCount64 + ProgressIntervalMs;
                    }
                }
                catch (Exception ex) when (!stopping)
                {
                    // The broker may be unreachable for a while: start over with a new reader, where the stores are.
                    LogReadFailed(logger, ex, app.Settings.Id, ex.Message);
                    reader?.Dispose();
                    reader = null;
                    lock (gate)
                    {
                        unassign.Clear();
                        foreach (var job in jobs.Values)
                        {
                            job.OnReader = false;
                        }
                    }

                    wake.WaitOne(ReadTimeout);
                }
            }
        }
        finally
        {
            reader?.Dispose();
            Array.Clear(buffer);
            stopped.TrySetResult();
        }
    }

    /// <summary>Opens new jobs' partitions, learns where recoveries end, and (un)assigns the reader; returns whether
    /// anything is being read.</summary>
    private bool Prepare(ITransportReader reader)
    {
        List<TopicPartition> gone;
        List<Job> pending;
        lock (gate)
        {
            gone = [.. unassign];
            unassign.Clear();
            pending = [.. jobs.Values.Where(j => !j.OnReader || (j.Recovering && j.End < 0))];
        }

        if (gone.Count > 0)
        {
            reader.Unassign(gone);
        }

        StartOpening(pending);
        foreach (var job in pending)
        {
            // The end of the log, not the last stable offset: a transaction left open by a lost worker holds the latter
            // back, and the records other workers committed after it would be missed. The watermark is a broker round
            // trip: ask outside the lock.
            var end = job.Recovering && job.End < 0 ? reader.GetWatermarks(job.Changelog).High : -1;
            lock (gate)
            {
                if (!jobs.TryGetValue(job.Changelog, out var current) || current != job)
                {
                    continue;
                }

                if (!job.Opened)
                {
                    continue;
                }

                if (job.Recovering && job.End < 0 && end >= 0)
                {
                    job.End = end;
                    job.Started = Stopwatch.GetTimestamp();
                    job.From = job.Position;
                    if (end > job.Position)
                    {
                        LogRecovering(logger, app.Settings.Id, job.Table.Name, job.Partition, end - job.Position, job.Position, end);
                    }
                }

                if (!job.OnReader && !(job.Recovery is not null && job.End >= 0 && job.Position >= job.End))
                {
                    reader.Assign([new TopicPartitionOffset(job.Changelog.Topic, job.Changelog.Partition, job.Position)]);
                    job.OnReader = true;
                }
            }
        }

        lock (gate)
        {
            return jobs.Values.Any(j => j.OnReader);
        }
    }

    /// <summary>
    /// Opens the table partitions of new jobs on a thread of its own, one after the other, while the reader goes on
    /// with those already open: a persistent store's open is file system work (tens of milliseconds, mostly waiting
    /// for the disk), which then overlaps the replay. A job revoked meanwhile gets its partition closed again.
    /// </summary>
    private void StartOpening(List<Job> pending)
    {
        List<Job> toOpen;
        lock (gate)
        {
            toOpen = [.. pending.Where(j => !j.Opened && !j.Opening)];
            foreach (var job in toOpen)
            {
                job.Opening = true;
            }
        }

        if (toOpen.Count == 0)
        {
            return;
        }

        Task.Factory.StartNew(() =>
        {
            foreach (var job in toOpen)
            {
                if (stopping)
                {
                    return;
                }

                try
                {
                    job.Table.Open(job.Partition);
                    var position = job.Table.Position(job.Partition);
                    lock (gate)
                    {
                        job.Opening = false;
                        if (jobs.TryGetValue(job.Changelog, out var current) && current == job)
                        {
                            job.Opened = true;
                            job.Position = position;
                        }
                        else if (!(owned.ContainsKey(job.Partition) || jobs.ContainsKey(job.Changelog)))
                        {
                            // Revoked while it opened, and not taken up again since: close it as the revocation would have.
                            job.Table.Close(job.Partition);
                        }
                    }
                }
                catch (Exception ex) when (!stopping)
                {
                    // The next round of the reader thread tries again.
                    LogOpenFailed(logger, ex, app.Settings.Id, job.Table.Name, job.Partition, ex.Message);
                    lock (gate)
                    {
                        job.Opening = false;
                    }
                }

                wake.Set();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Apply(ReadOnlySpan<ConsumedRecord> records)
    {
        var start = 0;
        while (start < records.Length)
        {
            var end = start + 1;
            // Runs are applied under the lock a revocation takes: keep them short so it never waits long.
            while (end < records.Length && end - start < MaxRun && records[end].Partition == records[start].Partition &&
                   string.Equals(records[end].Topic, records[start].Topic, StringComparison.Ordinal))
            {
                end++;
            }

            var run = records[start..end];
            var tp = new TopicPartition(run[0].Topic, run[0].Partition);
            lock (gate)
            {
                if (jobs.TryGetValue(tp, out var job) && job.OnReader)
                {
                    // Records from before a revocation and reassignment may still arrive: skip what the store has.
                    var skip = 0;
                    while (skip < run.Length && run[skip].Offset < job.Position)
                    {
                        skip++;
                    }

                    if (skip < run.Length)
                    {
                        var fresh = run[skip..];
                        var position = fresh[^1].Offset + 1;
                        job.Table.Apply(job.Partition, fresh, position);
                        job.Position = position;
                        if (replayed.Enabled)
                        {
                            replayed.Add(fresh.Length, new("table", job.Table.Name), new("kind", stateTags[job.Recovering ? 0 : 1]));
                        }
                    }
                }
            }

            start = end;
        }
    }

    /// <summary>Finishes recoveries that reached their end: the partition becomes visible and its source partitions go
    /// (a global table's partition stays on the reader). Returns whether any did.</summary>
    private bool Complete(ITransportReader reader)
    {
        List<PartitionRecovery> done = [];
        List<TopicPartition> finished = [];
        List<ITable> caughtUp = [];
        lock (gate)
        {
            foreach (var job in jobs.Values)
            {
                if (job.Recovering && job.OnReader && job.End > job.Position && reader.GetPosition(job.Changelog) >= job.End)
                {
                    // What is left before the end is not data (a transaction's commit marker, aborted records).
                    job.Position = job.End;
                }

                if (job.Recovering && job.Opened && job.End >= 0 && job.Position >= job.End)
                {
                    var elapsed = job.Started == 0 ? 0 : Stopwatch.GetElapsedTime(job.Started).TotalSeconds;
                    LogRecovered(logger, app.Settings.Id, job.Table.Name, job.Partition, job.Position - job.From, Math.Round(elapsed, 3),
                        elapsed > 0 ? Math.Round((job.Position - job.From) / elapsed) : 0);
                    job.Table.Activate(job.Partition);
                    if (job.Recovery is { } recovery)
                    {
                        finished.Add(job.Changelog);
                        done.Add(recovery);
                    }
                    else
                    {
                        job.Activated = true;
                        caughtUp.Add(job.Table);
                    }
                }
            }

            foreach (var table in caughtUp.Distinct())
            {
                if (jobs.Values.All(j => j.Table != table || j.Activated) && --globalsBehind == 0)
                {
                    done.AddRange(awaitingGlobals);
                    awaitingGlobals.Clear();
                }
            }

            foreach (var tp in finished)
            {
                if (jobs.Remove(tp, out var job) && job.OnReader)
                {
                    reader.Unassign([tp]);
                }
            }
        }

        foreach (var recovery in done)
        {
            recovery.TableDone();
        }

        return done.Count > 0 || caughtUp.Count > 0;
    }

    /// <summary>Keeps standby copies of the partitions this worker would get if up to StandbyReplicas others were lost.</summary>
    private void PlanStandbys()
    {
        var self = app.Cluster.MemberId;
        var members = app.Cluster.Members
            .Select(m => (m.Id, (IReadOnlyCollection<int>)m.Partitions.Select(p => p.Partition).ToHashSet()))
            .ToList();
        if (!members.Exists(m => m.Id == self))
        {
            return;
        }

        var plan = StandbyPlacement.Plan(members, self, app.PartitionCount, app.Settings.StandbyReplicas);
        lock (gate)
        {
            plan.ExceptWith(owned.Keys);
            foreach (var table in tables.Where(t => !t.IsGlobal))
            {
                foreach (var partition in plan.Where(p => p < PartitionsOf(table)))
                {
                    var tp = new TopicPartition(table.Changelog.Name, partition);
                    jobs.TryAdd(tp, new Job(table, partition, tp));
                }
            }

            foreach (var job in jobs.Values.Where(j => j.Recovery is null && !j.Global && !plan.Contains(j.Partition)).ToList())
            {
                jobs.Remove(job.Changelog);
                Drop(job);
            }

            standbys = [.. jobs.Values.Where(j => j.Recovery is null && !j.Global).Select(j => j.Changelog).OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition)];
        }
    }

    /// <summary>Stops reading a job's partition and closes it in the table; called under the lock.</summary>
    private void Drop(Job job)
    {
        if (job.OnReader)
        {
            unassign.Add(job.Changelog);
        }

        if (job.Opened)
        {
            job.Table.Close(job.Partition);
        }
    }

    private IEnumerable<Measurement<long>> Remaining()
    {
        lock (gate)
        {
            return [.. jobs.Values.Where(j => j.Recovering).Select(j => new Measurement<long>(
                j.Remaining, new KeyValuePair<string, object?>("table", j.Table.Name), new KeyValuePair<string, object?>("partition", j.Partition)))];
        }
    }

    private void LogProgress()
    {
        lock (gate)
        {
            var active = jobs.Values.Where(j => j.Recovering && j.End >= 0).ToList();
            if (active.Count == 0)
            {
                return;
            }

            var done = active.Sum(j => j.Position - j.From);
            var remaining = active.Sum(j => j.Remaining);
            var elapsed = active.Max(j => Stopwatch.GetElapsedTime(j.Started).TotalSeconds);
            var rate = elapsed > 0 ? done / elapsed : 0;
            LogRecoveryProgress(logger, app.Settings.Id, active.Count, done, done + remaining, Math.Round(rate),
                rate > 0 ? Math.Round(remaining / rate, 1) : double.NaN);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "App {App} recovering table {Table} partition {Partition}: {Records} changelog records (offsets {From} to {To})")]
    private static partial void LogRecovering(ILogger logger, string app, string table, int partition, long records, long from, long to);

    [LoggerMessage(Level = LogLevel.Information, Message = "App {App} recovered table {Table} partition {Partition}: {Records} records in {Seconds} s ({Rate} records/s)")]
    private static partial void LogRecovered(ILogger logger, string app, string table, int partition, long records, double seconds, double rate);

    [LoggerMessage(Level = LogLevel.Information, Message = "App {App} recovering {Partitions} table partitions: {Done} of {Total} records, {Rate} records/s, about {Seconds} s left")]
    private static partial void LogRecoveryProgress(ILogger logger, string app, int partitions, long done, long total, double rate, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "App {App} could not open partition {Partition} of table {Table}: {Reason}; retrying")]
    private static partial void LogOpenFailed(ILogger logger, Exception error, string app, string table, int partition, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App} could not read its changelogs: {Reason}; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception error, string app, string reason);

    /// <summary>A changelog partition being read: an owned partition's recovery (<see cref="Recovery"/> set), a standby copy,
    /// or a partition of a global table.</summary>
    private sealed class Job(ITable table, int partition, TopicPartition changelog)
    {
        public ITable Table { get; } = table;

        public int Partition { get; } = partition;

        public TopicPartition Changelog { get; } = changelog;

        /// <summary>The owned partition's recovery, or null for a standby copy or a global table's partition.</summary>
        public PartitionRecovery? Recovery { get; set; }

        /// <summary>Whether this is a partition of a global table, tailed for good.</summary>
        public bool Global { get; init; }

        /// <summary>Whether a global table's partition has caught up once and is visible to reads.</summary>
        public bool Activated { get; set; }

        /// <summary>Whether the partition is being rebuilt to an end before it can be read: an owned partition, or a
        /// global table's partition that has not caught up yet.</summary>
        public bool Recovering => Recovery is not null || (Global && !Activated);

        /// <summary>Whether the table's partition is open in its store.</summary>
        public bool Opened { get; set; }

        /// <summary>Whether the table's partition is being opened.</summary>
        public bool Opening { get; set; }

        /// <summary>Whether the reader reads the partition.</summary>
        public bool OnReader { get; set; }

        /// <summary>The next changelog offset to apply.</summary>
        public long Position { get; set; }

        /// <summary>Where a recovery ends (the high watermark when it started), or -1 until known.</summary>
        public long End { get; set; } = -1;

        /// <summary>Where the recovery started.</summary>
        public long From { get; set; }

        /// <summary>When the recovery started (a <see cref="Stopwatch"/> timestamp).</summary>
        public long Started { get; set; }

        public long Remaining => End < 0 ? 0 : Math.Max(0, End - Position);
    }
}
