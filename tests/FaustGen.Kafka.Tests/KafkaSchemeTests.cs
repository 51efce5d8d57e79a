using FaustGen.Kafka.Embedded;

namespace FaustGen.Kafka.Tests;

/// <summary>The <c>kafka://</c> scheme, pointed at an embedded cluster's brokers as it would be at any Kafka cluster.</summary>
public sealed class KafkaSchemeTests
{
    [Fact]
    public async Task A_kafka_url_with_several_brokers_runs_an_app_whose_internal_topics_exist()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 2);
        cluster.CreateTopic("words", 2);
        cluster.CreateTopic("plain-counts-changelog", 2);
        cluster.CreateTopic("plain-__cluster", 1);
        await using var app = new Counter("plain", "kafka://" + cluster.BootstrapServers.Replace(',', ';'));
        await app.StartAsync();
        Kafka.Feed(cluster, "words", Kafka.Words("w", 20));
        await Wait.UntilAsync(() => app.Seen.Count == 20, "all 20 words are counted");
        Assert.True(app.IsLeader);
    }

    [Fact]
    public async Task An_internal_topic_the_broker_cannot_create_fails_the_start_naming_it_and_its_settings()
    {
        // The mock broker does not implement CreateTopics, so the kafka:// transport meets a refusal a real broker
        // could give too (for example for want of the right to create topics).
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("words", 2);
        await using var app = new Counter("refused", "kafka://" + cluster.BootstrapServers, configure: s => s.BrokerProperties["admin.socket.timeout.ms"] = "1000");
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains("could not create its internal topic 'refused-counts-changelog' (2 partitions, replication factor 1, cleanup.policy compact)", error.Message, StringComparison.Ordinal);
    }
}
