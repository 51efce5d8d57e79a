using System.Collections.Concurrent;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen.Processing;

/// <summary>
/// The partitions this worker holds, each with its acknowledgement tracker, and the two waits a partition's departure
/// may need: until no agent is in one of its events, and until every event delivered of it is acknowledged.
/// Changed on the poll thread; read from any thread.
/// </summary>
internal sealed partial class Assignment(App app)
{
    private readonly ConcurrentDictionary<TopicPartition, AssignedPartition> held = new();
    private volatile int committing;

    /// <summary>The partitions held now.</summary>
    public IReadOnlyCollection<TopicPartition> Partitions => [.. held.Keys];

    /// <summary>The state of every partition held now.</summary>
    public List<AssignedPartition> All => [.. held.Values];

    /// <summary>Starts holding <paramref name="partition"/>.</summary>
    public AssignedPartition Add(TopicPartition partition) => held[partition] = new AssignedPartition(partition);

    /// <summary>The state of <paramref name="partition"/> while it is held.</summary>
    public bool TryGet(TopicPartition partition, out AssignedPartition state) => held.TryGetValue(partition, out state!);

    /// <summary>The states of those of <paramref name="partitions"/> that are held.</summary>
    public List<AssignedPartition> Of(IReadOnlyCollection<TopicPartition> partitions) =>
        [.. partitions.Select(p => held.GetValueOrDefault(p)).OfType<AssignedPartition>()];

    /// <summary>Marks <paramref name="states"/> revoked: agents start none of their events from now on (those queued are
    /// skipped and never acknowledged).</summary>
    public static void Release(List<AssignedPartition> states)
    {
        foreach (var state in states)
        {
            state.Revoke();
        }
    }

    /// <summary>Stops holding <paramref name="states"/>: later acknowledgements change nothing.</summary>
    public void Remove(List<AssignedPartition> states)
    {
        foreach (var state in states)
        {
            state.Tracker.Close();
            held.TryRemove(state.TopicPartition, out _);
        }
    }

    /// <summary>Waits (at most the shutdown timeout) until no agent processes an event of <paramref name="states"/>;
    /// returns whether none does.</summary>
    public bool WaitForInFlight(List<AssignedPartition> states)
    {
        var cursors = app.Cursors;
        if (SpinWait.SpinUntil(() => cursors.TrueForAll(c => c.InFlight is not { } p || !states.Contains(p)), app.Settings.ShutdownTimeout))
        {
            return true;
        }

        LogInFlightAbandoned(app.Logger, app.Settings.Id, app.Settings.ShutdownTimeout.TotalSeconds);
        return false;
    }

    /// <summary>Whether an exactly-once commit is being made: agents then start no event they held back (see
    /// <see cref="AssignedPartition.TakeWaiting"/>).</summary>
    public bool Committing => committing != 0;

    /// <summary>
    /// Waits (at most the shutdown timeout) until every event delivered of every held partition is acknowledged by every
    /// agent that got it, or held back by an agent that retries (those have done nothing since their last attempt, and none
    /// starts until <see cref="EndCommit"/>); returns whether all are. The poll loop, which waits, delivers nothing meanwhile.
    /// </summary>
    public bool Drain()
    {
        Interlocked.Exchange(ref committing, 1);
        var states = All;
        if (SpinWait.SpinUntil(() => states.TrueForAll(s => s.Tracker.Outstanding - s.Waiting <= 0), app.Settings.ShutdownTimeout))
        {
            return true;
        }

        LogNotDrained(app.Logger, app.Settings.Id, app.Settings.ShutdownTimeout.TotalSeconds);
        return false;
    }

    /// <summary>The commit that <see cref="Drain"/> prepared is made (or given up): held-back events may start again.</summary>
    public void EndCommit()
    {
        if (Interlocked.Exchange(ref committing, 0) != 0)
        {
            app.WakeHeld();
        }
    }

    /// <summary>Whether the event at <paramref name="offset"/> of <paramref name="partition"/> has been processed by every
    /// agent that received it (the committable offset is past it).</summary>
    public bool IsProcessed(TopicPartition partition, long offset) =>
        held.TryGetValue(partition, out var state) && state.Tracker.Committable > offset;

    /// <summary>Events of <paramref name="partition"/> not yet acknowledged by every agent that got them.</summary>
    public int Outstanding(TopicPartition partition) => held.TryGetValue(partition, out var state) ? state.Tracker.Outstanding : 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App}: events in flight did not finish within {Seconds} s of a revocation or stop; they are not committed and will be processed again")]
    private static partial void LogInFlightAbandoned(ILogger logger, string app, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App}: events delivered did not all finish within {Seconds} s, so the transaction is not committed now")]
    private static partial void LogNotDrained(ILogger logger, string app, double seconds);
}
