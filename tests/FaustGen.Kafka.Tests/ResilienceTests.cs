using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using FaustGen.Kafka.Embedded;

namespace FaustGen.Kafka.Tests;

/// <summary>Retries in place and through retry topics, production errors and lifecycle hooks, on a Kafka broker.</summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task An_event_retried_in_place_with_a_backoff_longer_than_max_poll_interval_holds_only_its_partition_and_the_member_stays()
    {
        using var broker = TestBroker.Start();
        broker.CreateTopic("orders", 2);
        var processed = new ConcurrentQueue<(string Value, long At)>();
        var failedAt = new ConcurrentQueue<long>();
        var clock = Stopwatch.StartNew();
        await using var app = new Worker(broker, "patient", (e, _) =>
        {
            if (e.Value == "bad" && failedAt.IsEmpty)
            {
                failedAt.Enqueue(clock.ElapsedMilliseconds);
                throw new TimeoutException("the service is down");
            }

            processed.Enqueue((e.Value, clock.ElapsedMilliseconds));
            return default;
        }, new AgentOptions { Retry = new RetryOptions { MaxAttempts = 2, Delay = TimeSpan.FromSeconds(5), Backoff = RetryBackoff.Constant } }, s =>
        {
            // librdkafka leaves the group when Consume is not called for this long: the backoff is more than twice that.
            s.BrokerProperties["consumer.max.poll.interval.ms"] = "2000";
        });
        await app.StartAsync();
        await Wait.UntilAsync(() => app.Assignment.Count == 2, "the worker holds both partitions");
        await app.Orders.SendAsync("a", "bad", partition: 0);
        await app.Orders.SendAsync("a", "after", partition: 0);
        await Wait.UntilAsync(() => !failedAt.IsEmpty, "the first attempt failed");
        for (var i = 0; i < 8; i++)
        {
            await app.Orders.SendAsync("b", "other" + i, partition: 1);
            await Task.Delay(400);
        }

        await Wait.UntilAsync(() => processed.Any(p => p.Value == "after"), "partition 0 went on after the retry");
        var failure = failedAt.Single();
        var bad = processed.Single(p => p.Value == "bad").At;
        Assert.True(bad - failure >= 4500, $"the retry came {bad - failure} ms after the failure, before its 5 s backoff");
        var others = processed.Where(p => p.Value.StartsWith("other", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, others.Count);
        Assert.True(others.Count(o => o.At < bad) >= 6, "partition 1 kept flowing while partition 0 waited");
        Assert.Equal(["bad", "after"], processed.Where(p => p.Value is "bad" or "after").Select(p => p.Value));

        Assert.Equal(1, app.Log.Count("was assigned"));
        Assert.Equal(0, app.Log.Count("lost partitions"));
        Assert.Equal(0, app.Log.Count("maximum poll interval"));
        await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, broker.Name("patient"), broker.Name("orders"), 2).SequenceEqual([2L, 8L]), "both partitions are committed to their ends");
    }

    [Fact]
    public async Task A_revocation_cancels_a_retry_wait_and_the_next_owner_processes_the_event()
    {
        using var broker = TestBroker.Start();
        broker.CreateTopic("orders", 2);
        var seenBy = new ConcurrentQueue<string>();
        AgentEventHandler<string, string> Handler(string worker) => (e, _) =>
        {
            seenBy.Enqueue(worker + " " + e.Value);
            return worker == "first" ? throw new TimeoutException("down") : default;
        };
        var retry = new AgentOptions { Retry = new RetryOptions { MaxAttempts = 5, Delay = TimeSpan.FromMinutes(5), MaxDelay = null } };
        await using var first = new Worker(broker, "handover", Handler("first"), retry);
        await first.StartAsync();
        await Wait.UntilAsync(() => first.Assignment.Count == 2, "the first worker holds both partitions");
        await first.Orders.SendAsync("k", "stuck", partition: 0);
        await Wait.UntilAsync(() => seenBy.Contains("first stuck"), "the first worker failed the event and waits to retry it");

        await using var second = new Worker(broker, "handover", Handler("second"), retry);
        await second.StartAsync();
        await first.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(() => seenBy.Contains("second stuck"), "the second worker got the partition and processed the event", 60);
        Assert.Equal(1, seenBy.Count(s => s == "first stuck"));
    }

    [Fact]
    public async Task An_event_goes_through_two_retry_topics_to_the_dead_letter_topic_with_its_headers()
    {
        using var broker = TestBroker.Start();
        broker.CreateTopic("orders", 2);
        var seen = new ConcurrentQueue<string>();
        await using var app = new Worker(broker, "topical", (e, _) =>
        {
            seen.Enqueue(e.Topic);
            throw new InvalidOperationException("no stock");
        }, new AgentOptions { Retry = new RetryOptions { MaxAttempts = 1, Topics = 2, TopicDelay = TimeSpan.FromMilliseconds(500) } });
        await app.StartAsync();
        await Wait.UntilAsync(() => app.Assignment.Count == 6, "the worker holds the source and retry topics' partitions");
        var written = await app.Orders.SendAsync("o-7", "order", partition: 1, headers: new MessageHeaders().Add("origin", "web"));

        var dead = await ReadOneAsync(broker, broker.Name("topical-take-dead-letter"));
        Assert.Equal(new[] { "orders", "topical-take-retry-1", "topical-take-retry-2" }.Select(broker.Name), seen.ToArray());
        var first = await ReadOneAsync(broker, broker.Name("topical-take-retry-1"));
        var second = await ReadOneAsync(broker, broker.Name("topical-take-retry-2"));
        Assert.Equal(1, first.Partition.Value);
        Assert.Equal(1, second.Partition.Value);
        Assert.Equal(["1", "2", "3"], new[] { first, second, dead }.Select(r => Header(r, "faustgen.retry.attempt")));
        Assert.Equal(["1", "2"], new[] { first, second }.Select(r => Header(r, "faustgen.retry.topic")));
        Assert.Equal(Header(first, "faustgen.retry.first-failure"), Header(dead, "faustgen.retry.first-failure"));
        var due = long.Parse(Header(second, "faustgen.retry.due")!, CultureInfo.InvariantCulture) - long.Parse(Header(first, "faustgen.retry.due")!, CultureInfo.InvariantCulture);
        Assert.True(due >= 1000, $"retry topic 2 was due {due} ms after retry topic 1, not after its doubled delay");
        foreach (var record in new[] { first, second, dead })
        {
            Assert.Equal(broker.Name("orders"), Header(record, "faustgen.source.topic"));
            Assert.Equal("1", Header(record, "faustgen.source.partition"));
            Assert.Equal(written.Offset.ToString(CultureInfo.InvariantCulture), Header(record, "faustgen.source.offset"));
            Assert.Equal(typeof(InvalidOperationException).FullName, Header(record, "faustgen.error.type"));
            Assert.Equal("no stock", Header(record, "faustgen.error.message"));
            Assert.Equal("web", Header(record, "origin"));
            Assert.Equal("o-7"u8.ToArray(), record.Message.Key);
        }

        await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, broker.Name("topical"), broker.Name("orders"), 2)[1] == 1, "the source event is committed once forwarded");
    }

    [Fact]
    public async Task A_record_too_large_for_the_producer_goes_to_the_production_error_handler_which_skips_it()
    {
        using var broker = TestBroker.Start();
        broker.CreateTopic("orders", 1);
        broker.CreateTopic("shipped", 1);
        var kinds = new ConcurrentQueue<ProductionErrorKind>();
        Topic<string, string> shipped = null!;
        await using var app = new Worker(broker, "oversized", async (e, token) =>
            await shipped.SendAsync(e.Key, e.Value == "big" ? new string('x', 5000) : e.Value, cancellationToken: token),
            configure: s => s.BrokerProperties["producer.message.max.bytes"] = "2000",
            define: d =>
            {
                shipped = d.Topic<string, string>(broker.Name("shipped"));
                d.OnProductionError(error =>
                {
                    kinds.Enqueue(error.Kind);
                    return ProductionAction.Skip;
                });
            });
        await app.StartAsync();
        await Wait.UntilAsync(() => app.Assignment.Count == 1, "the worker holds its partition");
        foreach (var value in new[] { "small", "big", "last" })
        {
            await app.Orders.SendAsync("k", value);
        }

        await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, broker.Name("oversized"), broker.Name("orders"), 1)[0] == 3, "every order is processed and committed");
        Assert.Equal([ProductionErrorKind.RecordTooLarge], kinds.ToArray());
        Assert.Equal(0, app.Agents.Single().Failed);
        Assert.Equal(1, app.Monitor.Snapshot().Value("faustgen.production.errors", "kind", "record_too_large"));
        Assert.Equal(["\"small\"", "\"last\""], (await ReadAsync(broker, broker.Name("shipped"), 2)).Select(r => System.Text.Encoding.UTF8.GetString(r.Message.Value)));
    }

    [Fact]
    public async Task Lifecycle_hooks_fire_in_order_across_a_rebalance()
    {
        using var broker = TestBroker.Start();
        broker.CreateTopic("orders", 4);
        var log = new ConcurrentQueue<string>();
        await using var first = new Worker(broker, "hooks", (_, _) => default, define: d => Hooks(d, broker.Name("orders"), log));
        await first.StartAsync();
        await Wait.UntilAsync(() => log.Contains("recovered"), "the first worker's assignment is recovered");
        await using var second = new Worker(broker, "hooks", (_, _) => default);
        await second.StartAsync();
        await Wait.UntilAsync(() => first.Assignment.Count == 2 && log.Count(l => l == "recovered") == 2, "the two workers share the partitions and the first recovered its half");
        var half = string.Join(",", first.Assignment.Select(p => p.Partition).Order());
        await first.StopAsync();

        Assert.Equal(
            ["assigned 0,1,2,3", "recovered", "revoked 0,1,2,3", "assigned " + half, "recovered", "stopping", "revoked " + half],
            log.Where(l => l != "started"));
        Assert.Single(log, "started");
    }

    private static void Hooks(AppDefinition definition, string orders, ConcurrentQueue<string> log)
    {
        string Numbers(IReadOnlyCollection<TopicPartition> partitions) => string.Join(",", partitions.Where(p => p.Topic == orders).Select(p => p.Partition).Order());
        definition.Table<string, long>("totals", new TableOptions<long> { Default = 0 });
        definition.OnStarted(_ => Log(log, "started"));
        definition.OnPartitionsAssigned((partitions, _) => Log(log, "assigned " + Numbers(partitions)));
        definition.OnRecoveryComplete(_ => Log(log, "recovered"));
        definition.OnPartitionsRevoked((partitions, _) => Log(log, "revoked " + Numbers(partitions)));
        definition.OnStopping(_ => Log(log, "stopping"));
    }

    private static ValueTask Log(ConcurrentQueue<string> log, string entry)
    {
        log.Enqueue(entry);
        return default;
    }

    private static string? Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? System.Text.Encoding.UTF8.GetString(value) : null;

    private static async Task<ConsumeResult<byte[], byte[]>> ReadOneAsync(TestBroker broker, string topic) =>
        Assert.Single(await ReadAsync(broker, topic, 1));

    /// <summary>Reads <paramref name="count"/> records of <paramref name="topic"/> from its start, waiting up to a minute.</summary>
    private static Task<List<ConsumeResult<byte[], byte[]>>> ReadAsync(TestBroker broker, string topic, int count) => Task.Run(() =>
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (records.Count < count && DateTime.UtcNow < deadline)
        {
            try
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
                {
                    records.Add(result);
                }
            }
            catch (ConsumeException ex) when (ex.Error.Code == ErrorCode.UnknownTopicOrPart)
            {
                // The topic is created by the first message sent to it.
            }
        }

        // Nothing more should come.
        if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { IsPartitionEOF: false } extra)
        {
            records.Add(extra);
        }

        return records;
    });

    /// <summary>An app with one per-event agent on <c>orders</c> (string keys and JSON string values); its id and topic take the test's prefix on an external broker.</summary>
    private sealed class Worker(
        TestBroker broker, string id, AgentEventHandler<string, string> handle, AgentOptions? options = null,
        Action<AppSettings>? configure = null, Action<AppDefinition>? define = null) : App
    {
        private readonly string appId = broker.Name(id);
        private readonly string brokerUrl = broker.BrokerUrl;
        private readonly string orders = broker.Name("orders");
        private readonly AgentEventHandler<string, string> handler = handle;
        private readonly AgentOptions? agentOptions = options;
        private readonly Action<AppSettings>? configureSettings = configure;
        private readonly Action<AppDefinition>? defineMore = define;

        public TestLog Log { get; } = new();

        public Topic<string, string> Orders { get; private set; } = null!;

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = appId;
            definition.Settings.Broker = brokerUrl;
            definition.Settings.ValueSerializer = "json";
            definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(300);
            definition.Settings.ShutdownTimeout = TimeSpan.FromSeconds(5);
            configureSettings?.Invoke(definition.Settings);
            definition.Transport(new KafkaTransportFactory());
            definition.Transport(new EmbeddedKafkaTransportFactory());
            Orders = definition.Topic<string, string>(orders);
            defineMore?.Invoke(definition);
            definition.EventAgent("take", Orders, handler, agentOptions);
            LoggerFactory = Log;
        }
    }
}
