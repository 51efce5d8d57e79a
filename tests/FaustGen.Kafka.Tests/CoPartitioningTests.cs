using Confluent.Kafka;

namespace FaustGen.Kafka.Tests;

/// <summary>Partitions with the same number of every source topic and table changelog stay on one worker.</summary>
public sealed class CoPartitioningTests
{
    [Fact]
    public async Task Partitions_with_the_same_number_of_every_source_topic_and_the_changelog_land_on_the_same_worker()
    {
        using var broker = TestBroker.Start();
        var orders = broker.CreateTopic("orders", 4);
        var payments = broker.CreateTopic("payments", 4);
        await using var first = new TwoSources(broker.Name("copart"), broker.BrokerUrl, orders, payments);
        await using var second = new TwoSources(broker.Name("copart"), broker.BrokerUrl, orders, payments);
        await first.StartAsync();
        await second.StartAsync();
        await Wait.UntilAsync(() => first.Assignment.Count == 4 && second.Assignment.Count == 4, "the workers share the 8 partitions");

        foreach (var worker in new[] { first, second })
        {
            var ordersHeld = worker.Assignment.Where(p => p.Topic == orders).Select(p => p.Partition).Order();
            var paymentsHeld = worker.Assignment.Where(p => p.Topic == payments).Select(p => p.Partition).Order();
            Assert.Equal(ordersHeld, paymentsHeld);
        }

        // Each key's table changes go to the changelog partition of the events that made them.
        var keys = Kafka.Words("k", 40).ToList();
        Kafka.Feed(broker.BootstrapServers, orders, keys);
        Kafka.Feed(broker.BootstrapServers, payments, keys);
        await Wait.UntilAsync(() => first.Seen.Count + second.Seen.Count == 80, "every event is processed");
        await first.StopAsync();
        await second.StopAsync();
        using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "changelog-check" }).Build();
        var changelog = broker.Name("copart-totals-changelog");
        for (var partition = 0; partition < 4; partition++)
        {
            reader.Assign(new Confluent.Kafka.TopicPartitionOffset(changelog, partition, 0));
            var end = reader.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(changelog, partition), TimeSpan.FromSeconds(5)).High.Value;
            for (var read = 0L; read < end;)
            {
                var record = reader.Consume(TimeSpan.FromSeconds(5)) ?? throw new InvalidOperationException("The changelog ended early.");
                Assert.Equal(partition, Transport.Partitioner.ForKey(record.Message.Key, 4));
                read = record.Offset.Value + 1;
            }

            Assert.True(end > 0);
        }
    }

    [Fact]
    public async Task Source_topics_with_different_partition_counts_fail_at_startup_naming_them()
    {
        using var broker = TestBroker.Start();
        var orders = broker.CreateTopic("orders", 4);
        var payments = broker.CreateTopic("payments", 3);
        await using var app = new TwoSources(broker.Name("mismatch"), broker.BrokerUrl, orders, payments);
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains($"'{orders}': 4", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{payments}': 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_internal_topic_that_exists_with_another_partition_count_fails_at_startup_naming_it()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 4);
        var changelog = broker.CreateTopic("ensure-counts-changelog", 3);
        await using var app = new Counter(broker.Name("ensure"), broker.BrokerUrl, words);
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains($"'{changelog}' exists with 3 partitions", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("delete it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cooperative_sticky_assignment_is_refused_for_an_app_whose_tables_need_co_partitioning()
    {
        using var broker = TestBroker.Start();
        var orders = broker.CreateTopic("orders", 2);
        var payments = broker.CreateTopic("payments", 2);
        await using var app = new TwoSources(broker.Name("sticky"), broker.BrokerUrl, orders, payments, PartitionAssignmentStrategy.CooperativeSticky);
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains(nameof(AppSettings.PartitionAssignmentStrategy), error.Message, StringComparison.Ordinal);
    }

    /// <summary>Two source topics feeding one table, keyed alike (Faust's co-partitioned join).</summary>
    private sealed class TwoSources(string id, string broker, string orders, string payments, PartitionAssignmentStrategy strategy = PartitionAssignmentStrategy.Range) : App
    {
        private readonly string appId = id;
        private readonly string brokerUrl = broker;
        private readonly string[] sources = [orders, payments];
        private readonly PartitionAssignmentStrategy assignment = strategy;

        public System.Collections.Concurrent.ConcurrentBag<string> Seen { get; } = [];

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = appId;
            definition.Settings.Broker = brokerUrl;
            definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(300);
            definition.Settings.PartitionAssignmentStrategy = assignment;
            definition.Transport(new KafkaTransportFactory());
            definition.Transport(new EmbeddedKafkaTransportFactory());
            var totals = definition.Table<string, long>("totals", new TableOptions<long> { Default = 0 });
            foreach (var name in sources)
            {
                definition.EventAgent(name, definition.Topic<string, string>(name), (e, _) =>
                {
                    totals[e.Key] += 1;
                    Seen.Add(e.Key);
                    return default;
                });
            }
        }
    }
}
