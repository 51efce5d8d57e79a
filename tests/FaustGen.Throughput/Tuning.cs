using Confluent.Kafka;

namespace FaustGen.Throughput;

/// <summary>
/// The client settings every pipeline runs with, so that they differ only in what the frameworks do. Values are
/// librdkafka's defaults, written out so that a change of a default in any library cannot skew one pipeline.
/// </summary>
internal static class Tuning
{
    /// <summary>How often each pipeline commits; every one flushes its producer before committing.</summary>
    public static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(1);

    /// <summary>librdkafka properties of the producers (idempotent, so acks=all).</summary>
    public static readonly IReadOnlyDictionary<string, string> Producer = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["enable.idempotence"] = "true",
        ["linger.ms"] = "5",
        ["batch.size"] = "1000000",
        ["batch.num.messages"] = "10000",
        ["queue.buffering.max.messages"] = "100000",
        ["partitioner"] = "murmur2_random",
        ["compression.type"] = "none",
    };

    /// <summary>librdkafka properties of the consumers.</summary>
    public static readonly IReadOnlyDictionary<string, string> Consumer = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["fetch.min.bytes"] = "1",
        ["fetch.wait.max.ms"] = "500",
        ["fetch.max.bytes"] = "52428800",
        ["max.partition.fetch.bytes"] = "1048576",
        ["queued.min.messages"] = "100000",
        ["session.timeout.ms"] = "2000",
        ["heartbeat.interval.ms"] = "250",
    };

    public static ProducerConfig ProducerConfig(string bootstrapServers)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers };
        foreach (var (key, value) in Producer)
        {
            config.Set(key, value);
        }

        return config;
    }

    public static ConsumerConfig ConsumerConfig(string bootstrapServers, string groupId)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            PartitionAssignmentStrategy = Confluent.Kafka.PartitionAssignmentStrategy.Range,
        };
        foreach (var (key, value) in Consumer)
        {
            config.Set(key, value);
        }

        return config;
    }
}
