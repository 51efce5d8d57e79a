using Confluent.Kafka;
using FaustGen.Kafka.Embedded;

namespace FaustGen.Kafka.Tests;

/// <summary>The embedded cluster itself: starting, sharing by URL, topics, transactions.</summary>
public sealed class EmbeddedKafkaClusterTests
{
    [EmbeddedFact("tests the embedded cluster itself")]
    public void A_plain_client_produces_and_consumes_on_a_started_cluster()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        cluster.CreateTopic("plain", partitions: 3, replicationFactor: 2);
        Assert.Equal(3, cluster.BootstrapServers.Split(',').Length);
        Assert.StartsWith("embedded://cluster-", cluster.BrokerUrl, StringComparison.Ordinal);

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var i = 0; i < 30; i++)
            {
                producer.Produce("plain", new Message<string, string> { Key = $"k{i}", Value = $"v{i}" });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "plain-readers",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe("plain");
        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (seen.Count < 30 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                seen.Add(result.Message.Value);
            }
        }

        Assert.Equal(30, seen.Count);
    }

    [EmbeddedFact("tests the embedded cluster itself")]
    public void Creating_a_topic_twice_fails()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("once", 2);
        var error = Assert.Throws<InvalidOperationException>(() => cluster.CreateTopic("once", 2));
        Assert.Contains("once", error.Message, StringComparison.Ordinal);
    }

    [EmbeddedFact("tests the embedded cluster itself")]
    public void Shared_clusters_are_found_by_url_and_named_ones_while_they_run()
    {
        Assert.Same(EmbeddedKafkaCluster.ForUrl("embedded://2"), EmbeddedKafkaCluster.ForUrl("embedded://2"));
        Assert.Equal(2, EmbeddedKafkaCluster.ForUrl("embedded://2").BrokerCount);
        Assert.Equal(1, EmbeddedKafkaCluster.ForUrl("embedded://").BrokerCount);

        var named = EmbeddedKafkaCluster.Start(brokers: 2, name: "named-test");
        Assert.Same(named, EmbeddedKafkaCluster.ForUrl("embedded://named-test"));
        Assert.Throws<ArgumentException>(() => EmbeddedKafkaCluster.Start(name: "named-test"));
        named.Dispose();
        Assert.NotSame(named, EmbeddedKafkaCluster.ForUrl("embedded://named-test"));
        EmbeddedKafkaCluster.ForUrl("embedded://named-test").Dispose();
        Assert.Throws<ArgumentException>(() => EmbeddedKafkaCluster.ForUrl("kafka://localhost:9092"));
    }

    [EmbeddedFact("tests the embedded cluster itself")]
    public async Task An_exactly_once_app_that_creates_its_embedded_cluster_gets_one_with_transactions()
    {
        await using var app = new Counter("eos-embedded", "embedded://eos-created", configure: s =>
        {
            s.ProcessingGuarantee = ProcessingGuarantee.ExactlyOnce;
            s.TopicPartitions = 2;
        });
        await app.StartAsync();
        var cluster = EmbeddedKafkaCluster.ForUrl("embedded://eos-created");
        try
        {
            Assert.True(cluster.Transactions);
            Kafka.Feed(cluster.BootstrapServers, "words", ["a", "b", "a"]);
            await Wait.UntilAsync(() => app.Seen.Count == 3, "the three words are counted");
            Assert.Equal(2, app.Counts["a"]);

            // The counted offsets are committed by the transactions: the group's offsets move only when they commit.
            await Wait.UntilAsync(() => Kafka.Committed(cluster.BootstrapServers, "eos-embedded", "words", 2).Sum(o => Math.Max(0, o)) == 3, "the transactions commit the three offsets");
        }
        finally
        {
            await app.StopAsync();
            cluster.Dispose();
        }
    }
}
