using System.Diagnostics;
using FaustGen.Diagnostics;
using FaustGen.Monitoring;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen.Processing.Commits;

/// <summary>
/// The one way offsets are committed, whatever the guarantee: the offsets of every held partition that moved, and only
/// once every message sent so far is delivered, so that a commit never covers an event whose sends or changelog
/// writes might still be lost. The strategy says how the offsets are made durable. Poll thread only.
/// </summary>
internal sealed partial class Committer(App app, Assignment assignment, ICommitStrategy strategy, Sender sender)
{
    // Set once a commit could not be made and the worker must rewind (or stop): nothing is committed until it has.
    private string? doomed;

    /// <summary>How long a commit, and the wait for deliveries before it, may take: the shutdown timeout, as commits run
    /// inside revocations and stops.</summary>
    private TimeSpan Timeout => TimeSpan.FromMilliseconds(Math.Max(app.Settings.ShutdownTimeout.TotalMilliseconds, 1000));

    /// <summary>Commits what the held partitions have processed, as <paramref name="member"/> consumed it.</summary>
    /// <param name="member">The group member.</param>
    /// <param name="positions">Whether the member's positions may be committed where they are past the last acknowledged
    /// event (see <see cref="Committable"/>): not inside a poll, whose records may not all have been delivered yet.</param>
    public CommitOutcome Commit(ITransportConsumer member, bool positions)
    {
        if (doomed is not null)
        {
            return CommitOutcome.MustRewind(doomed, null);
        }

        var moved = new List<(AssignedPartition State, long Offset)>();
        foreach (var state in assignment.All)
        {
            if (Committable(member, state, positions) is var offset && offset > state.LastCommitted)
            {
                moved.Add((state, offset));
            }
        }

        if (moved.Count == 0 && !strategy.CommitsUnmoved)
        {
            return CommitOutcome.Nothing;
        }

        var start = Stopwatch.GetTimestamp();
        switch (sender.AwaitDeliveries(Timeout))
        {
            case Deliveries.Lost:
                // An event already acknowledged sent it: committing past that event would lose its effect for good.
                return Doom($"{sender.Failures} messages sent without waiting (changelog writes, sends of events) were not delivered", null);
            case Deliveries.Pending:
                LogDeliveriesPending(app.Logger, app.Settings.Id, Timeout.TotalSeconds);
                return strategy.RewindsUncommitted ? Doom("messages sent were not delivered in time", null) : CommitOutcome.NotNow;
        }

        using var span = Tracing.StartInternal(strategy.RewindsUncommitted ? "commit transaction" : "commit offsets", app.Settings.Id);
        span?.SetTag("faustgen.partitions", moved.Count);
        try
        {
            strategy.Commit(member, [.. moved.Select(m => new TopicPartitionOffset(m.State.TopicPartition.Topic, m.State.TopicPartition.Partition, m.Offset))], Timeout);
        }
        catch (Exception ex)
        {
            Tracing.Fail(span, ex);
            LogCommitFailed(app.Logger, ex, app.Settings.Id, ex.Message);
            return strategy.RewindsUncommitted ? Doom(ex.Message, ex) : CommitOutcome.NotNow;
        }

        foreach (var (state, offset) in moved)
        {
            state.LastCommitted = offset;
        }

        app.OnCommitted();
        app.Metrics.CommitDuration.Record(AppMetrics.Since(start));
        return CommitOutcome.Committed;
    }

    /// <summary>The worker rewound (or is stopping): commits may be made again.</summary>
    public void Reset() => doomed = null;

    /// <summary>Marks the work since the last commit as lost: no commit is made until <see cref="Reset"/>.</summary>
    public CommitOutcome Doom(string reason, Exception? error)
    {
        doomed ??= reason;
        return CommitOutcome.MustRewind(reason, error);
    }

    /// <summary>
    /// The offset to commit for <paramref name="state"/>: past its last acknowledged event; or, when every event handed
    /// over is acknowledged and none is held back, the member's position, which is past transaction markers and aborted
    /// records too, so that a partition whose log ends in them is committed up to its end (lag 0; KAFKA-6607).
    /// </summary>
    private static long Committable(ITransportConsumer member, AssignedPartition state, bool positions)
    {
        var offset = state.Tracker.Committable;
        if (positions && state.Tracker.Outstanding == 0 && !state.HoldsRecords && !state.Revoked &&
            member.GetPosition(state.TopicPartition) is var position && position > offset)
        {
            return position;
        }

        return offset;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "App {App} failed to commit offsets: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, Exception error, string app, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App} is not committing offsets now: messages sent so far were not all delivered within {Seconds} s")]
    private static partial void LogDeliveriesPending(ILogger logger, string app, double seconds);
}

/// <summary>What a commit came to.</summary>
internal enum CommitResult
{
    /// <summary>Offsets were committed.</summary>
    Committed,

    /// <summary>No offset moved: nothing to do.</summary>
    Nothing,

    /// <summary>Not committed now; the work stays, to be committed later (at least once).</summary>
    NotNow,

    /// <summary>Not committed, and the work since the last commit cannot be: the worker must rewind.</summary>
    MustRewind,
}

/// <summary>A commit's result, and for <see cref="CommitResult.MustRewind"/> why.</summary>
internal readonly record struct CommitOutcome(CommitResult Result, string? Reason, Exception? Error)
{
    public static CommitOutcome Committed => new(CommitResult.Committed, null, null);

    public static CommitOutcome Nothing => new(CommitResult.Nothing, null, null);

    public static CommitOutcome NotNow => new(CommitResult.NotNow, null, null);

    public static CommitOutcome MustRewind(string reason, Exception? error) => new(CommitResult.MustRewind, reason, error);
}
