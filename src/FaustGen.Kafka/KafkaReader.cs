using Confluent.Kafka;
using FaustGen.Transport;
using KafkaTopicPartition = Confluent.Kafka.TopicPartition;
using KafkaTopicPartitionOffset = Confluent.Kafka.TopicPartitionOffset;

namespace FaustGen.Kafka;

/// <summary>Reads partitions assigned by hand (changelogs, standbys, the cluster map), outside any group.</summary>
/// <param name="config">The reader's settings.</param>
/// <param name="logEnd">For a reader of committed messages, whose own watermark query answers the last stable offset:
/// how to learn the end of a partition's log (records of open transactions included).</param>
/// <param name="closeTimeout">How long disposing the reader may wait.</param>
/// <param name="log">Where librdkafka's log goes.</param>
internal sealed class KafkaReader(ConsumerConfig config, Func<KafkaTopicPartition, long>? logEnd, TimeSpan closeTimeout, KafkaLog log) : ITransportReader
{
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(10);

    private readonly IConsumer<byte[]?, byte[]?> consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
        .SetKeyDeserializer(Deserializers.ByteArray)
        .SetValueDeserializer(Deserializers.ByteArray)
        .SetLogHandler((_, message) => log.OnLog(message))
        .SetErrorHandler((_, error) => log.OnError(error))
        .Build();

    public void Assign(IReadOnlyCollection<FaustGen.TopicPartitionOffset> partitions) =>
        consumer.IncrementalAssign(partitions.Select(p => new KafkaTopicPartitionOffset(p.Topic, p.Partition, p.Offset)));

    public void Unassign(IReadOnlyCollection<FaustGen.TopicPartition> partitions) =>
        consumer.IncrementalUnassign(partitions.Select(p => new KafkaTopicPartition(p.Topic, p.Partition)));

    public int Read(Span<ConsumedRecord> buffer, TimeSpan timeout) => RecordFetcher.Fill(consumer, buffer, timeout, log);

    public (long Low, long High) GetWatermarks(FaustGen.TopicPartition partition)
    {
        var tp = new KafkaTopicPartition(partition.Topic, partition.Partition);
        var marks = consumer.QueryWatermarkOffsets(tp, WatermarkTimeout);
        return (marks.Low.Value, logEnd is null ? marks.High.Value : logEnd(tp));
    }

    /// <summary>librdkafka's position moves past transaction markers and aborted records, which are never handed over.</summary>
    public long GetPosition(FaustGen.TopicPartition partition) => consumer.Position(new KafkaTopicPartition(partition.Topic, partition.Partition)).Value;

    /// <summary>Destroys the consumer without closing it (a reader never joins its group, and a close would wait for
    /// a coordinator that may be out of reach, for good), waiting for that at most the close timeout.</summary>
    public void Dispose() => TimeBound.Dispose(consumer, "reader", closeTimeout, log.Logger);
}
