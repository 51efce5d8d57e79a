using System.Text;
using Confluent.Kafka;
using FaustGen.Kafka.Embedded;

namespace FaustGen.Kafka.Tests;

// FaustGen has types of these names too.
using TopicPartition = Confluent.Kafka.TopicPartition;
using TopicPartitionOffset = Confluent.Kafka.TopicPartitionOffset;

/// <summary>
/// The two protections a Kafka broker gives exactly-once v2 (KIP-447) under worker churn, on a cluster with
/// transactions and plain Confluent.Kafka clients: a member rebalanced out of its group cannot commit offsets in a
/// transaction, and a read_committed consumer does not start from a group offset an open transaction is about to move.
/// </summary>
public sealed class EmbeddedTransactionsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [EmbeddedFact("tests the embedded cluster itself")]
    public void A_member_rebalanced_out_of_its_group_cannot_commit_offsets_in_its_transaction()
    {
        using var cluster = EmbeddedKafkaCluster.Start(transactions: true);
        cluster.CreateTopic("in", 1);
        cluster.CreateTopic("out", 1);
        Produce(cluster, "in", "x", "y", "z");

        using var a = Consumer(cluster, "zombies", "a", c =>
        {
            // A stalls past max.poll.interval.ms below: librdkafka then leaves the group for it.
            c.SessionTimeoutMs = 1000;
            c.MaxPollIntervalMs = 1000;
        });
        a.Subscribe("in");
        using var producer = TransactionalProducer(cluster, "a-transactions");
        producer.InitTransactions(Timeout);
        producer.BeginTransaction();
        for (var i = 0; i < 3; i++)
        {
            var record = a.Consume(Timeout) ?? throw new InvalidOperationException("A got no record.");
            producer.Produce("out", new Message<byte[], byte[]> { Key = [], Value = Encoding.UTF8.GetBytes("from-a-" + Encoding.UTF8.GetString(record.Message.Value)) });
        }

        // The group metadata of the generation A processed the records in: A stalls with it, while B takes over.
        var metadata = a.ConsumerGroupMetadata;
        using var b = Consumer(cluster, "zombies", "b");
        b.Subscribe("in");
        var deadline = DateTime.UtcNow + Timeout;
        while (b.Assignment.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "B is assigned the partition once A is out of the group.");
            b.Consume(TimeSpan.FromMilliseconds(100));
        }

        var refused = Assert.ThrowsAny<KafkaException>(() =>
        {
            producer.SendOffsetsToTransaction([new TopicPartitionOffset("in", 0, 3)], metadata, Timeout);
            producer.CommitTransaction(Timeout);
        });
        Assert.True(refused is KafkaTxnRequiresAbortException, $"A's transaction must be abortable, not: {refused}");
        Assert.Contains(refused.Error.Code, new[] { ErrorCode.UnknownMemberId, ErrorCode.IllegalGeneration });
        producer.AbortTransaction(Timeout);

        Assert.Equal(Offset.Unset, b.Committed([new TopicPartition("in", 0)], Timeout).Single().Offset);
        Assert.Empty(ReadCommitted(cluster, "out"));
    }

    [EmbeddedFact("tests the embedded cluster itself")]
    public async Task A_read_committed_consumer_asking_for_its_group_s_offset_waits_until_the_transaction_that_moves_it_ends()
    {
        using var cluster = EmbeddedKafkaCluster.Start(transactions: true);
        cluster.CreateTopic("in", 1);
        using var outsider = Consumer(cluster, "stable", "outsider");
        using var producer = TransactionalProducer(cluster, "p-transactions");
        producer.InitTransactions(Timeout);
        CommitOffset(producer, outsider.ConsumerGroupMetadata, 2);

        BeginMoving(producer, outsider.ConsumerGroupMetadata, 5);
        using var reader = Consumer(cluster, "stable", "reader");
        var committed = Task.Run(() => reader.Committed([new TopicPartition("in", 0)], Timeout).Single().Offset);
        await Task.Delay(1500);
        Assert.False(committed.IsCompleted, "read_committed: the offset stays unstable while the transaction is open");

        // A read_uncommitted consumer does not ask for stable offsets: it gets the committed one at once.
        using (var uncommitted = Consumer(cluster, "stable", "uncommitted", c => c.IsolationLevel = IsolationLevel.ReadUncommitted))
        {
            Assert.Equal(2, uncommitted.Committed([new TopicPartition("in", 0)], Timeout).Single().Offset.Value);
        }

        producer.CommitTransaction(Timeout);
        Assert.Equal(5, (await committed).Value);

        BeginMoving(producer, outsider.ConsumerGroupMetadata, 9);
        committed = Task.Run(() => reader.Committed([new TopicPartition("in", 0)], Timeout).Single().Offset);
        await Task.Delay(1500);
        Assert.False(committed.IsCompleted, "the second transaction holds the offset too");
        producer.AbortTransaction(Timeout);
        Assert.Equal(5, (await committed).Value);
    }

    [EmbeddedFact("tests the embedded cluster itself")]
    public async Task A_new_owner_starts_from_the_offset_the_open_transaction_commits_not_the_one_before()
    {
        using var cluster = EmbeddedKafkaCluster.Start(transactions: true);
        cluster.CreateTopic("in", 1);
        Produce(cluster, "in", [.. Enumerable.Range(0, 8).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        using var outsider = Consumer(cluster, "owners", "outsider");
        using var producer = TransactionalProducer(cluster, "previous-owner");
        producer.InitTransactions(Timeout);
        CommitOffset(producer, outsider.ConsumerGroupMetadata, 2);
        BeginMoving(producer, outsider.ConsumerGroupMetadata, 5);

        using var owner = Consumer(cluster, "owners", "owner");
        owner.Subscribe("in");
        var first = Task.Run(() => owner.Consume(Timeout)?.Offset);
        await Task.Delay(1500);
        Assert.False(first.IsCompleted, "the new owner does not start while the transaction is open");
        producer.CommitTransaction(Timeout);
        Assert.Equal(5, (await first)?.Value);
    }

    [EmbeddedFact("tests the embedded cluster itself")]
    public async Task A_transaction_that_times_out_while_its_coordinator_is_down_is_aborted_once_the_coordinator_is_back()
    {
        using var cluster = EmbeddedKafkaCluster.Start(transactions: true);
        cluster.CreateTopic("out", 1);
        var config = new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            ClientId = "dead-owner",
            TransactionalId = "dead-owner",
            TransactionTimeoutMs = 2000,
            LingerMs = 0,
        };
        using var producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        producer.InitTransactions(Timeout);
        producer.BeginTransaction();
        foreach (var value in new[] { "a", "b", "c" })
        {
            producer.Produce("out", new Message<byte[], byte[]> { Key = [], Value = Encoding.UTF8.GetBytes(value) });
        }

        Assert.Equal(0, producer.Flush(Timeout));

        // The owner dies with its transaction open, and the broker (its coordinator) is down when the transaction
        // times out: the abort must still be made once the broker is back, or read_committed readers stay behind it.
        cluster.Isolate("dead-owner");
        cluster.SetBrokerDown(1);
        await Task.Delay(TimeSpan.FromSeconds(4));
        cluster.SetBrokerUp(1);

        using var admin = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "watermarks" }).Build();
        await Wait.UntilAsync(
            () => admin.QueryWatermarkOffsets(new TopicPartition("out", 0), Timeout).High.Value == 4,
            "the broker writes the abort marker after the three records",
            20);
        Assert.Empty(ReadCommitted(cluster, "out"));
    }

    private static void CommitOffset(IProducer<byte[], byte[]> producer, IConsumerGroupMetadata group, long offset)
    {
        BeginMoving(producer, group, offset);
        producer.CommitTransaction(Timeout);
    }

    /// <summary>Opens a transaction that moves the group's offset of partition 0 of "in" to <paramref name="offset"/>.</summary>
    private static void BeginMoving(IProducer<byte[], byte[]> producer, IConsumerGroupMetadata group, long offset)
    {
        producer.BeginTransaction();
        producer.SendOffsetsToTransaction([new TopicPartitionOffset("in", 0, offset)], group, Timeout);
    }

    private static IConsumer<byte[], byte[]> Consumer(EmbeddedKafkaCluster cluster, string group, string clientId, Action<ConsumerConfig>? configure = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = group,
            ClientId = clientId,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
            SessionTimeoutMs = 1000,
            HeartbeatIntervalMs = 100,
        };
        configure?.Invoke(config);
        return new ConsumerBuilder<byte[], byte[]>(config).Build();
    }

    private static IProducer<byte[], byte[]> TransactionalProducer(EmbeddedKafkaCluster cluster, string transactionalId) =>
        new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, TransactionalId = transactionalId, LingerMs = 0 }).Build();

    private static void Produce(EmbeddedKafkaCluster cluster, string topic, params string[] values)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        foreach (var value in values)
        {
            producer.Produce(topic, new Message<byte[], byte[]> { Key = [], Value = Encoding.UTF8.GetBytes(value) });
        }

        Assert.Equal(0, producer.Flush(Timeout));
    }

    /// <summary>Every value a read_committed reader gets from partition 0 of <paramref name="topic"/>, up to its end.</summary>
    private static List<string> ReadCommitted(EmbeddedKafkaCluster cluster, string topic)
    {
        using var reader = Consumer(cluster, "reader-" + Guid.NewGuid().ToString("N"), "reader", c => c.EnablePartitionEof = true);
        reader.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = new List<string>();
        while (reader.Consume(Timeout) is { IsPartitionEOF: false } record)
        {
            values.Add(Encoding.UTF8.GetString(record.Message.Value));
        }

        return values;
    }
}
