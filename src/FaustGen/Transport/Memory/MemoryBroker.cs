using System.Collections.Concurrent;

namespace FaustGen.Transport.Memory;

/// <summary>
/// An in-process broker: partitioned topics with real offsets, and consumer groups that spread partitions
/// over the members (app instances) in this process. <c>memory://</c> uses <see cref="Default"/>;
/// <c>memory://name</c> uses the broker of that name, so tests can keep their topics apart.
/// </summary>
/// <remarks>
/// Topics are created on first use (subscribed to or written) with the app's
/// <see cref="AppSettings.TopicPartitions"/>, as a Kafka broker with <c>auto.create.topics.enable</c> does.
/// Records are kept until the broker is collected; <see cref="Compact(string)"/> compacts a topic on demand.
/// </remarks>
public sealed class MemoryBroker
{
    private static readonly ConcurrentDictionary<string, MemoryBroker> Named = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, MemoryPartition[]> topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MemoryGroup> groups = new(StringComparer.Ordinal);

    private MemoryBroker()
    {
    }

    /// <summary>The broker <c>memory://</c> names.</summary>
    public static MemoryBroker Default => Named.GetOrAdd(string.Empty, static _ => new MemoryBroker());

    /// <summary>How long a group member may go without polling before the group evicts it. Default 10 seconds.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The broker that <c>memory://<paramref name="name"/></c> names, created on first use.</summary>
    public static MemoryBroker Get(string name) => Named.GetOrAdd(name, static _ => new MemoryBroker());

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions unless it exists;
    /// returns its partition count.</summary>
    public int CreateTopic(string topic, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var created = false;
        var log = topics.GetOrAdd(topic, name =>
        {
            created = true;
            return [.. Enumerable.Range(0, partitions).Select(p => new MemoryPartition(name, p))];
        });
        if (created)
        {
            foreach (var group in groups.Values)
            {
                group.OnTopicCreated(topic);
            }
        }

        return log.Length;
    }

    /// <summary>The partition count of <paramref name="topic"/>, when it exists.</summary>
    public bool TryGetPartitionCount(string topic, out int partitions)
    {
        partitions = topics.TryGetValue(topic, out var log) ? log.Length : 0;
        return partitions > 0;
    }

    /// <summary>Appends <paramref name="message"/>, creating its topic with <paramref name="partitionsIfNew"/>
    /// partitions if needed.</summary>
    public RecordMetadata Append(in OutgoingMessage message, int partitionsIfNew)
    {
        var count = CreateTopic(message.Topic, partitionsIfNew);
        int partition;
        if (message.Partition is { } explicitPartition)
        {
            if (explicitPartition < 0 || explicitPartition >= count)
            {
                throw new DeliveryException(message.Topic, $"partition {explicitPartition} does not exist (the topic has {count})");
            }

            partition = explicitPartition;
        }
        else
        {
            partition = message.Key is { } key ? Partitioner.ForKey(key, count) : Random.Shared.Next(count);
        }

        return topics[message.Topic][partition].Append(message);
    }

    /// <summary>Every record kept in partition <paramref name="partition"/> of <paramref name="topic"/>, oldest first.</summary>
    public IReadOnlyList<ConsumedRecord> Read(string topic, int partition)
    {
        var log = Partition(new TopicPartition(topic, partition));
        var records = new List<ConsumedRecord>();
        var buffer = new ConsumedRecord[256];
        var from = 0L;
        int n;
        while ((n = log.Read(from, buffer, out from)) > 0)
        {
            records.AddRange(buffer.AsSpan(0, n));
        }

        return records;
    }

    /// <summary>Every record kept in <paramref name="topic"/>, partition by partition.</summary>
    public IReadOnlyList<ConsumedRecord> ReadAll(string topic) =>
        TryGetPartitionCount(topic, out var count)
            ? [.. Enumerable.Range(0, count).SelectMany(p => Read(topic, p))]
            : [];

    /// <summary>The offset the next record of <paramref name="partition"/> gets.</summary>
    public long EndOffset(TopicPartition partition) => Partition(partition).EndOffset;

    /// <summary>The offset group <paramref name="groupId"/> committed for <paramref name="partition"/>, or null.</summary>
    public long? CommittedOffset(string groupId, TopicPartition partition) =>
        groups.TryGetValue(groupId, out var group) ? group.Committed(partition) : null;

    /// <summary>Keeps only the newest record of each key in every partition of <paramref name="topic"/>,
    /// leaving gaps in its offsets as Kafka's log compaction does; returns how many records were removed.</summary>
    public int Compact(string topic) =>
        topics.TryGetValue(topic, out var log) ? log.Sum(p => p.Compact()) : 0;

    internal MemoryGroup Group(string id) => groups.GetOrAdd(id, name => new MemoryGroup(this, name));

    internal MemoryPartition Partition(TopicPartition partition) =>
        topics.TryGetValue(partition.Topic, out var log) && partition.Partition >= 0 && partition.Partition < log.Length
            ? log[partition.Partition]
            : throw new ArgumentOutOfRangeException(nameof(partition), partition, "No such topic partition in the memory broker.");
}
