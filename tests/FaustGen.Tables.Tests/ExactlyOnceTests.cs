using Confluent.Kafka;
using FaustGen.Kafka;
using FaustGen.Kafka.Embedded;
using Xunit.Abstractions;

namespace FaustGen.Tables.Tests;

/// <summary>Exactly-once processing on an embedded cluster with transactions: a worker lost mid-stream leaves neither
/// lost nor doubled effects in tables and output topics.</summary>
public sealed class ExactlyOnceTests(ITestOutputHelper output)
{
    private const int Partitions = 6;

    [Fact]
    public async Task A_worker_lost_mid_stream_leaves_exact_counts_in_the_table_and_the_output_topic()
    {
        using var cluster = EmbeddedKafkaCluster.Start(transactions: true);
        cluster.CreateTopic("words", Partitions);
        cluster.CreateTopic("counted", Partitions);
        const string id = "eos-count";
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, 3).Select(i => new CountingApp(id, cluster.BrokerUrl, $"eos-worker-{i}")).ToList();
        var victim = workers[2];
        // The victim is cut off from the cluster inside its 40th event, after that event's output reached the broker:
        // its open transaction holds that output (and more), and cannot have been committed, as a commit waits for
        // events being processed.
        victim.OnCounted = n =>
        {
            if (n == 40)
            {
                cluster.Isolate(victim.Settings.ClientId);
                lost.TrySetResult();
            }
        };
        try
        {
            await Task.WhenAll(workers.Select(w => w.StartAsync()));
            await Wait.UntilAsync(() => workers.All(w => w.Assignment.Count == 2 && w.Recovery.IsComplete), "the three workers share the partitions");

            // 150 words, 6 times each: 900 events.
            var words = Enumerable.Range(0, 900).Select(i => $"w{i % 150}").ToList();
            Kafka.Feed(cluster, "words", words);
            await lost.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var survivors = workers.Take(2).ToList();
            using var committed = new OutputReader(cluster, IsolationLevel.ReadCommitted);
            await Wait.UntilAsync(() => committed.Read() >= 900 && survivors.Sum(w => w.Assignment.Count) == Partitions,
                "the survivors own every partition and the output holds a count for every word event", seconds: 60);

            // The victim's transaction was aborted, not lost in the log: a read_uncommitted reader sees what it held.
            using var uncommitted = new OutputReader(cluster, IsolationLevel.ReadUncommitted);
            await Wait.UntilAsync(() => uncommitted.Read() > 900, "the aborted output shows to a read_uncommitted reader");
            output.WriteLine($"output records: {committed.Records.Count} committed, {uncommitted.Records.Count} in the log");

            // Nothing lost, nothing doubled: every word's counts 1 to 6, each once, and no more records arrive.
            Assert.Equal(900, committed.Read());
            foreach (var group in committed.Records.GroupBy(r => r.Key))
            {
                Assert.Equal([1, 2, 3, 4, 5, 6], group.Select(r => r.Count).Order());
            }

            Assert.Equal(150, committed.Records.Select(r => r.Key).Distinct().Count());
            Assert.All(Enumerable.Range(0, 150), i => Assert.Equal(6, survivors.Max(w => w.Counts[$"w{i}"])));
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Exactly_once_on_an_embedded_cluster_without_transactions_is_refused_naming_the_setting()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        await using var app = new CountingApp("eos-refused", cluster.BrokerUrl, "eos-refused");
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains("ProcessingGuarantee", error.Message, StringComparison.Ordinal);
        Assert.Contains("transactions", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A word-counting worker under exactly-once: each word event adds one to the word's count in table
    /// <c>counts</c> and sends the new count to topic <c>counted</c>, waiting until the broker has it.</summary>
    private sealed class CountingApp(string id, string broker, string clientId) : App
    {
        private int processed;

        public Table<string, long> Counts { get; private set; } = null!;

        /// <summary>Called with the number of events this worker has counted, after each event's output is sent.</summary>
        public Action<int>? OnCounted { get; set; }

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = id;
            definition.Settings.Broker = broker;
            definition.Settings.ClientId = clientId;
            definition.Settings.ProcessingGuarantee = ProcessingGuarantee.ExactlyOnce;
            definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(200);
            definition.Settings.ShutdownTimeout = TimeSpan.FromSeconds(2);
            definition.Settings.ClusterHeartbeatInterval = TimeSpan.FromMilliseconds(300);
            // The lost worker's transaction is aborted by the broker this long after it began.
            definition.Settings.BrokerProperties["producer.transaction.timeout.ms"] = "5000";
            definition.Transport(new EmbeddedKafkaTransportFactory());
            var words = definition.Topic<string, string>("words");
            var counted = definition.Topic<string, string>("counted");
            Counts = definition.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
            definition.EventAgent("count", words, async (e, cancellationToken) =>
            {
                var count = Counts[e.Value] + 1;
                Counts[e.Value] = count;
                await counted.SendAsync(e.Value, count.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
                OnCounted?.Invoke(Interlocked.Increment(ref processed));
            });
        }
    }

    /// <summary>Reads topic <c>counted</c> from its start with a plain client, keeping every record.</summary>
    private sealed class OutputReader : IDisposable
    {
        private readonly IConsumer<string, string> consumer;

        public OutputReader(EmbeddedKafkaCluster cluster, IsolationLevel isolation)
        {
            consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
            {
                BootstrapServers = cluster.BootstrapServers,
                GroupId = "eos-reader-" + Guid.NewGuid().ToString("N"),
                IsolationLevel = isolation,
                EnableAutoCommit = false,
            }).SetValueDeserializer(Deserializers.Utf8).Build();
            consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new Confluent.Kafka.TopicPartitionOffset("counted", p, 0)));
        }

        public List<(string Key, long Count)> Records { get; } = [];

        /// <summary>Takes what has arrived; returns how many records were read in all.</summary>
        public int Read()
        {
            while (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { } result)
            {
                if (!result.IsPartitionEOF)
                {
                    // The value is a JSON string: the count in quotes.
                    Records.Add((result.Message.Key, long.Parse(result.Message.Value.Trim('"'), System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            return Records.Count;
        }

        public void Dispose()
        {
            consumer.Close();
            consumer.Dispose();
        }
    }
}
