using Confluent.Kafka;
using FaustGen.Kafka.Embedded;
using DeliveryException = FaustGen.Transport.DeliveryException;

namespace FaustGen.Kafka.Tests;

/// <summary>Agents that fail or hang, producers that fail, and what gets committed.</summary>
public sealed class FailureTests
{
    private const long Unset = -1001;

    [Fact]
    public async Task An_agent_that_stops_on_a_failing_event_never_gets_offsets_committed_past_it()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 1);
        static ValueTask FailOnFive(Event<string, string> e, CancellationToken _) =>
            e.Value == "w5" ? throw new InvalidOperationException("w5 is poison") : default;
        await using (var app = new Counter(broker.Name("stopping"), broker.BrokerUrl, words, before: FailOnFive, onError: AgentErrorPolicy.Stop))
        {
            await app.StartAsync();
            Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("w", 10));
            await Wait.UntilAsync(() => app.Agents[0].Crashed, "the agent stopped on w5");
            await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, broker.Name("stopping"), words, 1)[0] == 5, "the offsets before w5 are committed");
            await Task.Delay(app.Settings.CommitInterval * 3);
            Assert.Equal(5, Kafka.Committed(broker.BootstrapServers, broker.Name("stopping"), words, 1)[0]);
            Assert.DoesNotContain("w5", app.Seen);
        }

        Assert.Equal(5, Kafka.Committed(broker.BootstrapServers, broker.Name("stopping"), words, 1)[0]);

        // A worker without the fault takes over from w5: nothing after it was lost.
        await using var next = new Counter(broker.Name("stopping"), broker.BrokerUrl, words);
        await next.StartAsync();
        await Wait.UntilAsync(() => Kafka.Words("w", 10).Skip(5).All(next.Seen.Contains), "the next worker processes w5 to w9");
    }

    [Fact]
    public async Task An_agent_that_hangs_on_one_event_never_gets_offsets_committed_past_it()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 1);
        static async ValueTask HangOnFive(Event<string, string> e, CancellationToken cancellationToken)
        {
            if (e.Value == "w5")
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }

        await using var app = new Counter(broker.Name("hanging"), broker.BrokerUrl, words, before: HangOnFive, configure: s => s.ShutdownTimeout = TimeSpan.FromSeconds(1));
        await app.StartAsync();
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("w", 10));
        await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, broker.Name("hanging"), words, 1)[0] == 5, "the offsets before w5 are committed");
        await Task.Delay(app.Settings.CommitInterval * 3);
        Assert.Equal(5, Kafka.Committed(broker.BootstrapServers, broker.Name("hanging"), words, 1)[0]);

        await app.StopAsync();
        Assert.Equal(5, Kafka.Committed(broker.BootstrapServers, broker.Name("hanging"), words, 1)[0]);
        Assert.Equal(1, app.Log.Count("did not finish"));
    }

    [Fact]
    public async Task Stopping_commits_what_was_acknowledged()
    {
        using var broker = TestBroker.Start();
        var topic = broker.CreateTopic("words", 2);
        await using var app = new Counter(broker.Name("final-commit"), broker.BrokerUrl, topic, configure: s => s.CommitInterval = TimeSpan.FromHours(1));
        await app.StartAsync();
        var words = Kafka.Words("w", 50).ToList();
        Kafka.Feed(broker.BootstrapServers, topic, words);
        await Wait.UntilAsync(() => app.Seen.Count == 50, "all 50 words are counted");
        Assert.Equal([Unset, Unset], Kafka.Committed(broker.BootstrapServers, broker.Name("final-commit"), topic, 2));

        await app.StopAsync();
        var ends = Enumerable.Range(0, 2).Select(p => (long)words.Count(w => Transport.Partitioner.ForKey(System.Text.Encoding.UTF8.GetBytes(w), 2) == p));
        Assert.Equal(ends, Kafka.Committed(broker.BootstrapServers, broker.Name("final-commit"), topic, 2));
    }

    [Fact]
    public async Task A_message_larger_than_the_producer_allows_fails_its_send_naming_the_cause()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 1);
        await using var app = new Counter(broker.Name("too-large"), broker.BrokerUrl, words, configure: s => s.BrokerProperties["producer.message.max.bytes"] = "1000000");
        await app.StartAsync();
        var tooLarge = await Assert.ThrowsAsync<DeliveryException>(() => app.Words.SendAsync("k", new string('x', 2_000_000)).AsTask());
        Assert.Equal(words, tooLarge.Topic);
        Assert.Contains("too large", tooLarge.Message, StringComparison.OrdinalIgnoreCase);
    }

    [EmbeddedFact("writes a record of 2 MB, which a Kafka broker refuses above its default message.max.bytes of 1 MB")]
    public async Task A_poison_record_of_2_MB_goes_to_the_dead_letter_topic_and_the_agent_goes_on()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 1);
        var poison = new string('x', 2_000_000);
        static ValueTask FailOnLarge(Event<string, string> e, CancellationToken _) =>
            e.Value.Length > 1_000_000 ? throw new InvalidOperationException("too big to count") : default;
        await using var app = new Counter(broker.Name("large-poison"), broker.BrokerUrl, words, before: FailOnLarge, onError: AgentErrorPolicy.DeadLetter);
        await app.StartAsync();
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, MessageMaxBytes = 10_000_000 }).Build())
        {
            await producer.ProduceAsync(words, new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes("big"), Value = System.Text.Encoding.UTF8.GetBytes($"\"{poison}\"") });
        }

        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("w", 5));
        await Wait.UntilAsync(() => Kafka.Words("w", 5).All(app.Seen.Contains), "the words after the poison record are counted");
        Assert.Equal(AppState.Running, app.State);
        Assert.False(app.Agents[0].Crashed);

        using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "dead-letter-reader" }).Build();
        // The dead-letter topic is created on first use with the app's partition count for internal topics.
        reader.Assign(Enumerable.Range(0, app.Settings.TopicPartitions).Select(p => new Confluent.Kafka.TopicPartitionOffset(broker.Name("large-poison-count-dead-letter"), p, 0)));
        var dead = reader.Consume(TimeSpan.FromSeconds(20));
        Assert.NotNull(dead);
        Assert.Equal(poison.Length + 2, dead.Message.Value.Length);
        Assert.Equal("too big to count", System.Text.Encoding.UTF8.GetString(dead.Message.Headers.GetLastBytes("faustgen.error.message")));
    }

    [EmbeddedFact("injects produce errors")]
    public async Task A_delivery_error_surfaces_to_the_caller_of_SendAsync_and_is_logged_for_SendSoon()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 1);
        await using var app = new Counter(broker.Name("delivery"), broker.BrokerUrl, words);
        await app.StartAsync();
        await app.Words.SendAsync("k", "fine");

        broker.Embedded.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);
        var refused = await Assert.ThrowsAsync<DeliveryException>(() => app.Words.SendAsync("k", "refused").AsTask());
        Assert.Equal(words, refused.Topic);
        Assert.Contains("authoriz", refused.Message, StringComparison.OrdinalIgnoreCase);


        broker.Embedded.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);
        app.Words.SendSoon("k", "soon");
        await Wait.UntilAsync(() => app.Log.Count("was not delivered") == 1, "the failed send-soon is logged");
    }
}
