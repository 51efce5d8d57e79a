namespace FaustGen.Transport;

/// <summary>
/// A message broker as FaustGen uses it: consumer-group members, one producer per app, its transactions under
/// exactly-once, and topic administration. <c>memory://</c> is built in; <c>kafka://</c> and <c>embedded://</c> come
/// with FaustGen.Kafka.
/// </summary>
public interface ITransport : IAsyncDisposable
{
    /// <summary>
    /// Connects to the broker: called once, before anything else of the transport is used (its producer included).
    /// A transport whose broker does not answer within <see cref="AppSettings.BrokerConnectTimeout"/> throws, so that a
    /// start fails once and clearly instead of every client retrying on its own.
    /// </summary>
    /// <exception cref="BrokerUnreachableException">The broker did not answer in time.</exception>
    ValueTask ConnectAsync(CancellationToken cancellationToken);

    /// <summary>The producer the app sends through.</summary>
    ITransportProducer Producer { get; }

    /// <summary>The producer's transactions when the app processes exactly once
    /// (<see cref="ProcessingGuarantee.ExactlyOnce"/>); null otherwise, or when the transport has none (the app then
    /// refuses to start under exactly-once).</summary>
    ITransactions? Transactions { get; }

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
