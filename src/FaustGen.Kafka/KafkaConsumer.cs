using Confluent.Kafka;
using FaustGen.Transport;
using KafkaTopicPartition = Confluent.Kafka.TopicPartition;
using KafkaTopicPartitionOffset = Confluent.Kafka.TopicPartitionOffset;

namespace FaustGen.Kafka;

/// <summary>
/// A member of the app's consumer group. Rebalance callbacks run inside <see cref="Poll"/>, on the poll thread:
/// with the eager (range) protocol a rebalance revokes everything and assigns the new set; with cooperative-sticky
/// only the partitions that move are revoked and assigned. The listener commits acknowledged offsets inside the
/// revocation callback, while the partitions are still this member's (confluent-kafka-dotnet #2206).
/// </summary>
internal sealed class KafkaConsumer : ITransportConsumer
{
    // How long a Poll may take to notice Wake.
    private const long WakeSliceMs = 20;

    private readonly IConsumer<byte[]?, byte[]?> consumer;
    private readonly KafkaTransport transport;
    private readonly KafkaLog log;
    private int woken;
    private volatile bool closing;
    private bool abandoned;

    public KafkaConsumer(KafkaTransport transport, ConsumerConfig config, IRebalanceListener listener, KafkaLog log)
    {
        this.transport = transport;
        this.log = log;
        consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetKeyDeserializer(Deserializers.ByteArray)
            .SetValueDeserializer(Deserializers.ByteArray)
            .SetLogHandler((_, message) => log.OnLog(message))
            .SetErrorHandler((_, error) => log.OnError(error))
            .SetPartitionsAssignedHandler((_, partitions) => listener.OnPartitionsAssigned(ToFaust(partitions)))
            .SetPartitionsRevokedHandler((_, partitions) =>
            {
                if (!closing)
                {
                    listener.OnPartitionsRevoked(ToFaust(partitions));
                }
            })
            .SetPartitionsLostHandler((_, partitions) =>
            {
                if (!closing)
                {
                    listener.OnPartitionsLost(ToFaust(partitions));
                }
            })
            .Build();
    }

    public void Subscribe(IReadOnlyCollection<string> topics)
    {
        transport.PrepareSubscription(topics);
        if (topics.Count == 0)
        {
            consumer.Unsubscribe();
        }
        else
        {
            consumer.Subscribe(topics);
        }
    }

    public int Poll(Span<ConsumedRecord> buffer, TimeSpan timeout)
    {
        // Confluent.Kafka cannot interrupt a Consume in progress, so a long wait is taken in short slices.
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var left = Math.Max(0, deadline - Environment.TickCount64);
            if (Interlocked.Exchange(ref woken, 0) == 1)
            {
                left = 0;
            }

            var slice = Math.Min(left, WakeSliceMs);
            var count = RecordFetcher.Fill(consumer, buffer, TimeSpan.FromMilliseconds(slice), log);
            if (count > 0 || slice == left)
            {
                return count;
            }
        }
    }

    public void Wake() => Volatile.Write(ref woken, 1);

    public void Pause(IReadOnlyCollection<FaustGen.TopicPartition> partitions) => consumer.Pause(ToKafka(partitions));

    public void Resume(IReadOnlyCollection<FaustGen.TopicPartition> partitions) => consumer.Resume(ToKafka(partitions));

    /// <summary>The member's group generation, which a transaction's offsets are sent with (exactly-once).</summary>
    public IConsumerGroupMetadata GroupMetadata => consumer.ConsumerGroupMetadata;

    public void Commit(IReadOnlyCollection<FaustGen.TopicPartitionOffset> offsets, TimeSpan timeout)
    {
        var kafkaOffsets = offsets.Select(o => new KafkaTopicPartitionOffset(o.Topic, o.Partition, o.Offset)).ToList();
        if (!TimeBound.Run(() => consumer.Commit(kafkaOffsets), timeout, error => KafkaLog.LateFailure(log.Logger, error, "offset commit", error.Message)))
        {
            throw new KafkaException(new Error(ErrorCode.Local_TimedOut,
                $"the offset commit did not complete within {timeout.TotalSeconds} s (is the group coordinator reachable?)"));
        }
    }

    /// <summary>librdkafka moves its position past transaction markers and aborted records, which it never hands over.</summary>
    public long GetPosition(FaustGen.TopicPartition partition)
    {
        try
        {
            return consumer.Position(new KafkaTopicPartition(partition.Topic, partition.Partition)).Value;
        }
        catch (KafkaException)
        {
            return -1;
        }
    }

    /// <summary>librdkafka keeps the high watermark from its last fetch and the position of the next record to hand
    /// over; both are read under its own locks, so this is safe beside a Consume on the poll thread.</summary>
    public long? GetLag(FaustGen.TopicPartition partition)
    {
        if (closing)
        {
            // A close can block librdkafka's calls on this handle for as long as it takes (forever when the group
            // coordinator is out of reach): the monitor, which asks from its own thread, must not wait with it.
            return null;
        }

        var tp = new KafkaTopicPartition(partition.Topic, partition.Partition);
        var high = consumer.GetWatermarkOffsets(tp).High;
        var position = consumer.Position(tp);
        return high == Offset.Unset || position == Offset.Unset ? null : Math.Max(0, high.Value - position.Value);
    }

    /// <summary>Leaves the group now (LeaveGroup), so the others take over without waiting for a session timeout.
    /// The app has released and committed everything before, so the revocation librdkafka makes while closing
    /// is not passed on (it would wait for events in flight a second time). A close that cannot reach the group
    /// coordinator never returns: after <paramref name="timeout"/> the member is left to its session timeout.</summary>
    public void Close(TimeSpan timeout)
    {
        closing = true;
        if (!TimeBound.Run(consumer.Close, timeout, error => KafkaLog.LateFailure(log.Logger, error, "consumer close", error.Message)))
        {
            // Still closing on its own thread, which disposes it when done: disposing it here would pull the handle from under it.
            abandoned = true;
            KafkaLog.CloseAbandoned(log.Logger, timeout.TotalSeconds);
        }
    }

    public void Dispose()
    {
        if (!abandoned)
        {
            TimeBound.Dispose(consumer, "group member", transport.CloseTimeout, log.Logger);
        }
    }

    private static List<KafkaTopicPartition> ToKafka(IReadOnlyCollection<FaustGen.TopicPartition> partitions) =>
        [.. partitions.Select(p => new KafkaTopicPartition(p.Topic, p.Partition))];

    private static FaustGen.TopicPartition[] ToFaust(List<KafkaTopicPartition> partitions) =>
        [.. partitions.Select(p => new FaustGen.TopicPartition(p.Topic, p.Partition.Value))];

    private static FaustGen.TopicPartition[] ToFaust(List<KafkaTopicPartitionOffset> partitions) =>
        [.. partitions.Select(p => new FaustGen.TopicPartition(p.Topic, p.Partition.Value))];
}
