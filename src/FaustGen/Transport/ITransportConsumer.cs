namespace FaustGen.Transport;

/// <summary>A consumer-group member. Every method is called from one thread, the app's poll loop.</summary>
public interface ITransportConsumer : IDisposable
{
    /// <summary>Subscribes to <paramref name="topics"/>, replacing the previous subscription.</summary>
    void Subscribe(IReadOnlyCollection<string> topics);

    /// <summary>
    /// Fills <paramref name="buffer"/> with the next records, waiting at most <paramref name="timeout"/> for the
    /// first; returns how many it wrote. Rebalance events are delivered to the listener during this call.
    /// </summary>
    int Poll(Span<ConsumedRecord> buffer, TimeSpan timeout);

    /// <summary>
    /// Makes a <see cref="Poll"/> in progress, or else the next one, return as soon as it can, even with no
    /// records. Called from any thread: the app wakes its poll loop when a paused partition has drained.
    /// </summary>
    void Wake();

    /// <summary>Stops fetching from <paramref name="partitions"/> (back-pressure) without leaving the group.</summary>
    void Pause(IReadOnlyCollection<TopicPartition> partitions);

    /// <summary>Resumes fetching from <paramref name="partitions"/>.</summary>
    void Resume(IReadOnlyCollection<TopicPartition> partitions);

    /// <summary>Commits <paramref name="offsets"/> (each the offset of the next message to read) outside any transaction
    /// and waits for the broker, at most <paramref name="timeout"/>; throws when they were not committed in that time.</summary>
    void Commit(IReadOnlyCollection<TopicPartitionOffset> offsets, TimeSpan timeout);

    /// <summary>Leaves the group after the app's final commit, waiting at most <paramref name="timeout"/> for it (a member
    /// that cannot reach its group is left to time out there).</summary>
    void Close(TimeSpan timeout);

    /// <summary>Where this member is in <paramref name="partition"/>: the offset after the last record it handed over,
    /// and past the transaction markers and aborted records that follow it; -1 when it cannot tell. Poll thread only.</summary>
    long GetPosition(TopicPartition partition);

    /// <summary>
    /// How many records of <paramref name="partition"/> this member has not yet handed to the app: the high
    /// watermark minus the member's position, as last learned from the broker; null when either is not known yet
    /// (or the transport cannot tell). Called from any thread: the monitor reads it when metrics are collected.
    /// </summary>
    long? GetLag(TopicPartition partition);
}
