using System.Collections.Concurrent;
using FaustGen.Transport;
using FaustGen.Transport.Memory;

namespace FaustGen.Tests;

/// <summary>
/// The memory transport with faults a test switches on: group members that refuse to subscribe or fail to poll,
/// transactions that fail to commit and renew only when allowed to, sends held undelivered until released (delivered
/// or lost), and readers that run a hook before each call (to block, or throw).
/// </summary>
internal sealed class FaultyTransportFactory : ITransportFactory
{
    private int renewals;

    public bool FailSubscribe { get; init; }

    public bool Renewable { get; init; }

    public volatile bool FailPolls;

    public volatile bool FailCommits;

    /// <summary>Which topics' fire-and-forget sends are held back (null: none).</summary>
    public volatile Func<string, bool>? Hold;

    /// <summary>Called before each call of a reader (its client id, the method's name): a test blocks or throws in it.</summary>
    public Action<string, string>? BeforeRead { get; set; }

    public string Scheme => "faulty";

    public int Renewals => Volatile.Read(ref renewals);

    internal ConcurrentQueue<(OutgoingMessage Message, Action<RecordMetadata, Exception?>? OnDelivery, ITransportProducer Inner)> Held { get; } = new();

    public ITransport Create(TransportContext context) => new FaultyTransport(MemoryTransportFactory.Instance.Create(context), this);

    /// <summary>Delivers the held sends, or fails each as a message that timed out.</summary>
    public void Release(bool lose)
    {
        while (Held.TryDequeue(out var held))
        {
            if (lose)
            {
                held.OnDelivery?.Invoke(default, new DeliveryException(held.Message.Topic, "Local: Message timed out (Local_MsgTimedOut)"));
            }
            else
            {
                held.Inner.Send(held.Message, held.OnDelivery);
            }
        }
    }

    internal bool Renew()
    {
        if (!Renewable)
        {
            return false;
        }

        Interlocked.Increment(ref renewals);
        return true;
    }

    private sealed class FaultyTransport(ITransport inner, FaultyTransportFactory factory) : ITransport, ITransactions, ITransportProducer
    {
        public ValueTask ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

        public ITransportProducer Producer => this;

        public ITransactions? Transactions => inner.Transactions is null ? null : this;

        public ITransportConsumer CreateConsumer(ConsumerSettings settings, IRebalanceListener listener) =>
            new FaultyConsumer(inner.CreateConsumer(settings, listener), factory);

        public ITransportReader CreateReader(string clientId) => new FaultyReader(inner.CreateReader(clientId), clientId, factory);

        public ValueTask<int?> GetPartitionCountAsync(string topic, CancellationToken cancellationToken) => inner.GetPartitionCountAsync(topic, cancellationToken);

        public ValueTask EnsureTopicAsync(TopicSpec topic, CancellationToken cancellationToken) => inner.EnsureTopicAsync(topic, cancellationToken);

        public void Commit(ITransportConsumer member, IReadOnlyCollection<TopicPartitionOffset> offsets, TimeSpan timeout)
        {
            if (factory.FailCommits)
            {
                throw new InvalidOperationException("The transaction cannot be committed.");
            }

            inner.Transactions!.Commit(((FaultyConsumer)member).Inner, offsets, timeout);
        }

        public bool Renew(Exception? error) => factory.Renew();

        public ValueTask<RecordMetadata> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) => inner.Producer.SendAsync(message, cancellationToken);

        public void Send(OutgoingMessage message, Action<RecordMetadata, Exception?>? onDelivery)
        {
            if (factory.Hold?.Invoke(message.Topic) == true)
            {
                factory.Held.Enqueue((message, onDelivery, inner.Producer));
                return;
            }

            inner.Producer.Send(message, onDelivery);
        }

        public bool Flush(TimeSpan timeout) => inner.Producer.Flush(timeout) && factory.Held.IsEmpty;

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class FaultyConsumer(ITransportConsumer inner, FaultyTransportFactory factory) : ITransportConsumer
    {
        public ITransportConsumer Inner => inner;

        public void Subscribe(IReadOnlyCollection<string> topics)
        {
            if (factory.FailSubscribe)
            {
                throw new InvalidOperationException("subscribe refused");
            }

            inner.Subscribe(topics);
        }

        public int Poll(Span<ConsumedRecord> buffer, TimeSpan timeout) =>
            factory.FailPolls ? throw new InvalidOperationException("The connection broke in a way the client cannot recover from.") : inner.Poll(buffer, timeout);

        public void Wake() => inner.Wake();

        public void Pause(IReadOnlyCollection<TopicPartition> partitions) => inner.Pause(partitions);

        public void Resume(IReadOnlyCollection<TopicPartition> partitions) => inner.Resume(partitions);

        public void Commit(IReadOnlyCollection<TopicPartitionOffset> offsets, TimeSpan timeout) => inner.Commit(offsets, timeout);

        public long GetPosition(TopicPartition partition) => inner.GetPosition(partition);

        public long? GetLag(TopicPartition partition) => inner.GetLag(partition);

        public void Close(TimeSpan timeout) => inner.Close(timeout);

        public void Dispose() => inner.Dispose();
    }

    private sealed class FaultyReader(ITransportReader inner, string clientId, FaultyTransportFactory factory) : ITransportReader
    {
        public void Assign(IReadOnlyCollection<TopicPartitionOffset> partitions) => inner.Assign(partitions);

        public void Unassign(IReadOnlyCollection<TopicPartition> partitions) => inner.Unassign(partitions);

        public int Read(Span<ConsumedRecord> buffer, TimeSpan timeout)
        {
            factory.BeforeRead?.Invoke(clientId, nameof(Read));
            return inner.Read(buffer, timeout);
        }

        public (long Low, long High) GetWatermarks(TopicPartition partition)
        {
            factory.BeforeRead?.Invoke(clientId, nameof(GetWatermarks));
            return inner.GetWatermarks(partition);
        }

        public long GetPosition(TopicPartition partition) => inner.GetPosition(partition);

        public void Dispose() => inner.Dispose();
    }
}
