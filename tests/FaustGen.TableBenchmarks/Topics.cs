using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using FaustGen.Throughput;

namespace FaustGen.TableBenchmarks;

using TopicPartition = Confluent.Kafka.TopicPartition;
using TopicPartitionOffset = Confluent.Kafka.TopicPartitionOffset;

/// <summary>Writing, watching and reading whole topics from outside the pipelines.</summary>
internal static class Topics
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Writes <paramref name="count"/> records and checks that the topic holds exactly them: the embedded broker keeps
    /// about 5 MiB per partition and drops the oldest data beyond, which would make a run count or recover less.
    /// </summary>
    public static void Produce(string bootstrapServers, string topic, int partitions, int count, Func<int, (byte[] Key, byte[] Value)> record, Func<int, int>? partition = null)
    {
        using (var producer = new ProducerBuilder<byte[], byte[]>(Tuning.ProducerConfig(bootstrapServers)).Build())
        {
            for (var i = 0; i < count; i++)
            {
                var (key, value) = record(i);
                var message = new Message<byte[], byte[]> { Key = key, Value = value };
                while (true)
                {
                    try
                    {
                        if (partition is null)
                        {
                            producer.Produce(topic, message);
                        }
                        else
                        {
                            producer.Produce(new TopicPartition(topic, partition(i)), message);
                        }

                        break;
                    }
                    catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(10));
                    }
                }
            }

            if (producer.Flush(TimeSpan.FromMinutes(2)) != 0)
            {
                throw new InvalidOperationException($"Topic '{topic}' was not written.");
            }
        }

        using var observer = Observer(bootstrapServers);
        long held = 0;
        for (var p = 0; p < partitions; p++)
        {
            var marks = observer.QueryWatermarkOffsets(new TopicPartition(topic, p), Timeout);
            if (marks.Low.Value != 0)
            {
                throw new InvalidOperationException($"The broker dropped the first {marks.Low.Value} records of '{topic}' partition {p}: use more partitions or fewer records.");
            }

            held += marks.High.Value;
        }

        if (held != count)
        {
            throw new InvalidOperationException($"Topic '{topic}' holds {held} records, not {count}.");
        }
    }

    /// <summary>Waits until <paramref name="topic"/> holds <paramref name="expected"/> records (the sum of its high
    /// watermarks, asked for every 10 ms in one request); returns that moment as a <see cref="Stopwatch"/> timestamp.</summary>
    public static async Task<long> WaitForRecordsAsync(string bootstrapServers, string topic, int partitions, long expected)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var latest = Enumerable.Range(0, partitions)
            .Select(p => new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(topic, p), OffsetSpec = OffsetSpec.Latest() })
            .ToList();
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 600;
        while (true)
        {
            long total = 0;
            try
            {
                var offsets = await admin.ListOffsetsAsync(latest).ConfigureAwait(false);
                total = offsets.ResultInfos.Sum(r => r.TopicPartitionOffsetError.Offset.Value);
            }
            catch (KafkaException)
            {
                // The topic may not exist yet.
            }

            var now = Stopwatch.GetTimestamp();
            if (total >= expected)
            {
                return now;
            }

            if (now > deadline)
            {
                throw new TimeoutException($"Only {total} of {expected} records reached '{topic}' within 10 minutes.");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Reads <paramref name="topic"/> from start to end; returns every key's last value and how many records it holds.</summary>
    public static (Dictionary<string, long> Latest, long Records) ReadLatest(string bootstrapServers, string topic, int partitions, Func<byte[], byte[], (string Key, long Value)> decode)
    {
        using var observer = Observer(bootstrapServers);
        var ends = new long[partitions];
        var left = 0L;
        for (var p = 0; p < partitions; p++)
        {
            var marks = observer.QueryWatermarkOffsets(new TopicPartition(topic, p), Timeout);
            if (marks.Low.Value != 0)
            {
                throw new InvalidOperationException($"The broker dropped the first {marks.Low.Value} records of '{topic}' partition {p}.");
            }

            ends[p] = marks.High.Value;
            left += marks.High.Value;
        }

        var records = left;
        observer.Assign(Enumerable.Range(0, partitions).Where(p => ends[p] > 0).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        while (left > 0)
        {
            var result = observer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"'{topic}' could not be read to its end.");
            if (result.Offset.Value < ends[result.Partition.Value])
            {
                var (key, value) = decode(result.Message.Key, result.Message.Value);
                latest[key] = value;
                left--;
            }
        }

        return (latest, records);
    }

    private static IConsumer<byte[], byte[]> Observer(string bootstrapServers) =>
        new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "observer-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            QueuedMinMessages = 1_000_000,
        }).Build();
}
