using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using FaustGen.Kafka.Embedded;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen.Kafka;

/// <summary>
/// An app's view of a Kafka cluster through Confluent.Kafka: its producer, its group members and readers, and
/// topic administration. On an <see cref="EmbeddedKafkaCluster"/>, topics are created through the mock API (the
/// mock broker has no CreateTopics), including the topics the app consumes or sends to that do not exist yet.
/// </summary>
internal sealed class KafkaTransport : ITransport
{
    private readonly AppSettings settings;
    private readonly KafkaClientConfig config;
    private readonly EmbeddedKafkaCluster? embedded;
    private readonly string bootstrapServers;
    private readonly KafkaLog log;
    private readonly AdminClientConfig adminConfig;
    private readonly Lock adminGate = new();
    private IAdminClient? admin;
    // How long metadata and topic creation may take: the admin client's socket.timeout.ms, else 30 seconds.
    private readonly TimeSpan adminTimeout;
    private readonly Func<int> partitionCount;
    // Made by ConnectAsync, once the brokers answer (a transactional producer registers its id with them).
    private KafkaProducer? producer;
    // What the admin client last reported failing, for the error of a start that cannot connect.
    private Error? lastError;

    public KafkaTransport(TransportContext context, string bootstrapServers, EmbeddedKafkaCluster? embedded)
    {
        settings = context.Settings;
        this.embedded = embedded;
        this.bootstrapServers = bootstrapServers;
        log = new KafkaLog(context.LoggerFactory.CreateLogger("FaustGen.Kafka"));
        config = new KafkaClientConfig(settings, bootstrapServers, embedded is not null);
        adminConfig = config.Admin();
        adminTimeout = TimeSpan.FromMilliseconds(adminConfig.SocketTimeoutMs ?? 30_000);
        if (config.ExactlyOnce && embedded is { Transactions: false })
        {
            throw FaustConfigurationException.ForSetting(nameof(AppSettings.ProcessingGuarantee), settings.ProcessingGuarantee,
                $"embedded cluster '{embedded.Name}' was started without transactions; start it with EmbeddedKafkaCluster.Start(transactions: true)");
        }

        partitionCount = () => context.PartitionCount;
    }

    public ITransportProducer Producer => Connected;

    public ITransactions? Transactions => config.ExactlyOnce ? Connected : null;

    private KafkaProducer Connected => producer ?? throw new InvalidOperationException("The Kafka transport is used before ConnectAsync.");

    /// <summary>Asks the brokers for the cluster's metadata, waiting at most <see cref="AppSettings.BrokerConnectTimeout"/>,
    /// then makes the producer. librdkafka would retry an unreachable broker for good, each client on its own.</summary>
    public async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        await Task.Run(() =>
        {
            try
            {
                WithAdmin(client => client.GetMetadata(settings.BrokerConnectTimeout));
            }
            catch (KafkaException ex)
            {
                var reason = Volatile.Read(ref lastError)?.Reason ?? ex.Error.Reason;
                throw new BrokerUnreachableException(settings.Broker, bootstrapServers.Split(','), settings.BrokerConnectTimeout, reason, ex);
            }

            producer = new KafkaProducer(config.Producer(), log, embedded is null ? null : topic => CreateIfMissing(topic, settings.TopicPartitions), adminTimeout, CloseTimeout);
        }, cancellationToken).ConfigureAwait(false);
    }

    public ITransportConsumer CreateConsumer(ConsumerSettings member, IRebalanceListener listener) =>
        new KafkaConsumer(this, config.Consumer(member.GroupId, member.ClientId, member.StartFromEarliest), listener, log);

    public ITransportReader CreateReader(string clientId) => new KafkaReader(config.Reader(clientId), config.ExactlyOnce ? LogEnd : null, CloseTimeout, log);

    /// <summary>How long closing a client may wait for brokers: the shutdown timeout.</summary>
    internal TimeSpan CloseTimeout => TimeSpan.FromMilliseconds(Math.Max(settings.ShutdownTimeout.TotalMilliseconds, 1000));

    public ValueTask<int?> GetPartitionCountAsync(string topic, CancellationToken cancellationToken) =>
        new(Task.Run(() => PartitionCount(topic), cancellationToken));

    public async ValueTask EnsureTopicAsync(TopicSpec topic, CancellationToken cancellationToken)
    {
        var existing = await GetPartitionCountAsync(topic.Name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            if (await CreateAsync(topic).ConfigureAwait(false))
            {
                return;
            }

            // Another worker created it meanwhile.
            existing = await GetPartitionCountAsync(topic.Name, cancellationToken).ConfigureAwait(false);
        }

        if (existing is { } actual && actual != topic.Partitions)
        {
            throw new FaustConfigurationException(
                $"Topic '{topic.Name}' exists with {actual} partitions but app '{settings.Id}' needs {topic.Partitions}. " +
                "It is an internal topic of the app: delete it (the app creates it again and rebuilds it from its sources), " +
                "or make the app's partition count match (declare the topic's or the table's partitions, or change the source topics).");
        }
    }

    public ValueTask DisposeAsync()
    {
        producer?.Dispose();
        lock (adminGate)
        {
            if (admin is not null)
            {
                TimeBound.Dispose(admin, "admin client", CloseTimeout, log.Logger);
                admin = null;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Before a subscription on an embedded cluster, creates the topics that do not exist yet with the app's
    /// partition count (the mock broker's own auto-creation would give them 4).</summary>
    internal void PrepareSubscription(IReadOnlyCollection<string> topics)
    {
        foreach (var topic in topics)
        {
            try
            {
                CreateIfMissing(topic, partitionCount() > 0 ? partitionCount() : settings.TopicPartitions);
            }
            catch (Exception ex) when (ex is KafkaException or InvalidOperationException)
            {
                // The subscription goes ahead: the consumer reports the topic as missing until someone creates it.
                KafkaLog.TopicNotCreated(log.Logger, ex, topic, ex.Message);
            }
        }
    }

    private void CreateIfMissing(string topic, int partitions)
    {
        if (embedded is not null && PartitionCount(topic) is null)
        {
            embedded.TryCreateTopic(topic, partitions, Math.Min(settings.ReplicationFactor, embedded.BrokerCount));
        }
    }

    /// <summary>The end of <paramref name="partition"/>'s log, records of transactions still open included, as a
    /// read_uncommitted client learns it (a read_committed reader's own query answers the last stable offset, which stops
    /// before such records and before whatever other transactions committed after them).</summary>
    private long LogEnd(Confluent.Kafka.TopicPartition partition) => WithAdmin(client =>
    {
        var listed = client.ListOffsetsAsync(
                [new TopicPartitionOffsetSpec { TopicPartition = partition, OffsetSpec = OffsetSpec.Latest() }],
                new ListOffsetsOptions { IsolationLevel = IsolationLevel.ReadUncommitted, RequestTimeout = adminTimeout })
            .GetAwaiter().GetResult();
        return listed.ResultInfos[0].TopicPartitionOffsetError.Offset.Value;
    });

    private int? PartitionCount(string topic) => WithAdmin<int?>(client =>
    {
        // All topics' metadata: asking for one topic by name may make a broker auto-create it.
        var metadata = client.GetMetadata(adminTimeout);
        var found = metadata.Topics.Find(t => t.Topic == topic);
        return found is null || found.Error.Code == ErrorCode.UnknownTopicOrPart ? null : found.Partitions.Count;
    });

    /// <summary>
    /// Calls the admin client. One whose call failed is replaced before the next: librdkafka's admin client keeps the
    /// partition leaders it learned while a broker was down, and answered "No leaders found" for minutes after the broker
    /// was back (chaos eos-memory-isolate-longoutage seed 5).
    /// </summary>
    private T WithAdmin<T>(Func<IAdminClient, T> call)
    {
        var client = Admin();
        try
        {
            return call(client);
        }
        catch (KafkaException)
        {
            lock (adminGate)
            {
                if (ReferenceEquals(admin, client))
                {
                    admin = null;
                    TimeBound.Dispose(client, "admin client", CloseTimeout, log.Logger);
                }
            }

            throw;
        }
    }

    /// <summary>The admin client, made on first use (and again after a failed call).</summary>
    private IAdminClient Admin()
    {
        lock (adminGate)
        {
            return admin ??= new AdminClientBuilder(adminConfig)
                .SetLogHandler((_, message) => log.OnLog(message))
                .SetErrorHandler((_, error) =>
                {
                    // "All brokers are down" follows the failure of each; the failure says why.
                    if (error.Code != ErrorCode.Local_AllBrokersDown || Volatile.Read(ref lastError) is null)
                    {
                        Volatile.Write(ref lastError, error);
                    }

                    log.OnError(error);
                })
                .Build();
        }
    }

    /// <summary>Creates <paramref name="topic"/>; returns false when it exists already.</summary>
    private async Task<bool> CreateAsync(TopicSpec topic)
    {
        if (embedded is not null)
        {
            if (topic.ReplicationFactor > embedded.BrokerCount)
            {
                throw FaustConfigurationException.ForSetting(nameof(AppSettings.ReplicationFactor), topic.ReplicationFactor,
                    $"topic '{topic.Name}' cannot have more replicas than embedded cluster '{embedded.Name}' has brokers ({embedded.BrokerCount})");
            }

            return embedded.TryCreateTopic(topic.Name, topic.Partitions, topic.ReplicationFactor);
        }

        var configs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cleanup.policy"] = (topic.Compacted, topic.Deleting) switch
            {
                (true, true) => "compact,delete",
                (true, false) => "compact",
                _ => "delete",
            },
        };
        if (topic.Retention is { } retention)
        {
            configs["retention.ms"] = ((long)retention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        }

        try
        {
            await Admin().CreateTopicsAsync(
                [new TopicSpecification { Name = topic.Name, NumPartitions = topic.Partitions, ReplicationFactor = (short)topic.ReplicationFactor, Configs = configs }],
                new CreateTopicsOptions { RequestTimeout = adminTimeout }).ConfigureAwait(false);
            return true;
        }
        catch (CreateTopicsException ex) when (ex.Results.TrueForAll(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            return false;
        }
        catch (CreateTopicsException ex)
        {
            throw NotCreated(topic, ex.Results.Find(r => r.Error.IsError)?.Error.Reason ?? ex.Message, ex);
        }
        catch (KafkaException ex)
        {
            throw NotCreated(topic, ex.Error.Reason, ex);
        }
    }

    private FaustConfigurationException NotCreated(TopicSpec topic, string reason, Exception error)
    {
        var policy = topic.Compacted ? (topic.Deleting ? "compact,delete" : "compact") : "delete";
        return new FaustConfigurationException(
            $"App '{settings.Id}' could not create its internal topic '{topic.Name}' ({topic.Partitions} partitions, replication factor {topic.ReplicationFactor}, cleanup.policy {policy}): {reason}. " +
            "Create it by hand with these settings, or give the app's principal the right to create topics.", error);
    }
}
