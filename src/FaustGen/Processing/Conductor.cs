using System.Collections.Concurrent;
using System.Diagnostics;
using FaustGen.Monitoring;
using FaustGen.Tables;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen.Processing;

/// <summary>
/// The app's poll loop, on a thread of its own: it polls the consumer, routes each run of records of one
/// partition to the agents subscribed to its topic, pauses partitions whose events pile up, commits what
/// agents have acknowledged, and handles rebalances. Agent work never runs on this thread, so a slow agent
/// never delays polling (and never gets the worker evicted from its group).
/// </summary>
internal sealed partial class Conductor : IRebalanceListener
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    // Exactly-once: transactions that may fail in a row, each recovered from, before the worker stops (a failure that
    // recurs after every recovery is not going away by itself).
    private const int MaxRecoveriesInARow = 3;

    private readonly App app;
    private readonly ITransport transport;
    private readonly ILogger logger;
    private readonly Lock routesGate = new();
    private readonly ConcurrentDictionary<TopicPartition, AssignedPartition> assigned = new();
    private readonly ConcurrentQueue<Action> requests = new();
    private readonly List<AssignedPartition> paused = [];
    // Partitions with a full stream buffer after the last poll: the loop waits for their agents before polling again.
    private readonly List<AssignedPartition> crowded = [];
    private readonly ManualResetEventSlim drained = new();
    private readonly ConsumedRecord[] buffer = new ConsumedRecord[2048];
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource firstAssignment = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action wakeOnDrained;
    private Dictionary<string, ISubscriber[]> routes = new(StringComparer.Ordinal);
    private ITransportConsumer? consumer;
    private volatile bool stopping;
    // Exactly-once only: a transaction could not be committed and the worker cannot recover; it stops without
    // committing anything more.
    private volatile bool failed;
    // Exactly-once only: a transaction could not be committed; the poll loop recovers before it polls again, and
    // commits nothing meanwhile. Poll thread only, like the failure and the count below.
    private bool aborting;
    private Exception? abortError;
    private int recoveriesInARow;
    private long nextCommitAt;
    private long revokedAt;

    public Conductor(App app, ITransport transport)
    {
        this.app = app;
        this.transport = transport;
        logger = app.Logger;
        wakeOnDrained = () =>
        {
            drained.Set();
            consumer?.Wake();
        };
    }

    /// <summary>Completes when the first assignment has been received.</summary>
    public Task FirstAssignment => firstAssignment.Task;

    /// <summary>The topics routed to subscribers.</summary>
    public IReadOnlyCollection<string> Topics => [.. routes.Keys];

    /// <summary>The partitions this worker holds now.</summary>
    public IReadOnlyCollection<TopicPartition> Assignment => [.. assigned.Keys];

    /// <summary>Routes the records of <paramref name="topic"/> to <paramref name="subscriber"/> too;
    /// a topic new to the app changes the subscription (and so rebalances the group).</summary>
    public void Subscribe(string topic, ISubscriber subscriber)
    {
        bool newTopic;
        lock (routesGate)
        {
            var next = new Dictionary<string, ISubscriber[]>(routes, StringComparer.Ordinal);
            newTopic = !next.TryGetValue(topic, out var existing);
            next[topic] = [.. existing ?? [], subscriber];
            routes = next;
        }

        if (newTopic && consumer is not null)
        {
            requests.Enqueue(() => consumer.Subscribe(routes.Keys));
        }
    }

    /// <summary>Starts the poll loop.</summary>
    public void Start()
    {
        consumer = Join();
        nextCommitAt = Environment.TickCount64 + (long)app.Settings.CommitInterval.TotalMilliseconds;
        var thread = new Thread(Run) { IsBackground = true, Name = $"faustgen-poll-{app.Settings.Id}" };
        thread.Start();
    }

    /// <summary>
    /// Stops the poll loop: no new events start, events in flight get the shutdown timeout to finish, what was
    /// acknowledged is committed, and the member leaves its group.
    /// </summary>
    public Task StopAsync()
    {
        stopping = true;
        return consumer is null ? Task.CompletedTask : stopped.Task;
    }

    /// <summary>Commits what has been acknowledged now, on the poll thread.</summary>
    public Task CommitAsync()
    {
        if (consumer is null || stopping)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        requests.Enqueue(() =>
        {
            try
            {
                CommitAll();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    /// <summary>Whether the event at <paramref name="offset"/> of <paramref name="partition"/> has been processed
    /// by every agent that received it (the committable offset is past it).</summary>
    public bool IsProcessed(TopicPartition partition, long offset) =>
        assigned.TryGetValue(partition, out var state) && state.Tracker.Committable > offset;

    /// <summary>Events of <paramref name="partition"/> not yet acknowledged by every agent that got them.</summary>
    public int Outstanding(TopicPartition partition) =>
        assigned.TryGetValue(partition, out var state) ? state.Tracker.Outstanding : 0;

    /// <summary>Records of <paramref name="partition"/> not yet processed: those the consumer has not handed over
    /// (its lag) and those agents have not acknowledged; null when the consumer does not know its lag.</summary>
    public long? Lag(TopicPartition partition) =>
        assigned.TryGetValue(partition, out var state) && consumer?.GetLag(partition) is { } fetchLag
            ? fetchLag + state.Tracker.Outstanding
            : null;

    public void OnPartitionsAssigned(IReadOnlyList<TopicPartition> partitions)
    {
        // Tables register their recoveries before the partitions show in the assignment, so that nobody sees a
        // partition assigned and its tables complete before their recovery has even started.
        var recoveries = app.OnPartitionsAssigned(partitions);
        var states = new List<AssignedPartition>(partitions.Count);
        foreach (var tp in partitions)
        {
            var state = new AssignedPartition(tp);
            assigned[tp] = state;
            states.Add(state);
        }

        app.Metrics.Rebalances.Add(1);
        if (revokedAt != 0)
        {
            app.Metrics.AssignmentDuration.Record(AppMetrics.Since(revokedAt));
            revokedAt = 0;
        }

        LogAssigned(logger, app.Settings.Id, partitions.Count, string.Join(", ", partitions));
        HoldForRecovery(states, recoveries);
        app.Cluster.OnAssignmentChanged(Assignment);
        firstAssignment.TrySetResult();
    }

    public void OnPartitionsRevoked(IReadOnlyList<TopicPartition> partitions)
    {
        revokedAt = Stopwatch.GetTimestamp();
        if (ExactlyOnce)
        {
            // Every event delivered must be done before its partition goes, so that the commit covers all it changed.
            var held = partitions.Select(tp => assigned.GetValueOrDefault(tp)).OfType<AssignedPartition>().ToList();
            var drained = Drain(held);
            var states = Release(partitions);
            if (drained)
            {
                Commit(states);
            }
            else
            {
                Fail(null);
            }

            if (failed || aborting)
            {
                // Before closing: a close would checkpoint and flush the aborted changes as if they were committed.
                app.DiscardTables(partitions);
            }

            Close(states, partitions);
            return;
        }

        var released = Release(partitions);
        WaitForInFlight(released);
        Commit(released);
        Close(released, partitions);
    }

    public void OnPartitionsLost(IReadOnlyList<TopicPartition> partitions)
    {
        LogLost(logger, app.Settings.Id, string.Join(", ", partitions));
        var states = Release(partitions);
        if (ExactlyOnce)
        {
            // What the worker changed since its last commit is aborted on the broker: its tables must forget it too
            // (before closing, which would checkpoint and flush those changes as if they were committed).
            app.DiscardTables(partitions);
        }

        Close(states, partitions);
    }

    private bool ExactlyOnce => app.Settings.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnce;

    private void Run()
    {
        try
        {
            while (!stopping)
            {
                while (requests.TryDequeue(out var request))
                {
                    request();
                }

                if (aborting)
                {
                    Recover();
                    continue;
                }

                ResumeDrained();
                var count = consumer!.Poll(buffer, PollTimeout);
                if (count > 0 && !aborting)
                {
                    Route(buffer.AsSpan(0, count));
                    WaitForRoom();
                }

                if (Environment.TickCount64 >= nextCommitAt)
                {
                    CommitAll();
                    nextCommitAt = Environment.TickCount64 + (long)app.Settings.CommitInterval.TotalMilliseconds;
                }
            }

            var current = assigned.Values.ToList();
            var abandoned = failed || aborting;
            var drained = abandoned || !ExactlyOnce || Drain(current);
            var all = Release([.. assigned.Keys]);
            if (abandoned || !drained)
            {
                // Exactly-once: the open transaction is left to abort, and the tables forget what it changed.
                app.DiscardTables([.. all.Select(s => s.TopicPartition)]);
            }
            else
            {
                WaitForInFlight(all);
                Commit(all);
            }

            consumer!.Close();
        }
        catch (Exception ex)
        {
            // Nothing consumes any more: the app must stop and end Failed, so that whoever runs it restarts it.
            LogPollLoopFailed(logger, ex, app.Settings.Id);
            failed = true;
        }
        finally
        {
            consumer?.Dispose();
            Array.Clear(buffer);
            stopped.TrySetResult();
            if (failed)
            {
                app.OnProcessingFailed();
            }
        }
    }

    /// <summary>
    /// Holds back the source partitions whose tables are being rebuilt: they are paused (once the consumer owns them,
    /// after this callback), records already fetched wait in the partition, and both go on when recovery completes.
    /// </summary>
    private void HoldForRecovery(List<AssignedPartition> states, List<PartitionRecovery> recoveries)
    {
        var held = new List<AssignedPartition>();
        foreach (var recovery in recoveries)
        {
            foreach (var state in states)
            {
                if (state.TopicPartition.Partition == recovery.Partition)
                {
                    state.Recovery = recovery;
                    held.Add(state);
                }
            }
        }

        if (held.Count == 0)
        {
            return;
        }

        requests.Enqueue(() =>
        {
            var pause = held.Where(s => s.Recovery is not null && !s.Revoked && !s.Paused).ToList();
            if (pause.Count > 0)
            {
                consumer!.Pause([.. pause.Select(s => s.TopicPartition)]);
                foreach (var state in pause)
                {
                    state.RecoveryPaused = true;
                }
            }
        });
        foreach (var recovery in recoveries)
        {
            recovery.WhenComplete(done =>
            {
                requests.Enqueue(() => EndRecovery(done));
                consumer?.Wake();
            });
        }
    }

    /// <summary>Lets the source partitions of a rebuilt table partition go: held records first, then fetching.</summary>
    private void EndRecovery(PartitionRecovery recovery)
    {
        foreach (var state in assigned.Values)
        {
            if (state.Recovery != recovery)
            {
                continue;
            }

            state.Recovery = null;
            if (!state.Revoked && state.TakeHeld() is { Count: > 0 } records)
            {
                Route(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(records));
            }

            if (state.RecoveryPaused)
            {
                state.RecoveryPaused = false;
                if (!state.Paused && !state.Revoked)
                {
                    consumer!.Resume([state.TopicPartition]);
                }
            }
        }
    }

    private void Route(ReadOnlySpan<ConsumedRecord> records)
    {
        var routing = routes;
        var start = 0;
        while (start < records.Length)
        {
            ref readonly var first = ref records[start];
            var end = start + 1;
            while (end < records.Length && end - start < RecordBatch.Capacity &&
                   records[end].Partition == first.Partition && string.Equals(records[end].Topic, first.Topic, StringComparison.Ordinal))
            {
                end++;
            }

            Dispatch(records[start..end], routing);
            start = end;
        }
    }

    private void Dispatch(ReadOnlySpan<ConsumedRecord> run, Dictionary<string, ISubscriber[]> routing)
    {
        var tp = new TopicPartition(run[0].Topic, run[0].Partition);
        if (!assigned.TryGetValue(tp, out var state) || state.Revoked)
        {
            return;
        }

        if (state.Recovery is not null)
        {
            // Fetched before the pause took effect: agents get it once the tables are rebuilt.
            state.Hold(run);
            return;
        }

        if (app.Metrics.MessagesReceived.Enabled)
        {
            app.Metrics.MessagesReceived.Add(run.Length, new KeyValuePair<string, object?>("topic", tp.Topic));
        }

        var subscribers = routing.TryGetValue(tp.Topic, out var found) ? found : [];
        var firstSequence = state.Tracker.Register(run, subscribers.Length);
        if (subscribers.Length > 0)
        {
            var batch = RecordBatch.Rent(state, run, firstSequence, subscribers.Length);
            foreach (var subscriber in subscribers)
            {
                subscriber.Deliver(batch);
            }
        }

        if (!state.Paused && state.Tracker.Outstanding >= app.Settings.StreamBufferMaxSize && !crowded.Contains(state))
        {
            crowded.Add(state);
            state.Tracker.NotifyWhenDrained(ResumeBelow, wakeOnDrained);
        }
    }

    /// <summary>
    /// Back-pressure in two steps. While partitions hold a full stream buffer, the loop waits for their agents instead
    /// of polling more, at most a poll timeout (no longer than an idle poll takes); a partition still above half its
    /// buffer then is paused until it drains. Pausing makes librdkafka drop what it fetched ahead for the partition and
    /// fetch it again on resume: an agent that is only a little behind the poll loop must not pay that on every buffer.
    /// </summary>
    private void WaitForRoom()
    {
        if (crowded.Count == 0)
        {
            return;
        }

        var deadline = Environment.TickCount64 + (long)PollTimeout.TotalMilliseconds;
        while (true)
        {
            drained.Reset();
            crowded.RemoveAll(s => s.Revoked || s.Tracker.Outstanding <= ResumeBelow);
            var left = deadline - Environment.TickCount64;
            if (crowded.Count == 0 || left <= 0 || stopping)
            {
                break;
            }

            drained.Wait((int)left);
        }

        if (crowded.Count > 0)
        {
            consumer!.Pause([.. crowded.Select(s => s.TopicPartition)]);
            foreach (var state in crowded)
            {
                state.Paused = true;
                paused.Add(state);
                state.Tracker.NotifyWhenDrained(ResumeBelow, wakeOnDrained);
            }

            crowded.Clear();
        }
    }

    /// <summary>A paused partition resumes once its outstanding events fall to half the stream buffer.</summary>
    private int ResumeBelow => app.Settings.StreamBufferMaxSize / 2;

    private void ResumeDrained()
    {
        for (var i = paused.Count - 1; i >= 0; i--)
        {
            var state = paused[i];
            if (state.Revoked)
            {
                paused.RemoveAt(i);
            }
            else if (state.Tracker.Outstanding <= ResumeBelow)
            {
                if (!state.RecoveryPaused)
                {
                    consumer!.Resume([state.TopicPartition]);
                }

                state.Paused = false;
                paused.RemoveAt(i);
            }
        }
    }

    /// <summary>Commits every partition held; under exactly-once, once the events delivered so far are done (if they take
    /// longer than the shutdown timeout, nothing is committed now: a periodic commit is put off to the next interval).</summary>
    private void CommitAll()
    {
        if (!ExactlyOnce || Drain([.. assigned.Values]))
        {
            Commit(assigned.Values);
        }
    }

    /// <summary>Commits the acknowledged offsets of <paramref name="states"/> that moved since their last commit,
    /// after flushing queued sends so a commit never covers a message not yet written. Under exactly-once it commits
    /// the transaction even when no offset moved (what was sent outside events, such as cluster-map entries, must not
    /// keep it open), and a failure aborts it (<see cref="Abort"/>).</summary>
    private void Commit(IEnumerable<AssignedPartition> states)
    {
        if (failed || aborting)
        {
            return;
        }

        var moved = states.Where(s => s.Tracker.Committable > s.LastCommitted).Select(s => (State: s, Offset: s.Tracker.Committable)).ToList();
        if (moved.Count == 0 && !ExactlyOnce)
        {
            return;
        }

        var start = Stopwatch.GetTimestamp();
        app.Sender.Flush(app.Settings.ShutdownTimeout);
        if (app.Sender.Failures is > 0 and var failures)
        {
            // A lost fire-and-forget send (a changelog write, a forwarded event) was caused by an event that is
            // already acknowledged; committing past it would lose the effect for good. Exactly-once aborts the transaction
            // and does those events again.
            if (ExactlyOnce)
            {
                Abort(null);
            }
            else
            {
                LogCommitWithheld(logger, app.Settings.Id, failures);
            }

            return;
        }

        try
        {
            consumer!.Commit([.. moved.Select(m => new TopicPartitionOffset(m.State.TopicPartition.Topic, m.State.TopicPartition.Partition, m.Offset))]);
            foreach (var (state, offset) in moved)
            {
                state.LastCommitted = offset;
            }

            app.OnCommitted();
            recoveriesInARow = 0;

            app.Metrics.CommitDuration.Record(AppMetrics.Since(start));
        }
        catch (Exception ex)
        {
            LogCommitFailed(logger, ex, app.Settings.Id, ex.Message);
            if (ExactlyOnce)
            {
                Abort(ex);
            }
        }
    }

    /// <summary>Exactly-once: waits (at most the shutdown timeout) until every event delivered of <paramref name="states"/>
    /// is acknowledged, so that the committed offsets cover everything the transaction holds. The poll loop delivers
    /// nothing meanwhile.</summary>
    private bool Drain(List<AssignedPartition> states)
    {
        if (SpinWait.SpinUntil(() => states.TrueForAll(s => s.Tracker.Outstanding == 0), app.Settings.ShutdownTimeout))
        {
            return true;
        }

        LogNotDrained(logger, app.Settings.Id, app.Settings.ShutdownTimeout.TotalSeconds);
        return false;
    }

    /// <summary>Exactly-once: the open transaction cannot be committed (<paramref name="error"/> is why, or null when sends
    /// of it were lost). Nothing more is committed or delivered until the poll loop has recovered.</summary>
    private void Abort(Exception? error)
    {
        aborting = true;
        abortError = error;
    }

    /// <summary>
    /// Exactly-once, after <see cref="Abort"/>: what the worker did since its last commit is undone and done again, as
    /// Kafka Streams does. Every partition is released (agents start none of their queued events, which are never
    /// acknowledged), events in flight get the shutdown timeout to finish, the tables forget the partitions' changes,
    /// the producer aborts and goes on with a new transaction, and the member leaves the group and joins it again, so
    /// that the partitions come back through the normal assignment (tables rebuilt from the committed changelog first)
    /// from the committed offsets. The worker stops instead when the producer cannot go on (a fatal error other than
    /// being fenced), when events in flight do not finish, or after <see cref="MaxRecoveriesInARow"/> recoveries with no
    /// commit between them.
    /// </summary>
    private void Recover()
    {
        var error = abortError;
        aborting = false;
        abortError = null;
        if (++recoveriesInARow > MaxRecoveriesInARow)
        {
            Fail(error);
            return;
        }

        IReadOnlyList<TopicPartition> partitions = [.. assigned.Keys];
        var states = Release(partitions);
        if (!WaitForInFlight(states))
        {
            Fail(error);
            return;
        }

        // Before the new transaction begins: an event of these partitions that wrote now would reach it.
        app.DiscardTables(partitions);
        if (!app.Sender.RenewTransaction(error))
        {
            Fail(error);
            return;
        }

        LogRecovering(logger, error, app.Settings.Id, partitions.Count, error?.Message ?? "messages sent in it were lost");
        app.Metrics.TransactionsRecovered.Add(1);
        revokedAt = Stopwatch.GetTimestamp();
        Close(states, partitions);
        var member = consumer!;
        consumer = null;
        member.Close();
        member.Dispose();
        consumer = Join();
    }

    /// <summary>Creates the app's group member and subscribes it to the routed topics.</summary>
    private ITransportConsumer Join()
    {
        var member = transport.CreateConsumer(
            new ConsumerSettings
            {
                GroupId = app.Settings.Id,
                ClientId = app.Settings.ClientId,
                StartFromEarliest = app.Settings.ConsumerAutoOffsetReset == OffsetReset.Earliest,
            },
            this);
        try
        {
            member.Subscribe(routes.Keys);
        }
        catch
        {
            // No poll loop will use it (at start, StopAsync must not wait for one).
            member.Dispose();
            throw;
        }

        return member;
    }

    /// <summary>Exactly-once: a transaction cannot be committed and the worker cannot recover, so it stops. Its open transaction is aborted
    /// (by the producer, or by the broker when it times out or is fenced), and the partitions' next owners replay
    /// their events from the last commit into tables rebuilt from the committed changelog.</summary>
    private void Fail(Exception? error)
    {
        LogStoppingUncommitted(logger, error, app.Settings.Id);
        failed = true;
        stopping = true;
    }

    private List<AssignedPartition> Release(IReadOnlyList<TopicPartition> partitions)
    {
        var states = new List<AssignedPartition>(partitions.Count);
        foreach (var tp in partitions)
        {
            if (assigned.TryGetValue(tp, out var state))
            {
                state.Revoke();
                states.Add(state);
            }
        }

        return states;
    }

    /// <summary>Waits (at most the shutdown timeout) until no agent processes an event of <paramref name="states"/>;
    /// returns whether none does.</summary>
    private bool WaitForInFlight(List<AssignedPartition> states)
    {
        var cursors = app.Cursors;
        if (SpinWait.SpinUntil(() => cursors.TrueForAll(c => c.InFlight is not { } p || !states.Contains(p)), app.Settings.ShutdownTimeout))
        {
            return true;
        }

        LogInFlightAbandoned(logger, app.Settings.Id, app.Settings.ShutdownTimeout.TotalSeconds);
        return false;
    }

    private void Close(List<AssignedPartition> states, IReadOnlyList<TopicPartition> partitions)
    {
        foreach (var state in states)
        {
            state.Tracker.Close();
            assigned.TryRemove(state.TopicPartition, out _);
        }

        app.OnPartitionsRevoked(partitions);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "App {App} was assigned {Count} partitions: {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string app, int count, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App} lost partitions {Partitions} without committing; their events will be processed again")]
    private static partial void LogLost(ILogger logger, string app, string partitions);

    [LoggerMessage(Level = LogLevel.Critical, Message = "App {App} is not committing offsets: {Count} messages sent without waiting were lost, so the events that caused them must be processed again (restart the worker)")]
    private static partial void LogCommitWithheld(ILogger logger, string app, long count);

    [LoggerMessage(Level = LogLevel.Error, Message = "App {App} failed to commit offsets: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, Exception error, string app, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App}: events in flight did not finish within {Seconds} s of a revocation or stop; they are not committed and will be processed again")]
    private static partial void LogInFlightAbandoned(ILogger logger, string app, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App}: events delivered did not all finish within {Seconds} s, so the transaction is not committed now")]
    private static partial void LogNotDrained(ILogger logger, string app, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App} could not commit its transaction (exactly-once); it aborts it, releases its {Count} partitions and rejoins its group with a new transaction: what it did since its last commit is done again. Cause: {Reason}")]
    private static partial void LogRecovering(ILogger logger, Exception? error, string app, int count, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "App {App} could not commit its transaction and stops (exactly-once): what it did since its last commit is aborted and will be done again by the partitions' next owners; the app ends Failed, restart the worker")]
    private static partial void LogStoppingUncommitted(ILogger logger, Exception? error, string app);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The poll loop of app {App} failed; the app stops and ends Failed: restart the worker")]
    private static partial void LogPollLoopFailed(ILogger logger, Exception error, string app);
}
