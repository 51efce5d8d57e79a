using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace FaustGen.Chaos;

using TopicPartition = Confluent.Kafka.TopicPartition;
using TopicPartitionOffset = Confluent.Kafka.TopicPartitionOffset;

/// <summary>Reads what the app left in Kafka with plain clients: a topic's records by key, committed offsets, and ends.</summary>
internal static class TopicContents
{
    /// <summary>Every record of <paramref name="topic"/>, by key, values parsed as JSON numbers (null for a tombstone),
    /// in log order; read_committed under exactly-once.</summary>
    public static Dictionary<string, List<long?>> Read(string bootstrapServers, string topic, int partitions, IsolationLevel isolation)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = "chaos-verifier",
            GroupId = "chaos-verifier-" + Guid.NewGuid().ToString("N"),
            IsolationLevel = isolation,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new Dictionary<string, List<long?>>(StringComparer.Ordinal);
        var ended = new HashSet<int>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ended.Count < partitions)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Reading topic '{topic}' did not reach the end of every partition in 60 s.");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                ended.Add(result.Partition.Value);
                continue;
            }

            ended.Remove(result.Partition.Value);
            var key = Encoding.UTF8.GetString(result.Message.Key);
            long? value = result.Message.Value is { } bytes ? long.Parse(Encoding.UTF8.GetString(bytes), CultureInfo.InvariantCulture) : null;
            if (!records.TryGetValue(key, out var list))
            {
                records[key] = list = [];
            }

            list.Add(value);
        }

        consumer.Close();
        return records;
    }

    /// <summary>The offsets group <paramref name="group"/> committed for <paramref name="topic"/>, read as a read_committed
    /// consumer reads them (stable: a transaction still open holds them back); -1 where none is committed.</summary>
    public static long[] Committed(string bootstrapServers, string group, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = "chaos-verifier",
            GroupId = group,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
        return [.. consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .OrderBy(c => c.Partition.Value)
            .Select(c => c.Offset.Value)];
    }

    /// <summary>The end of every partition of the topics: the high watermark, or the last stable offset.</summary>
    public static async Task<Dictionary<TopicPartition, long>> EndsAsync(string bootstrapServers, IEnumerable<TopicPartition> partitions, IsolationLevel isolation)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers, ClientId = "chaos-verifier" }).Build();
        var result = await admin.ListOffsetsAsync(
            partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Latest() }),
            new ListOffsetsOptions { IsolationLevel = isolation, RequestTimeout = TimeSpan.FromSeconds(10) });
        return result.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);
    }
}
