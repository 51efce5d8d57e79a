namespace FaustGen.Kafka.Tests;

/// <summary>The <c>kafka://</c> scheme, pointed at the test broker's hosts (an embedded cluster's, as at any Kafka cluster).</summary>
public sealed class KafkaSchemeTests
{
    [Fact]
    public async Task A_kafka_url_with_several_brokers_runs_an_app_whose_internal_topics_exist()
    {
        using var broker = TestBroker.Start(brokers: 2);
        var words = broker.CreateTopic("words", 2);
        broker.CreateTopic("plain-counts-changelog", 2);
        broker.CreateTopic("plain-__cluster", 1);
        await using var app = new Counter(broker.Name("plain"), "kafka://" + broker.BootstrapServers.Replace(',', ';'), words);
        await app.StartAsync();
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("w", 20));
        await Wait.UntilAsync(() => app.Seen.Count == 20, "all 20 words are counted");
        Assert.True(app.IsLeader);
    }

    [EmbeddedFact("relies on the mock broker's refusing CreateTopics")]
    public async Task An_internal_topic_the_broker_cannot_create_fails_the_start_naming_it_and_its_settings()
    {
        // The mock broker does not implement CreateTopics, so the kafka:// transport meets a refusal a real broker
        // could give too (for example for want of the right to create topics).
        using var broker = TestBroker.Start();
        broker.CreateTopic("words", 2);
        await using var app = new Counter("refused", "kafka://" + broker.BootstrapServers, configure: s => s.BrokerProperties["admin.socket.timeout.ms"] = "1000");
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains("could not create its internal topic 'refused-counts-changelog' (2 partitions, replication factor 1, cleanup.policy compact)", error.Message, StringComparison.Ordinal);
    }
}
