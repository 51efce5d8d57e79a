using Confluent.Kafka;
using FaustGen.Kafka.Embedded;

namespace FaustGen.Kafka.Tests;

/// <summary>Partitions with the same number of every source topic and table changelog stay on one worker.</summary>
public sealed class CoPartitioningTests
{
    [Fact]
    public async Task Partitions_with_the_same_number_of_every_source_topic_and_the_changelog_land_on_the_same_worker()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("orders", 4);
        cluster.CreateTopic("payments", 4);
        await using var first = new TwoSources("copart", cluster.BrokerUrl);
        await using var second = new TwoSources("copart", cluster.BrokerUrl);
        await first.StartAsync();
        await second.StartAsync();
        await Wait.UntilAsync(() => first.Assignment.Count == 4 && second.Assignment.Count == 4, "the workers share the 8 partitions");

        foreach (var worker in new[] { first, second })
        {
            var orders = worker.Assignment.Where(p => p.Topic == "orders").Select(p => p.Partition).Order();
            var payments = worker.Assignment.Where(p => p.Topic == "payments").Select(p => p.Partition).Order();
            Assert.Equal(orders, payments);
        }

        // Each key's table changes go to the changelog partition of the events that made them.
        var keys = Kafka.Words("k", 40).ToList();
        Kafka.Feed(cluster, "orders", keys);
        Kafka.Feed(cluster, "payments", keys);
        await Wait.UntilAsync(() => first.Seen.Count + second.Seen.Count == 80, "every event is processed");
        await first.StopAsync();
        await second.StopAsync();
        using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "changelog-check" }).Build();
        for (var partition = 0; partition < 4; partition++)
        {
            reader.Assign(new Confluent.Kafka.TopicPartitionOffset("copart-totals-changelog", partition, 0));
            var end = reader.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition("copart-totals-changelog", partition), TimeSpan.FromSeconds(5)).High.Value;
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
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("orders", 4);
        cluster.CreateTopic("payments", 3);
        await using var app = new TwoSources("mismatch", cluster.BrokerUrl);
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains("'orders': 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("'payments': 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_internal_topic_that_exists_with_another_partition_count_fails_at_startup_naming_it()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("words", 4);
        cluster.CreateTopic("ensure-counts-changelog", 3);
        await using var app = new Counter("ensure", cluster.BrokerUrl);
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains("'ensure-counts-changelog' exists with 3 partitions", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("delete it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cooperative_sticky_assignment_is_refused_for_an_app_whose_tables_need_co_partitioning()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("orders", 2);
        cluster.CreateTopic("payments", 2);
        await using var app = new TwoSources("sticky", cluster.BrokerUrl, PartitionAssignmentStrategy.CooperativeSticky);
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains(nameof(AppSettings.PartitionAssignmentStrategy), error.Message, StringComparison.Ordinal);
    }

    /// <summary>Two source topics feeding one table, keyed alike (Faust's co-partitioned join).</summary>
    private sealed class TwoSources(string id, string broker, PartitionAssignmentStrategy strategy = PartitionAssignmentStrategy.Range) : App
    {
        private readonly string appId = id;
        private readonly string brokerUrl = broker;
        private readonly PartitionAssignmentStrategy assignment = strategy;

        public System.Collections.Concurrent.ConcurrentBag<string> Seen { get; } = [];

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = appId;
            definition.Settings.Broker = brokerUrl;
            definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(300);
            definition.Settings.PartitionAssignmentStrategy = assignment;
            definition.Transport(new EmbeddedKafkaTransportFactory());
            var totals = definition.Table<string, long>("totals", new TableOptions<long> { Default = 0 });
            foreach (var name in new[] { "orders", "payments" })
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
