namespace FaustGen.Processing;

/// <summary>
/// A partition while it is assigned to this worker: its acknowledgement tracker, whether it is paused for
/// back-pressure, and how many of its events agents are processing right now (revocation waits for those).
/// </summary>
internal sealed class AssignedPartition(TopicPartition topicPartition)
{
    private int inFlight;
    private volatile bool revoked;

    public TopicPartition TopicPartition { get; } = topicPartition;

    public PartitionTracker Tracker { get; } = new();

    /// <summary>Whether the consumer is paused on this partition (poll thread only).</summary>
    public bool Paused { get; set; }

    /// <summary>Offset last committed for this partition (poll thread only).</summary>
    public long LastCommitted { get; set; } = -1;

    /// <summary>Set when the partition is being taken away: agents stop starting its events.</summary>
    public bool Revoked => revoked;

    /// <summary>Events of this partition an agent has started and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    public void Revoke()
    {
        revoked = true;
    }

    public void BeginEvent() => Interlocked.Increment(ref inFlight);

    public void EndEvent() => Interlocked.Decrement(ref inFlight);
}
