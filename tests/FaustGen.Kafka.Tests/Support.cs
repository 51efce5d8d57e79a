using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace FaustGen.Kafka.Tests;

/// <summary>
/// A word-counting app written by hand (no generator): an agent per event counts the words of topic
/// <c>words</c> in a table and records each word it finished in <see cref="Seen"/>, which the workers of one
/// test share to check that no input was lost.
/// </summary>
internal sealed class Counter(
    string id,
    string broker,
    string source = "words",
    ConcurrentBag<string>? seen = null,
    Action<AppSettings>? configure = null,
    Func<Event<string, string>, CancellationToken, ValueTask>? before = null,
    AgentErrorPolicy onError = AgentErrorPolicy.Skip) : App
{
    private readonly string appId = id;
    private readonly string brokerUrl = broker;
    private readonly Action<AppSettings>? configureSettings = configure;
    private readonly Func<Event<string, string>, CancellationToken, ValueTask>? beforeCount = before;
    private readonly AgentErrorPolicy errorPolicy = onError;
    private readonly string sourceTopic = source;

    public ConcurrentBag<string> Seen { get; } = seen ?? [];

    public TestLog Log { get; } = new();

    public Topic<string, string> Words { get; private set; } = null!;

    public Table<string, long> Counts { get; private set; } = null!;

    protected override void Define(AppDefinition definition)
    {
        definition.Settings.Id = appId;
        definition.Settings.Broker = brokerUrl;
        definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(300);
        definition.Settings.ShutdownTimeout = TimeSpan.FromSeconds(5);
        definition.Settings.ClusterHeartbeatInterval = TimeSpan.FromMilliseconds(500);
        configureSettings?.Invoke(definition.Settings);
        definition.Transport(new KafkaTransportFactory());
        definition.Transport(new EmbeddedKafkaTransportFactory());
        Words = definition.Topic<string, string>(sourceTopic);
        Counts = definition.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
        definition.EventAgent("count", Words, async (e, cancellationToken) =>
        {
            if (beforeCount is not null)
            {
                await beforeCount(e, cancellationToken);
            }

            Counts[e.Value] += 1;
            Seen.Add(e.Value);
        }, new AgentOptions { OnError = errorPolicy });
        LoggerFactory = Log;
    }
}

/// <summary>Helpers that talk to a test's broker (<see cref="TestBroker.BootstrapServers"/>) with a plain Confluent.Kafka client.</summary>
internal static class Kafka
{
    /// <summary>Writes <paramref name="words"/> to <paramref name="topic"/> the way <see cref="Counter"/> reads them
    /// (raw key, JSON string value), keyed by the word, placed as Kafka's Java client places keys.</summary>
    public static void Feed(string bootstrapServers, string topic, IEnumerable<string> words)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            LingerMs = 1,
            // librdkafka's default (consistent_random, a CRC32) would put keys elsewhere than Kafka's Java client and FaustGen.
            Partitioner = Confluent.Kafka.Partitioner.Murmur2Random,
        }).Build();
        foreach (var word in words)
        {
            producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(word), Value = Encoding.UTF8.GetBytes($"\"{word}\"") });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    /// <summary>The offsets group <paramref name="groupId"/> committed for <paramref name="partitions"/> partitions of
    /// <paramref name="topic"/> (-1001, Kafka's "unset", where it committed none).</summary>
    public static long[] Committed(string bootstrapServers, string groupId, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = groupId }).Build();
        var committed = consumer.Committed(
            Enumerable.Range(0, partitions).Select(p => new Confluent.Kafka.TopicPartition(topic, p)), TimeSpan.FromSeconds(10));
        return [.. committed.OrderBy(c => c.Partition.Value).Select(c => c.Offset.Value)];
    }

    public static IEnumerable<string> Words(string prefix, int count) => Enumerable.Range(0, count).Select(i => $"{prefix}{i}");
}
