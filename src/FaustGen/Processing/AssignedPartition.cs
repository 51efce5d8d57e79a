using FaustGen.Tables;
using FaustGen.Transport;

namespace FaustGen.Processing;

/// <summary>
/// A partition while it is assigned to this worker: its acknowledgement tracker, whether it is paused for
/// back-pressure or held back while its tables are rebuilt, and whether it is being revoked.
/// </summary>
internal sealed class AssignedPartition(TopicPartition topicPartition)
{
    private volatile bool revoked;
    private List<ConsumedRecord>? held;
    private CancellationTokenSource? released;
    private int waiting;

    public TopicPartition TopicPartition { get; } = topicPartition;

    public PartitionTracker Tracker { get; } = new();

    /// <summary>Whether the consumer is paused on this partition (poll thread only).</summary>
    public bool Paused { get; set; }

    /// <summary>The rebuilding of the tables of this partition's number; until it completes, agents get nothing
    /// of it (poll thread only).</summary>
    public PartitionRecovery? Recovery { get; set; }

    /// <summary>Whether the consumer is paused on this partition for its tables' recovery (poll thread only).</summary>
    public bool RecoveryPaused { get; set; }

    /// <summary>How many agents hold the partition back for a retry (poll thread only); while any does, it stays paused.</summary>
    public int RetryHolds { get; set; }

    /// <summary>Events of this partition that agents hold back (parked behind a retried event, or waiting for their next
    /// attempt or to be due), which no actor has in hand: they have had no effect since their last attempt, so an
    /// exactly-once commit need not wait for them.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Cancelled when the partition is revoked (waits for retries end then).</summary>
    public CancellationToken Released
    {
        get
        {
            if (released is null)
            {
                var created = new CancellationTokenSource();
                if (Interlocked.CompareExchange(ref released, created, null) is not null)
                {
                    created.Dispose();
                }
                else if (revoked)
                {
                    created.Cancel();
                }
            }

            return released!.Token;
        }
    }

    /// <summary>Offset last committed for this partition (poll thread only).</summary>
    public long LastCommitted { get; set; } = -1;

    /// <summary>Set when the partition is being taken away: agents stop starting its events.</summary>
    public bool Revoked => revoked;

    /// <summary>Marks the partition revoked, with a full fence: whoever then looks for cursors in flight on it sees
    /// every cursor that entered it before seeing the mark (see <see cref="InboxCursor.TryMoveNext"/>).</summary>
    public void Revoke()
    {
        revoked = true;
        Interlocked.MemoryBarrier();
        Volatile.Read(ref released)?.Cancel();
    }

    /// <summary>Counts <paramref name="count"/> more events held back (fewer when negative).</summary>
    public void AddWaiting(int count) => Interlocked.Add(ref waiting, count);

    /// <summary>An actor takes a held-back event, unless an exactly-once commit is being made: the count drops first, then
    /// the commit flag is read, while the commit sets its flag first, then reads the count (each with a full fence), so
    /// either the commit waits for the event or the actor leaves it for after the commit.</summary>
    public bool TakeWaiting(App app)
    {
        Interlocked.Decrement(ref waiting);
        if (app.IsCommitting)
        {
            Interlocked.Increment(ref waiting);
            return false;
        }

        return true;
    }

    /// <summary>Whether records fetched while the tables are rebuilt wait here (poll thread only).</summary>
    public bool HoldsRecords => held is { Count: > 0 };

    /// <summary>Keeps records fetched while the tables are being rebuilt (poll thread only).</summary>
    public void Hold(ReadOnlySpan<ConsumedRecord> records) => (held ??= []).AddRange(records);

    /// <summary>The records kept while the tables were rebuilt, in order (poll thread only).</summary>
    public List<ConsumedRecord>? TakeHeld()
    {
        var records = held;
        held = null;
        return records;
    }
}
