using System.Diagnostics.Metrics;
using FaustGen.Monitoring;
using FaustGen.Transport;

namespace FaustGen.Tables;

/// <summary>
/// Rebuilds the app's tables from their changelogs and keeps standby copies, on a thread of its own with a
/// reader outside the consumer group (never on the poll loop). When the worker is assigned partition p, every
/// table's changelog partition p is replayed from the store's position up to the end of its log seen then; the
/// poll loop holds the source partitions p back until that is done. Standby partitions are tailed the same way
/// without an end, and turn into an owned partition with only the records written since left to replay. Every
/// partition of a global table is tailed for good from the start; owned partitions wait until those have caught up.
/// </summary>
/// <remarks>
/// The end of a replay is the end of the log, not (for a reader of committed messages) its last stable offset: a
/// transaction left open by a lost worker holds the stable offset back, and what other workers committed after it
/// would be missed. The replay ends once the reader's position passes that end, after the open transaction is aborted.
/// </remarks>
internal sealed partial class TableRecovery : IDisposable
{
    private const int MaxRun = 256;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(5);
    private static readonly long PlanIntervalMs = 500;
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(15);

    private readonly App app;
    private readonly ITransport transport;
    private readonly ITable[] tables;
    private readonly RecoveryReport report;
    private readonly PartitionOpener opener;
    private readonly Lock gate = new();
    private readonly Dictionary<int, PartitionRecovery> owned = [];
    private readonly Dictionary<TopicPartition, RecoveryJob> jobs = [];
    private readonly List<TopicPartition> unassign = [];
    private readonly List<PartitionRecovery> awaitingGlobals = [];
    private readonly AutoResetEvent wake = new(false);
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool stopping;
    private volatile TopicPartition[] standbys = [];
    private Thread? thread;
    private int globalsBehind;

    public TableRecovery(App app, ITransport transport, IReadOnlyList<ITable> tables)
    {
        this.app = app;
        this.transport = transport;
        this.tables = [.. tables];
        report = new RecoveryReport(app, Remaining);
        opener = new PartitionOpener(OnOpened, OnOpenFailed, () => stopping);
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
                    jobs[tp] = new RecoveryJob(table, partition, tp) { Global = true };
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
                    jobs[tp] = new RecoveryJob(table, partition, tp) { Recovery = recovery };
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
                    jobs.TryAdd(tp, new RecoveryJob(table, partition, tp));
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
    private void Drop(RecoveryJob job)
    {
        if (job.Phase == RecoveryPhase.Reading)
        {
            unassign.Add(job.Changelog);
        }

        if (job.IsOpen)
        {
            job.Table.Close(job.Partition);
        }
    }

    private List<RecoveryJob> ActiveRecoveries()
    {
        lock (gate)
        {
            return [.. jobs.Values.Where(j => j.Recovering && j.End >= 0)];
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
}
