using System.Collections.Concurrent;
using Confluent.Kafka;
using FaustGen.Kafka;
using FaustGen.Kafka.Embedded;

namespace FaustGen.Tables.Tests;

/// <summary>Retries under exactly-once: events retried in place and through a retry topic are counted once each, in the
/// table and in the read_committed output, while commits go on around them.</summary>
public sealed class ExactlyOnceRetryTests
{
    [Fact]
    public async Task Counts_stay_exact_with_retries_in_place_and_through_a_retry_topic()
    {
        using var broker = TestBroker.Start(transactions: true);
        var words = broker.CreateTopic("words", 6);
        broker.CreateTopic("counted", 6);
        await using var app = new RetryingCounter(broker);
        await app.StartAsync();
        await Wait.UntilAsync(() => app.Assignment.Count == 12 && app.Recovery.IsComplete, "the worker holds the source and retry topic partitions");

        // 50 words, 6 times each: 300 events.
        Kafka.Feed(broker.BootstrapServers, words, Enumerable.Range(0, 300).Select(i => $"w{i % 50}"));
        using var committed = new ExactlyOnceTests.OutputReader(broker, IsolationLevel.ReadCommitted);
        await Wait.UntilAsync(() => committed.Read() >= 300, "the output holds a count for every word event", seconds: 90);

        Assert.True(app.RetriedInPlace > 10, $"only {app.RetriedInPlace} events were retried in place");
        Assert.True(app.ThroughTopic >= 12, $"only {app.ThroughTopic} events came back through the retry topic");
        await Task.Delay(500);
        Assert.Equal(300, committed.Read());
        foreach (var group in committed.Records.GroupBy(r => r.Key))
        {
            Assert.Equal([1, 2, 3, 4, 5, 6], group.Select(r => r.Count).Order());
        }

        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(6, app.Counts[$"w{i}"]));
        Assert.Equal(0, app.Log.Count("rewinds") + app.Log.Count("releases its"));
    }

    /// <summary>Counts words under exactly-once. A first attempt at one event in seven fails before it changes anything,
    /// and is retried in place; words w3 and w4 always fail where they are first read, and are counted when the retry topic
    /// gives them back.</summary>
    private sealed class RetryingCounter(TestBroker broker) : App
    {
        private readonly string brokerUrl = broker.BrokerUrl;
        private readonly string id = broker.Name("eos-retry");
        private readonly string source = broker.Name("words");
        private readonly string output = broker.Name("counted");
        private int retriedInPlace;
        private int throughTopic;

        public Table<string, long> Counts { get; private set; } = null!;

        public TestLog Log { get; } = new();

        public int RetriedInPlace => Volatile.Read(ref retriedInPlace);

        public int ThroughTopic => Volatile.Read(ref throughTopic);

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = id;
            definition.Settings.Broker = brokerUrl;
            definition.Settings.ProcessingGuarantee = ProcessingGuarantee.ExactlyOnce;
            definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(100);
            definition.Settings.ShutdownTimeout = TimeSpan.FromSeconds(5);
            definition.Settings.BrokerProperties["producer.transaction.timeout.ms"] = "10000";
            definition.Transport(new EmbeddedKafkaTransportFactory());
            var words = definition.Topic<string, string>(source);
            var counted = definition.Topic<string, string>(output);
            Counts = definition.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
            definition.EventAgent("count", words, async (e, cancellationToken) =>
            {
                if (e.Topic == source && e.Value is "w3" or "w4")
                {
                    throw new InvalidOperationException("counted later");
                }

                if (e.Topic == source && e.Offset % 7 == 0 && RetryAttempt(e) == 1)
                {
                    Interlocked.Increment(ref retriedInPlace);
                    throw new TimeoutException("try again");
                }

                if (e.Topic != source)
                {
                    Interlocked.Increment(ref throughTopic);
                }

                var count = Counts[e.Value] + 1;
                Counts[e.Value] = count;
                await counted.SendAsync(e.Value, count.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
            }, new AgentOptions
            {
                Retry = new RetryOptions
                {
                    MaxAttempts = 3,
                    Delay = TimeSpan.FromMilliseconds(250),
                    RetryOn = error => error is TimeoutException || error.Message == "counted later",
                    Topics = 1,
                    TopicDelay = TimeSpan.FromMilliseconds(300),
                },
                Middlewares = [attempts],
            });
            LoggerFactory = Log;
        }

        private readonly AttemptNumbers attempts = new();

        private int RetryAttempt(Event<string, string> e) => attempts.Of(e.Topic, e.Partition, e.Offset);

        /// <summary>Which attempt in place each event is at, as the middlewares see it.</summary>
        private sealed class AttemptNumbers : AgentMiddleware
        {
            private readonly ConcurrentDictionary<(string, int, long), int> current = new();

            public int Of(string topic, int partition, long offset) => current.TryGetValue((topic, partition, offset), out var attempt) ? attempt : 0;

            public override ValueTask<bool> OnEventAsync(AgentEvent e)
            {
                current[(e.Topic, e.Partition, e.Offset)] = e.Attempt;
                return new(true);
            }
        }
    }
}
