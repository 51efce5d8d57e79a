using System.Collections.Concurrent;
using FaustGen.Diagnostics;
using FaustGen.Processing.Commits;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen.Processing;

/// <summary>
/// The app's poll loop, on a thread of its own: it polls the group member, hands records to the router, keeps
/// back-pressure, commits every <see cref="AppSettings.CommitInterval"/>, and rewinds to the committed offsets when work
/// cannot be committed. Agent code never runs on this thread, so a slow agent never delays polling (and never gets the
/// worker evicted from its group).
/// </summary>
internal sealed partial class PollLoop
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    // Rewinds that may follow one another with no commit between them before the worker stops: a failure that recurs
    // after every rewind is not going away by itself.
    private const int MaxRewindsInARow = 3;

    private readonly App app;
    private readonly ITransport transport;
    private readonly ILogger logger;
    private readonly Assignment assignment;
    private readonly BackPressure backPressure;
    private readonly RecordRouter router;
    private readonly ICommitStrategy strategy;
    private readonly Committer committer;
    private readonly RebalanceHandler rebalances;
    private readonly ConcurrentQueue<Action> requests = new();
    private readonly ConsumedRecord[] buffer = new ConsumedRecord[2048];
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource firstAssignment = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITransportConsumer? consumer;
    private volatile bool stopping;
    // Poll thread only, like the fields below: a rewind to do before polling again, and why.
    private CommitOutcome? rewind;
    private Exception? failure;
    private int rewindsInARow;
    private long nextCommitAt;

    public PollLoop(App app, ITransport transport, Sender sender)
    {
        this.app = app;
        this.transport = transport;
        logger = app.Logger;
        assignment = new Assignment(app);
        backPressure = new BackPressure(app.Settings.StreamBufferMaxSize, PollTimeout);
        router = new RecordRouter(assignment, backPressure, app.Metrics);
        strategy = app.Settings.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnce
            ? new ExactlyOnceCommits(transport.Transactions!, assignment, app.DiscardTables)
            : new AtLeastOnceCommits();
        committer = new Committer(app, assignment, strategy, sender);
        rebalances = new RebalanceHandler(app, this, assignment, backPressure, router, strategy, committer);
    }

    /// <summary>Completes when the first assignment has been received.</summary>
    public Task FirstAssignment => firstAssignment.Task;

    /// <summary>The topics routed to subscribers.</summary>
    public IReadOnlyCollection<string> Topics => router.Topics;

    /// <summary>The partitions this worker holds now.</summary>
    public IReadOnlyCollection<TopicPartition> Partitions => assignment.Partitions;

    /// <summary>The group member (poll thread only).</summary>
    internal ITransportConsumer Member => consumer!;

    /// <summary>Routes the records of <paramref name="topic"/> to <paramref name="subscriber"/> too; a topic new to the
    /// app changes the subscription (and so rebalances the group).</summary>
    public void Subscribe(string topic, ISubscriber subscriber)
    {
        if (router.Subscribe(topic, subscriber) && consumer is not null)
        {
            Enqueue(() => consumer.Subscribe(router.Topics));
        }
    }

    /// <summary>Joins the group and starts the poll loop.</summary>
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

    /// <summary>Commits what has been acknowledged now, on the poll thread; completes with whether it was committed (or
    /// nothing needed to be).</summary>
    public Task<bool> CommitAsync()
    {
        if (consumer is null || stopping)
        {
            return Task.FromResult(false);
        }

        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(() => done.TrySetResult(CommitNow() is CommitResult.Committed or CommitResult.Nothing));
        return done.Task;
    }

    /// <summary>Whether the event at <paramref name="offset"/> of <paramref name="partition"/> has been processed
    /// by every agent that received it.</summary>
    public bool IsProcessed(TopicPartition partition, long offset) => assignment.IsProcessed(partition, offset);

    /// <summary>Events of <paramref name="partition"/> not yet acknowledged by every agent that got them.</summary>
    public int Outstanding(TopicPartition partition) => assignment.Outstanding(partition);

    /// <summary>Records of <paramref name="partition"/> not yet processed: those the member has not handed over (its
    /// lag) and those agents have not acknowledged; null when the member does not know its lag.</summary>
    public long? Lag(TopicPartition partition) =>
        assignment.TryGet(partition, out var state) && consumer?.GetLag(partition) is { } fetchLag
            ? fetchLag + state.Tracker.Outstanding
            : null;

    /// <summary>Runs <paramref name="request"/> on the poll thread before its next poll (from any thread).</summary>
    internal void Enqueue(Action request)
    {
        requests.Enqueue(request);
        consumer?.Wake();
    }

    /// <summary>The work since the last commit cannot be committed: the loop rewinds before it polls again.</summary>
    internal void RequestRewind(CommitOutcome outcome) => rewind ??= outcome;

    /// <summary>Whether an exactly-once commit is being made (held-back events wait for it).</summary>
    internal bool Committing => assignment.Committing;

    /// <summary>Pauses <paramref name="state"/> while an agent holds it back for a retry (from any thread); a channel's
    /// partition, which the group member does not own, only waits.</summary>
    internal void HoldForRetry(AssignedPartition state)
    {
        if (OwnedByMember(state))
        {
            Enqueue(() => backPressure.HoldForRetry(state));
        }
    }

    /// <summary>An agent no longer holds <paramref name="state"/> back (from any thread).</summary>
    internal void EndRetry(AssignedPartition state)
    {
        if (OwnedByMember(state))
        {
            Enqueue(() => backPressure.EndRetry(state));
        }
    }

    private bool OwnedByMember(AssignedPartition state) => assignment.TryGet(state.TopicPartition, out var held) && held == state;

    /// <summary>The member received an assignment.</summary>
    internal void OnAssigned() => firstAssignment.TrySetResult();

    private bool ExactlyOnce => strategy.RewindsUncommitted;

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

                if (rewind is { } reason)
                {
                    Rewind(reason);
                    continue;
                }

                backPressure.ResumeDrained();
                var count = consumer!.Poll(buffer, PollTimeout);
                if (count > 0 && rewind is null)
                {
                    router.Route(buffer.AsSpan(0, count));
                    backPressure.WaitForRoom(() => stopping);
                }

                if (Environment.TickCount64 >= nextCommitAt)
                {
                    CommitNow();
                    nextCommitAt = Environment.TickCount64 + (long)app.Settings.CommitInterval.TotalMilliseconds;
                }
            }

            Finish();
        }
        catch (Exception ex)
        {
            // Nothing consumes any more: the app must stop and end Failed, so that whoever runs it restarts it.
            LogPollLoopFailed(logger, ex, app.Settings.Id);
            failure = ex;
        }
        finally
        {
            // Nothing is held any more: the monitor stops asking about partitions and the member's lag. A transport whose
            // close revokes nothing (memory://) still lets the hooks know.
            if (assignment.Partitions is { Count: > 0 } kept)
            {
                app.Hooks.Revoked(kept);
            }

            assignment.Remove(assignment.All);
            var member = consumer;
            consumer = null;
            member?.Dispose();
            Array.Clear(buffer);
            stopped.TrySetResult();
            if (failure is not null)
            {
                app.OnProcessingFailed(failure);
            }
        }
    }

    /// <summary>Commits every held partition now, when the strategy allows; a commit that cannot be made rewinds.</summary>
    private CommitResult CommitNow()
    {
        if (rewind is not null || failure is not null || !strategy.Prepare())
        {
            assignment.EndCommit();
            return CommitResult.NotNow;
        }

        var outcome = committer.Commit(consumer!, positions: true);
        assignment.EndCommit();
        if (outcome.Result == CommitResult.Committed)
        {
            rewindsInARow = 0;
        }
        else if (outcome.Result == CommitResult.MustRewind)
        {
            RequestRewind(outcome);
        }

        return outcome.Result;
    }

    /// <summary>The loop is stopping: events delivered (exactly-once) or in flight (at least once) finish, what they did
    /// is committed (or given up), and the member leaves the group.</summary>
    private void Finish()
    {
        var all = assignment.All;
        var prepared = rewind is null && failure is null && strategy.Prepare();
        Assignment.Release(all);
        assignment.WaitForInFlight(all);
        var outcome = prepared ? committer.Commit(consumer!, positions: false) : committer.Doom("the worker stopped before it could commit", null);
        assignment.EndCommit();
        if (outcome.Result == CommitResult.MustRewind || (ExactlyOnce && outcome.Result != CommitResult.Committed))
        {
            // The open transaction is left to abort: the tables forget what it changed.
            strategy.Abandon([.. all.Select(s => s.TopicPartition)]);
        }

        consumer!.Close(app.Settings.ShutdownTimeout);
    }

    /// <summary>
    /// What the worker did since its last commit cannot be committed (<paramref name="reason"/>), so it is done again,
    /// as Kafka Streams does: every partition is released (agents start none of their queued events), events in flight
    /// get the shutdown timeout to finish, the strategy gives the work up (exactly-once: the tables forget the
    /// partitions' changes and a new transaction begins, under which the broker aborts the old one), and the member
    /// leaves the group and joins it again, so that the partitions come back through the normal assignment from the
    /// committed offsets. The worker stops instead when events in flight do not finish, when the strategy cannot go on,
    /// or after <see cref="MaxRewindsInARow"/> rewinds with no commit between them.
    /// </summary>
    private void Rewind(CommitOutcome reason)
    {
        rewind = null;
        if (++rewindsInARow > MaxRewindsInARow)
        {
            Fail(reason, $"{MaxRewindsInARow} rewinds in a row did not get a commit through");
            return;
        }

        var states = assignment.All;
        var partitions = states.Select(s => s.TopicPartition).ToList();
        Assignment.Release(states);
        if (!assignment.WaitForInFlight(states))
        {
            Fail(reason, "events in flight did not finish");
            return;
        }

        // Before a new transaction begins: an event of these partitions that wrote now would reach it.
        strategy.Abandon(partitions);
        using (var span = Tracing.StartInternal(ExactlyOnce ? "abort transaction" : "rewind", app.Settings.Id))
        {
            span?.SetTag("faustgen.reason", reason.Reason);
            if (!strategy.Renew(reason.Error))
            {
                Tracing.Fail(span, reason.Error ?? new InvalidOperationException(reason.Reason));
                Fail(reason, "the producer cannot go on");
                return;
            }
        }

        app.Sender.ForgetFailures();
        committer.Reset();
        LogRewinding(logger, reason.Error, app.Settings.Id, partitions.Count, reason.Reason);
        app.Metrics.Rewinds.Add(1);
        rebalances.OnRevoking();
        rebalances.Close(states, partitions);
        var member = consumer!;
        consumer = null;
        member.Close(app.Settings.ShutdownTimeout);
        member.Dispose();
        backPressure.Reset();
        consumer = Join();
    }

    /// <summary>The worker cannot go on: it stops without committing anything more, and the app ends Failed. Under
    /// exactly-once its open transaction is aborted (by the producer, or by the broker when it fences it or the
    /// transaction times out), and the partitions' next owners do their events again from the last commit.</summary>
    private void Fail(CommitOutcome reason, string why)
    {
        LogStopping(logger, reason.Error, app.Settings.Id, reason.Reason, why);
        failure = new InvalidOperationException($"What the worker did could not be committed ({reason.Reason}), and {why}.", reason.Error);
        stopping = true;
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
            rebalances);
        try
        {
            member.Subscribe(router.Topics);
        }
        catch
        {
            // No poll loop will use it (at start, StopAsync must not wait for one).
            member.Dispose();
            throw;
        }

        backPressure.Member = member;
        return member;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App} could not commit what it did since its last commit ({Reason}); it releases its {Count} partitions and rejoins its group from its committed offsets: that work is done again")]
    private static partial void LogRewinding(ILogger logger, Exception? error, string app, int count, string? reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "App {App} could not commit ({Reason}) and stops because {Why}: what it did since its last commit will be done again by the partitions' next owners; the app ends Failed, restart the worker")]
    private static partial void LogStopping(ILogger logger, Exception? error, string app, string? reason, string why);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The poll loop of app {App} failed; the app stops and ends Failed: restart the worker")]
    private static partial void LogPollLoopFailed(ILogger logger, Exception error, string app);
}
