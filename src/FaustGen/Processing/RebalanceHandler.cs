using System.Diagnostics;
using System.Globalization;
using FaustGen.Diagnostics;
using FaustGen.Monitoring;
using FaustGen.Processing.Commits;
using FaustGen.Tables;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen.Processing;

/// <summary>
/// The group member's rebalance events, on the poll thread during a poll. A new assignment starts rebuilding its tables
/// and holds the partitions back until they are; a revocation lets what the partitions' events did settle and commits
/// it before they go; a loss gives them up uncommitted.
/// </summary>
internal sealed partial class RebalanceHandler(
    App app, PollLoop loop, Assignment assignment, BackPressure backPressure, RecordRouter router, ICommitStrategy strategy, Committer committer)
    : IRebalanceListener
{
    private long revokedAt;

    /// <summary>Notes when partitions were taken away, so that the next assignment is timed from then.</summary>
    public void OnRevoking() => revokedAt = Stopwatch.GetTimestamp();

    public void OnPartitionsAssigned(IReadOnlyList<TopicPartition> partitions)
    {
        // Tables register their recoveries before the partitions show in the assignment, so that nobody sees a
        // partition assigned and its tables complete before their recovery has even started.
        var recoveries = app.OnPartitionsAssigned(partitions);
        var states = partitions.Select(assignment.Add).ToList();
        app.Metrics.Rebalances.Add(1);
        if (revokedAt != 0)
        {
            app.Metrics.AssignmentDuration.Record(AppMetrics.Since(revokedAt));
            revokedAt = 0;
        }

        LogAssigned(app.Logger, app.Settings.Id, partitions.Count, string.Join(", ", partitions));
        app.Hooks.Assigned(partitions);
        HoldForRecovery(states, recoveries);
        app.Cluster.OnAssignmentChanged(assignment.Partitions);
        loop.OnAssigned();
    }

    /// <summary>Exactly-once first waits until every delivered event is done (the transaction must hold all their
    /// effects, or none); then the partitions are released, events in flight finish, and everything held is committed.
    /// Work that cannot be committed is given up before the partitions close (exactly-once: their tables forget it, and the
    /// worker rewinds the partitions it keeps).</summary>
    public void OnPartitionsRevoked(IReadOnlyList<TopicPartition> partitions)
    {
        OnRevoking();
        var revoked = assignment.Of(partitions);
        var prepared = strategy.Prepare();
        Assignment.Release(revoked);
        assignment.WaitForInFlight(revoked);
        var outcome = prepared
            ? committer.Commit(loop.Member, positions: false)
            : committer.Doom("events delivered did not finish before their partitions were revoked", null);
        assignment.EndCommit();
        if (outcome.Result == CommitResult.MustRewind)
        {
            strategy.Abandon(partitions);
            loop.RequestRewind(outcome);
        }

        Close(revoked, partitions);
        app.Hooks.Revoked(partitions);
    }

    /// <summary>Lost without a chance to commit (the member was expelled): the partitions' next owner processes their
    /// events again. Exactly-once gives their uncommitted work up, and the rest of the transaction with it.</summary>
    public void OnPartitionsLost(IReadOnlyList<TopicPartition> partitions)
    {
        OnRevoking();
        LogLost(app.Logger, app.Settings.Id, string.Join(", ", partitions));
        var lost = assignment.Of(partitions);
        Assignment.Release(lost);
        strategy.Abandon(partitions);
        if (strategy.RewindsUncommitted)
        {
            loop.RequestRewind(committer.Doom("partitions were lost", null));
        }

        Close(lost, partitions);
        app.Hooks.Revoked(partitions);
    }

    /// <summary>Forgets <paramref name="states"/> and closes their tables' partitions.</summary>
    public void Close(List<AssignedPartition> states, IReadOnlyList<TopicPartition> partitions)
    {
        assignment.Remove(states);
        app.OnPartitionsRevoked(partitions);
    }

    /// <summary>
    /// Holds back the source partitions whose tables are being rebuilt: they are paused (once the member owns them,
    /// after this callback), records already fetched wait in the partition, and both go on when recovery completes.
    /// </summary>
    private void HoldForRecovery(List<AssignedPartition> states, List<PartitionRecovery> recoveries)
    {
        var held = new List<AssignedPartition>();
        foreach (var recovery in recoveries)
        {
            foreach (var state in states.Where(s => s.TopicPartition.Partition == recovery.Partition))
            {
                state.Recovery = recovery;
                held.Add(state);
            }
        }

        if (held.Count == 0)
        {
            app.Hooks.RecoveryComplete();
            return;
        }

        loop.Enqueue(() => backPressure.HoldForRecovery(held));
        var left = recoveries.Count;
        foreach (var recovery in recoveries)
        {
            var span = Tracing.StartInternal("recover partition " + recovery.Partition.ToString(CultureInfo.InvariantCulture), app.Settings.Id);
            recovery.WhenComplete(done => loop.Enqueue(() =>
            {
                span?.Stop();
                router.EndRecovery(done);
                if (--left == 0)
                {
                    app.Hooks.RecoveryComplete();
                }
            }));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "App {App} was assigned {Count} partitions: {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string app, int count, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App} lost partitions {Partitions} without committing; their events will be processed again")]
    private static partial void LogLost(ILogger logger, string app, string partitions);
}
