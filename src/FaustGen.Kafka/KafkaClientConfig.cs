using Confluent.Kafka;

namespace FaustGen.Kafka;

/// <summary>
/// Builds the librdkafka settings of an app's clients: FaustGen's own first, then the app's
/// <see cref="AppSettings.BrokerProperties"/> (unprefixed ones for every client, <c>consumer.</c>,
/// <c>producer.</c> and <c>admin.</c> ones for that client).
/// </summary>
internal sealed class KafkaClientConfig
{
    /// <summary>Properties FaustGen sets from other settings, or must own for its delivery guarantees.</summary>
    private static readonly Dictionary<string, string> Reserved = new(StringComparer.Ordinal)
    {
        ["bootstrap.servers"] = "set the Broker URL instead (kafka://host1:9092;host2:9092)",
        ["group.id"] = "the consumer group is the app's Id",
        ["client.id"] = "set ClientId instead",
        ["enable.auto.commit"] = "FaustGen commits only offsets its agents acknowledged",
        ["enable.auto.offset.store"] = "FaustGen commits only offsets its agents acknowledged",
        ["auto.offset.reset"] = "set ConsumerAutoOffsetReset instead",
        ["partition.assignment.strategy"] = "set PartitionAssignmentStrategy instead",
        ["group.instance.id"] = "set InstanceId instead",
        ["transactional.id"] = "set ProcessingGuarantee to ExactlyOnce instead (the id comes from Id and InstanceId)",
    };

    private readonly AppSettings settings;
    private readonly string bootstrapServers;
    private readonly bool embedded;

    public KafkaClientConfig(AppSettings settings, string bootstrapServers, bool embedded)
    {
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
        foreach (var key in settings.BrokerProperties.Keys)
        {
            var name = Unprefixed(key);
            if (Reserved.TryGetValue(name, out var why))
            {
                throw FaustConfigurationException.ForSetting($"{nameof(AppSettings.BrokerProperties)}:{key}", settings.BrokerProperties[key], why);
            }
        }
    }

    /// <summary>A member of the app's consumer group; commits come only from the app.</summary>
    public ConsumerConfig Consumer(string groupId, string clientId, bool startFromEarliest)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId,
            ClientId = clientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = startFromEarliest ? AutoOffsetReset.Earliest : AutoOffsetReset.Latest,
            PartitionAssignmentStrategy = settings.PartitionAssignmentStrategy == FaustGen.PartitionAssignmentStrategy.CooperativeSticky
                ? Confluent.Kafka.PartitionAssignmentStrategy.CooperativeSticky
                : Confluent.Kafka.PartitionAssignmentStrategy.Range,
            AllowAutoCreateTopics = false,
            // Static membership: a restarted worker gets its partitions (and so its local table data) back.
            GroupInstanceId = settings.InstanceId,
            IsolationLevel = Isolation,
        };
        return Apply(WithGroupTimeouts(config), "consumer.");
    }

    /// <summary>A consumer of partitions assigned by hand; it never joins its (unique) group nor commits.</summary>
    public ConsumerConfig Reader(string clientId)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"{clientId}-reader-{Guid.NewGuid():N}",
            ClientId = clientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            AllowAutoCreateTopics = false,
            // Replaying a changelog reads partitions from end to end: with librdkafka's defaults (100,000 messages
            // queued, 1 MiB per partition fetch) the fetcher idles between small fetches, at a third of the rate.
            QueuedMinMessages = 1_000_000,
            MaxPartitionFetchBytes = 4 << 20,
            IsolationLevel = Isolation,
        };
        // It never joins its group, but librdkafka checks the same timeouts (max.poll.interval.ms >= session.timeout.ms)
        // against the consumer. properties it shares with the group member.
        return Apply(WithGroupTimeouts(config), "consumer.");
    }

    /// <summary>Whether the app processes exactly once: its producer is transactional and its readers read only
    /// committed messages.</summary>
    public bool ExactlyOnce => settings.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnce;

    // Under exactly-once a reader must not see what an aborted or open transaction wrote (librdkafka's default, made
    // explicit); otherwise librdkafka's default stands.
    private IsolationLevel? Isolation => ExactlyOnce ? IsolationLevel.ReadCommitted : null;

    /// <summary>The app's producer: idempotent (no duplicates or reordering on retries), and keyed messages go where
    /// Kafka's Java client and <see cref="Transport.Partitioner"/> put them. Under exactly-once it is transactional,
    /// one per worker: the id stays the same across restarts when <see cref="AppSettings.InstanceId"/> is set (the
    /// restarted worker fences its previous incarnation at once), and is new at every start otherwise.</summary>
    public ProducerConfig Producer()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = settings.ClientId,
            EnableIdempotence = true,
            Partitioner = Partitioner.Murmur2Random,
            // An agent that awaits SendAsync waits for every message; librdkafka's 5 ms linger would be added to each.
            // Under load batches still form while earlier requests are in flight (as with Kafka's Java client before 4.0).
            LingerMs = 0,
            TransactionalId = ExactlyOnce ? $"{settings.Id}-{settings.InstanceId ?? Guid.NewGuid().ToString("N")}" : null,
            // What a consumer can receive (librdkafka's receive.message.max.bytes), not librdkafka's 1 MB: a record the
            // source topic accepted must also go to a dead-letter topic; the broker still applies each topic's limit.
            MessageMaxBytes = 100_000_000,
        };
        return Apply(config, "producer.");
    }

    public AdminClientConfig Admin() =>
        Apply(new AdminClientConfig { BootstrapServers = bootstrapServers, ClientId = settings.ClientId + "-admin" }, "admin.");

    private ConsumerConfig WithGroupTimeouts(ConsumerConfig config)
    {
        if (embedded)
        {
            // The mock broker holds every rebalance of a non-empty group for the session timeout less one second
            // (a real broker ends it once every member has rejoined), and members notice a rebalance only at their
            // next heartbeat: short ones keep rebalances to about a second.
            config.SessionTimeoutMs = 2000;
            config.HeartbeatIntervalMs = 250;
        }

        return config;
    }

    private static string Unprefixed(string key)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["consumer.", "producer.", "admin."])
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return key[prefix.Length..];
            }
        }

        return key;
    }

    private T Apply<T>(T config, string prefix)
        where T : ClientConfig
    {
        if (embedded)
        {
            // A broker set down in a test comes back in a second, not after Kafka's 10 s backoff.
            config.ReconnectBackoffMaxMs ??= 1000;
        }

        // Properties for every client first, so that a client's own (prefixed) ones win.
        foreach (var (key, value) in settings.BrokerProperties)
        {
            if (Unprefixed(key) == key)
            {
                config.Set(key, value);
            }
        }

        foreach (var (key, value) in settings.BrokerProperties)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                config.Set(key[prefix.Length..], value);
            }
        }

        return config;
    }
}
