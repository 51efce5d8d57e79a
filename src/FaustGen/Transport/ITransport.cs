namespace FaustGen.Transport;

/// <summary>
/// A message broker as FaustGen uses it: consumer-group members, one producer per app, and topic
/// administration. <c>memory://</c> is built in; <c>kafka://</c> and <c>embedded://</c> come with FaustGen.Kafka.
/// </summary>
public interface ITransport : IAsyncDisposable
{
    /// <summary>The producer the app sends through.</summary>
    ITransportProducer Producer { get; }

    /// <summary>Creates this worker's member of the consumer group <see cref="ConsumerSettings.GroupId"/>.
    /// Rebalance events reach <paramref name="listener"/> on the thread that calls
    /// <see cref="ITransportConsumer.Poll"/>, during that call.</summary>
    ITransportConsumer CreateConsumer(ConsumerSettings settings, IRebalanceListener listener);

    /// <summary>Creates a reader of partitions it is given, outside any consumer group: it replays changelogs,
    /// tails standby partitions and reads the app's internal state topics.</summary>
    ITransportReader CreateReader(string clientId);

    /// <summary>The partition count of <paramref name="topic"/>, or null when the topic does not exist.</summary>
    ValueTask<int?> GetPartitionCountAsync(string topic, CancellationToken cancellationToken);

    /// <summary>
    /// Creates <paramref name="topic"/> when it is missing. A topic that exists with another partition
    /// count is an error that names the topic, both counts and how to fix it.
    /// </summary>
    /// <exception cref="FaustConfigurationException">The topic exists with a different partition count.</exception>
    ValueTask EnsureTopicAsync(TopicSpec topic, CancellationToken cancellationToken);
}

/// <summary>Makes the transport for the broker URLs of one scheme.</summary>
public interface ITransportFactory
{
    /// <summary>The URL scheme, for example <c>kafka</c>.</summary>
    string Scheme { get; }

    /// <summary>Creates a transport for <paramref name="app"/>'s settings (its broker URL has this scheme).</summary>
    ITransport Create(App app);
}

/// <summary>A topic to create: name, partitions, replication and cleanup policy.</summary>
/// <param name="Name">The topic's name.</param>
/// <param name="Partitions">The partition count.</param>
/// <param name="ReplicationFactor">The replication factor.</param>
/// <param name="Compacted">Whether the cleanup policy includes <c>compact</c>.</param>
/// <param name="Deleting">Whether the cleanup policy includes <c>delete</c> (alone, or with compaction).</param>
/// <param name="Retention">Retention, or null for the broker's default.</param>
public readonly record struct TopicSpec(string Name, int Partitions, int ReplicationFactor, bool Compacted, bool Deleting, TimeSpan? Retention);

/// <summary>What a consumer-group member is configured with.</summary>
public sealed record ConsumerSettings
{
    /// <summary>The consumer group: the app id.</summary>
    public required string GroupId { get; init; }

    /// <summary>The client id.</summary>
    public required string ClientId { get; init; }

    /// <summary>Where to start in a partition that has no committed offset: true for the earliest message (Faust's default).</summary>
    public bool StartFromEarliest { get; init; } = true;
}

/// <summary>Receives partition assignments and revocations of a consumer-group member.</summary>
public interface IRebalanceListener
{
    /// <summary>The member now owns <paramref name="partitions"/> (added to what it owned).</summary>
    void OnPartitionsAssigned(IReadOnlyList<TopicPartition> partitions);

    /// <summary>
    /// The member is giving up <paramref name="partitions"/>. The listener stops dispatch, lets events in flight
    /// finish (within the app's shutdown timeout) and commits what was acknowledged before returning.
    /// </summary>
    void OnPartitionsRevoked(IReadOnlyList<TopicPartition> partitions);

    /// <summary>The member lost <paramref name="partitions"/> without a chance to commit (for example it was
    /// evicted from the group). The listener drops them without committing.</summary>
    void OnPartitionsLost(IReadOnlyList<TopicPartition> partitions);
}

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

    /// <summary>Commits <paramref name="offsets"/> (each the offset of the next message to read) and waits for the broker.</summary>
    void Commit(IReadOnlyCollection<TopicPartitionOffset> offsets);

    /// <summary>Leaves the group after the app's final commit.</summary>
    void Close();

    /// <summary>
    /// How many records of <paramref name="partition"/> this member has not yet handed to the app: the high
    /// watermark minus the member's position, as last learned from the broker; null when either is not known yet
    /// (or the transport cannot tell). Called from any thread: the monitor reads it when metrics are collected.
    /// </summary>
    long? GetLag(TopicPartition partition) => null;
}

/// <summary>Reads partitions assigned by hand, with no group and no commits. Used from one thread at a time.</summary>
public interface ITransportReader : IDisposable
{
    /// <summary>Starts reading each of <paramref name="partitions"/> at its offset (added to what is read already).</summary>
    void Assign(IReadOnlyCollection<TopicPartitionOffset> partitions);

    /// <summary>Stops reading <paramref name="partitions"/>.</summary>
    void Unassign(IReadOnlyCollection<TopicPartition> partitions);

    /// <summary>Fills <paramref name="buffer"/> with the next records of the assigned partitions, waiting at most
    /// <paramref name="timeout"/> for the first; returns how many it wrote.</summary>
    int Read(Span<ConsumedRecord> buffer, TimeSpan timeout);

    /// <summary>The offset of the oldest record kept in <paramref name="partition"/> and the offset the next
    /// record will get (the low and high watermarks). The high watermark is the end of the log also for a reader of
    /// committed messages, which cannot read past the last stable offset: records of transactions still open count,
    /// so that a reader that must reach the end waits until they are committed or aborted.</summary>
    (long Low, long High) GetWatermarks(TopicPartition partition);

    /// <summary>Where the reader is in <paramref name="partition"/>: the offset after what it has read, including
    /// records it does not hand over (transaction markers, aborted records); -1 when it cannot tell. It can be past the
    /// last record read, up to the high watermark.</summary>
    long GetPosition(TopicPartition partition) => -1;
}

/// <summary>Sends encoded messages. Safe to call from any thread.</summary>
public interface ITransportProducer
{
    /// <summary>Sends <paramref name="message"/> and completes when the broker has it.</summary>
    /// <exception cref="DeliveryException">The broker did not take the message.</exception>
    ValueTask<RecordMetadata> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Queues <paramref name="message"/> without waiting; <paramref name="onDelivery"/>, when given, learns the
    /// outcome. A later <see cref="Flush"/> waits for it.
    /// </summary>
    void Send(OutgoingMessage message, Action<RecordMetadata, Exception?>? onDelivery);

    /// <summary>Waits until every queued message has been delivered or has failed, or <paramref name="timeout"/> passes.</summary>
    void Flush(TimeSpan timeout);

    /// <summary>
    /// Exactly-once, after the open transaction could not be committed (<paramref name="error"/> is what the commit
    /// threw, or null when sends of the transaction were lost): has it aborted and goes on with a new transaction under
    /// the same transactional id, with a new producer if needed; sends wait meanwhile. Returns false,
    /// changing nothing, when the failure does not allow it (the worker then stops); the default does.
    /// </summary>
    /// <param name="error">The commit's failure, or null.</param>
    bool RenewTransaction(Exception? error) => false;
}
