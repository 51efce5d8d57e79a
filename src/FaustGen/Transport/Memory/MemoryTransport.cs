namespace FaustGen.Transport.Memory;

/// <summary>
/// The <c>memory://</c> transport: an app's view of a <see cref="MemoryBroker"/>. Its transactions (under exactly-once)
/// only commit offsets: what is sent is visible at once, and an in-process broker has nobody to hide it from, since it
/// dies with every worker on it.
/// </summary>
internal sealed class MemoryTransport(MemoryBroker broker, AppSettings settings) : ITransport, ITransportProducer, ITransactions
{
    /// <summary>The broker is in the process: there is nothing to reach.</summary>
    public ValueTask ConnectAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ITransportProducer Producer => this;

    public ITransactions? Transactions => settings.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnce ? this : null;

    public ITransportConsumer CreateConsumer(ConsumerSettings consumerSettings, IRebalanceListener listener) =>
        new MemoryConsumer(broker, consumerSettings, listener, settings.TopicPartitions);

    public ITransportReader CreateReader(string clientId) => new MemoryReader(broker);

    public ValueTask<int?> GetPartitionCountAsync(string topic, CancellationToken cancellationToken) =>
        new(broker.TryGetPartitionCount(topic, out var count) ? count : null);

    public ValueTask EnsureTopicAsync(TopicSpec topic, CancellationToken cancellationToken)
    {
        var actual = broker.CreateTopic(topic.Name, topic.Partitions);
        if (actual != topic.Partitions)
        {
            throw new FaustConfigurationException(
                $"Topic '{topic.Name}' exists with {actual} partitions but the app needs {topic.Partitions}. " +
                "Delete the topic (it is internal and is rebuilt), or declare the partition count it has.");
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<RecordMetadata> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(broker.Append(message, settings.TopicPartitions));
    }

    public void Send(OutgoingMessage message, Action<RecordMetadata, Exception?>? onDelivery)
    {
        RecordMetadata metadata;
        try
        {
            metadata = broker.Append(message, settings.TopicPartitions);
        }
        catch (Exception ex) when (onDelivery is not null)
        {
            onDelivery(default, ex);
            return;
        }

        onDelivery?.Invoke(metadata, null);
    }

    /// <summary>Appends are synchronous: nothing is ever queued.</summary>
    public bool Flush(TimeSpan timeout) => true;

    public void Commit(ITransportConsumer member, IReadOnlyCollection<TopicPartitionOffset> offsets, TimeSpan timeout) => member.Commit(offsets, timeout);

    public bool Renew(Exception? error) => true;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Makes <c>memory://[name]</c> transports.</summary>
internal sealed class MemoryTransportFactory : ITransportFactory
{
    public static readonly MemoryTransportFactory Instance = new();

    public string Scheme => "memory";

    public ITransport Create(TransportContext context)
    {
        Validation.Urls.TrySplit(context.Settings.Broker, out _, out var name);
        return new MemoryTransport(name.Length == 0 ? MemoryBroker.Default : MemoryBroker.Get(name), context.Settings);
    }
}
