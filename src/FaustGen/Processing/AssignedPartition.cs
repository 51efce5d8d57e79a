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

    public TopicPartition TopicPartition { get; } = topicPartition;

    public PartitionTracker Tracker { get; } = new();

    /// <summary>Whether the consumer is paused on this partition (poll thread only).</summary>
    public bool Paused { get; set; }

    /// <summary>The rebuilding of the tables of this partition's number; until it completes, agents get nothing
    /// of it (poll thread only).</summary>
    public PartitionRecovery? Recovery { get; set; }

    /// <summary>Whether the consumer is paused on this partition for its tables' recovery (poll thread only).</summary>
    public bool RecoveryPaused { get; set; }

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
