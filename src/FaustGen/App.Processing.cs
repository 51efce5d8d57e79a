using FaustGen.Processing;
using FaustGen.Tables;
using FaustGen.Transport;

namespace FaustGen;

/// <summary>What the app's parts that process events (agents, streams, the poll loop, tables) ask of it while it runs.</summary>
public abstract partial class App
{
    private readonly List<InboxCursor> cursors = [];

    /// <summary>Every cursor of every actor: what they are at is in flight.</summary>
    internal List<InboxCursor> Cursors
    {
        get
        {
            lock (cursors)
            {
                return [.. cursors];
            }
        }
    }

    /// <summary>The topics the app consumes (agents' topics and those streams derive into).</summary>
    internal IReadOnlyCollection<string> ConsumedTopics => pollLoop?.Topics ?? [];

    /// <summary>Completes when the worker has received its first assignment.</summary>
    internal Task FirstAssignment => pollLoop?.FirstAssignment ?? Task.CompletedTask;

    /// <summary>The stream an agent's actor reads, after the app's <see cref="CreateStream"/>.</summary>
    internal IAgentStream<TKey, TValue> StreamFor<TKey, TValue>(IAgentStream<TKey, TValue> stream) => CreateStream(stream);

    /// <summary>Whether an exactly-once commit is being made: agents start no event they held back until it is.</summary>
    internal bool IsCommitting => pollLoop?.Committing ?? false;

    /// <summary>Makes a new cursor, known to revocations, over <paramref name="inbox"/>, reading first what
    /// <paramref name="holds"/> hand back.</summary>
    internal InboxCursor NewCursor(Inbox inbox, PartitionHolds? holds)
    {
        var cursor = new InboxCursor(inbox, holds);
        lock (cursors)
        {
            cursors.Add(cursor);
        }

        return cursor;
    }

    /// <summary>Routes the records of <paramref name="topic"/> to <paramref name="subscriber"/>.</summary>
    internal void Subscribe(string topic, ISubscriber subscriber) =>
        (pollLoop ?? throw new InvalidOperationException($"App '{Settings.Id}' has not started.")).Subscribe(topic, subscriber);

    /// <summary>Whether the event at <paramref name="offset"/> of <paramref name="partition"/> was processed by every agent that got it.</summary>
    internal bool IsProcessed(TopicPartition partition, long offset) => pollLoop?.IsProcessed(partition, offset) ?? false;

    /// <summary>Events of <paramref name="partition"/> delivered to agents and not yet acknowledged by all of them.</summary>
    internal int Outstanding(TopicPartition partition) => pollLoop?.Outstanding(partition) ?? 0;

    /// <summary>The worker gets <paramref name="partitions"/>: tables start rebuilding the partition numbers new to it.
    /// Returns those recoveries; the poll loop holds their source partitions back until each completes.</summary>
    internal List<PartitionRecovery> OnPartitionsAssigned(IReadOnlyList<TopicPartition> partitions) => tablePartitions!.OnAssigned(partitions);

    /// <summary>The worker gave up <paramref name="partitions"/>: their tables close, and the cluster map shows it.</summary>
    internal void OnPartitionsRevoked(IReadOnlyList<TopicPartition> partitions)
    {
        tablePartitions!.OnRevoked(partitions);
        Cluster.OnAssignmentChanged(Assignment);
    }

    /// <summary>Exactly-once: the tables of these partitions forget what they changed since the last commit.</summary>
    internal void DiscardTables(IReadOnlyCollection<TopicPartition> partitions) => tablePartitions!.Discard(partitions);

    /// <summary>Offsets were committed after the producer flushed: tables checkpoint how far their changelogs go.</summary>
    internal void OnCommitted() => tablePartitions!.Checkpoint();

    /// <summary>The poll loop stopped on a failure it cannot recover from: the app stops and ends Failed.</summary>
    internal void OnProcessingFailed(Exception cause) => Fail(cause);

    /// <summary>An agent holds <paramref name="partition"/> back for a retry: it is paused until released.</summary>
    internal void HoldPaused(AssignedPartition partition) => pollLoop?.HoldForRetry(partition);

    /// <summary>An agent no longer holds <paramref name="partition"/> back.</summary>
    internal void ResumeHeld(AssignedPartition partition) => pollLoop?.EndRetry(partition);

    /// <summary>An exactly-once commit is done: agents may start the events they held back.</summary>
    internal void WakeHeld()
    {
        foreach (var agent in agents)
        {
            agent.Holds.Wake();
        }
    }

    /// <summary>Agent <paramref name="agent"/> stopped on <paramref name="error"/>: the app fails when
    /// <paramref name="failApp"/>, or unless it was told to keep running without the agent (<see cref="AppSettings.OnAgentStopped"/>).</summary>
    internal void OnAgentStopped(string agent, Exception error, bool failApp)
    {
        if ((failApp || Settings.OnAgentStopped == AgentStoppedAction.FailApp) && State is AppState.Running or AppState.Starting)
        {
            Fail(new InvalidOperationException($"Agent '{agent}' stopped on an error: {error.Message}", error));
        }
    }
}
