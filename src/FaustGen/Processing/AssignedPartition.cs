namespace FaustGen.Processing;

/// <summary>
/// A partition while it is assigned to this worker: its acknowledgement tracker, whether it is paused for
/// back-pressure, and whether it is being revoked.
/// </summary>
internal sealed class AssignedPartition(TopicPartition topicPartition)
{
    private volatile bool revoked;

    public TopicPartition TopicPartition { get; } = topicPartition;

    public PartitionTracker Tracker { get; } = new();

    /// <summary>Whether the consumer is paused on this partition (poll thread only).</summary>
    public bool Paused { get; set; }

    /// <summary>Offset last committed for this partition (poll thread only).</summary>
    public long LastCommitted { get; set; } = -1;

    /// <summary>Set when the partition is being taken away: agents stop starting its events.</summary>
    public bool Revoked => revoked;

    public void Revoke()
    {
        revoked = true;
    }
}
