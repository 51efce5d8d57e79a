using Confluent.Kafka;
using FaustGen.Kafka;
using FaustGen.RocksDb;
using Xunit.Abstractions;

namespace FaustGen.Tables.Tests;

/// <summary>Exactly-once processing on a broker with transactions (an embedded cluster that keeps them, or Kafka): a worker lost mid-stream leaves neither
/// lost nor doubled effects in tables and output topics.</summary>
public sealed class ExactlyOnceTests(ITestOutputHelper output)
{
    private const int Partitions = 6;

    [EmbeddedFact("cuts a worker off from the cluster")]
    public async Task A_worker_lost_mid_stream_leaves_exact_counts_in_the_table_and_the_output_topic()
    {
        using var broker = TestBroker.Start(transactions: true);
        broker.CreateTopic("words", Partitions);
        broker.CreateTopic("counted", Partitions);
        var id = broker.Name("eos-count");
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, 3).Select(i => new CountingApp(id, broker.BrokerUrl, broker.Name, $"eos-worker-{i}")).ToList();
        var victim = workers[2];
        // The victim is cut off from the cluster inside its 40th event, after that event's output reached the broker:
        // its open transaction holds that output (and more), and cannot have been committed, as a commit waits for
        // events being processed.
        victim.OnCounted = (n, _) =>
        {
            if (n == 40)
            {
                broker.Embedded.Isolate(victim.Settings.ClientId);
                lost.TrySetResult();
            }

            return Task.CompletedTask;
        };
        try
        {
            await Task.WhenAll(workers.Select(w => w.StartAsync()));
            await Wait.UntilAsync(() => workers.All(w => w.Assignment.Count == 2 && w.Recovery.IsComplete), "the three workers share the partitions");

            // 150 words, 6 times each: 900 events.
            var words = Enumerable.Range(0, 900).Select(i => $"w{i % 150}").ToList();
            Kafka.Feed(broker.BootstrapServers, broker.Name("words"), words);
            await lost.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var survivors = workers.Take(2).ToList();
            using var committed = new OutputReader(broker, IsolationLevel.ReadCommitted);
            await Wait.UntilAsync(() => committed.Read() >= 900 && survivors.Sum(w => w.Assignment.Count) == Partitions,
                "the survivors own every partition and the output holds a count for every word event", seconds: 60);

            // The victim's transaction was aborted, not lost in the log: a read_uncommitted reader sees what it held.
            using var uncommitted = new OutputReader(broker, IsolationLevel.ReadUncommitted);
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

    [EmbeddedFact("cuts a worker off from the cluster")]
    public async Task A_worker_that_takes_a_partition_over_while_a_lost_worker_s_transaction_is_open_rebuilds_everything_committed_after_it()
    {
        using var broker = TestBroker.Start(transactions: true);
        broker.CreateTopic("words", 1);
        broker.CreateTopic("counted", Partitions);
        var id = broker.Name("eos-open");
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Worker A is cut off inside its 15th event, after that event's output reached the broker: its transaction stays
        // open on the changelog and the output until the broker aborts it, 12 s after it began.
        var first = new CountingApp(id, broker.BrokerUrl, broker.Name, "eos-open-a", s => s.BrokerProperties["producer.transaction.timeout.ms"] = "12000");
        first.OnCounted = (n, _) =>
        {
            if (n == 15)
            {
                broker.Embedded.Isolate(first.Settings.ClientId);
                lost.TrySetResult();
            }

            return Task.CompletedTask;
        };
        CountingApp? second = null, third = null;
        try
        {
            await first.StartAsync();
            Kafka.Feed(broker.BootstrapServers, broker.Name("words"), Enumerable.Repeat("w", 20));
            await lost.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // B takes the partition over and counts on; then C replaces it, while A's transaction may still be open. The
            // changes B committed lie after A's open transaction in the changelog: C must rebuild them too.
            second = new CountingApp(id, broker.BrokerUrl, broker.Name, "eos-open-b");
            await second.StartAsync();
            await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, id, broker.Name("words"), 1)[0] == 20, "B committed the first 20 events", seconds: 60);
            Kafka.Feed(broker.BootstrapServers, broker.Name("words"), Enumerable.Repeat("w", 10));
            await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, id, broker.Name("words"), 1)[0] == 30, "B committed 10 more", seconds: 30);
            await second.StopAsync();

            third = new CountingApp(id, broker.BrokerUrl, broker.Name, "eos-open-c");
            await third.StartAsync();
            Kafka.Feed(broker.BootstrapServers, broker.Name("words"), Enumerable.Repeat("w", 10));
            await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, id, broker.Name("words"), 1)[0] == 40, "C committed the last 10", seconds: 60);

            Assert.Equal(40, third.Counts["w"]);
            using var committed = new OutputReader(broker, IsolationLevel.ReadCommitted);
            await Wait.UntilAsync(() => committed.Read() >= 40, "the output holds a count for every event", seconds: 30);
            Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n), committed.Records.Select(r => r.Count).Order());
        }
        finally
        {
            foreach (var worker in new[] { first, second, third })
            {
                if (worker is not null)
                {
                    await worker.DisposeAsync();
                }
            }
        }
    }

    [EmbeddedFact("cuts a worker off from the cluster")]
    public async Task A_crashed_worker_s_rocksdb_data_is_discarded_and_rebuilt_from_the_committed_changelog_when_it_restarts()
    {
        using var broker = TestBroker.Start(transactions: true);
        broker.CreateTopic("words", Partitions);
        broker.CreateTopic("counted", Partitions);
        using var directory = new TempDirectory();
        var id = broker.Name("eos-crash");
        // One worker, restarted as static members are (same InstanceId, so the new one fences the old one's transaction
        // at once). Every change goes to RocksDB at once (cache_entries=1, as when more keys change between two commits
        // than the cache holds) and RocksDB flushes after nearly every write (a tiny memtable budget), so the changes of
        // the open transaction reach the disk, as they do whenever the cache and memtables fill.
        Action<AppSettings> Worker(string store, string dataDirectory, Action<AppSettings>? more = null) => s =>
        {
            s.InstanceId = "node-1";
            s.Store = store;
            s.DataDirectory = dataDirectory;
            more?.Invoke(s);
        };

        var data = directory.Sub("crashed");
        var crashedAt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var crashed = new CountingApp(id, broker.BrokerUrl, broker.Name, "eos-crashed", Worker("rocksdb://?memtable_budget=1KiB&cache_entries=1", data, s =>
        {
            // It commits nothing: everything it changes belongs to the transaction the crash leaves open.
            s.CommitInterval = TimeSpan.FromHours(1);
            s.BrokerProperties["producer.transaction.timeout.ms"] = "60000";
        }));
        // The worker dies inside its 60th event. Nothing else writes to its stores while the event is held, so once
        // RocksDB's background flushes are done, its directory is what the crash leaves on disk; as the worker's RocksDB
        // instances stay open in this process (which locks their directories), the restarted worker gets a copy of it.
        // Then the worker is cut off from the cluster, and the event never finishes.
        crashed.OnCounted = async (n, cancellationToken) =>
        {
            if (n == 60)
            {
                await Files.UntilUnchangedAsync(data);
                Files.Copy(data, directory.Sub("restarted"));
                Files.Copy(data, directory.Sub("probe"));
                broker.Embedded.Isolate(crashed.Settings.ClientId);
                crashedAt.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        };
        CountingApp? restarted = null;
        Task? crashedGone = null;
        try
        {
            await crashed.StartAsync();
            await Wait.UntilAsync(() => crashed.Assignment.Count == Partitions && crashed.Recovery.IsComplete, "the worker owns every partition");
            Kafka.Feed(broker.BootstrapServers, broker.Name("words"), Enumerable.Range(0, 300).Select(i => $"w{i % 50}"));
            await crashedAt.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // What the old worker does from now on, it does cut off from the cluster and in a directory nobody reuses.
            crashedGone = crashed.DisposeAsync().AsTask();
            Assert.All(Directory.GetDirectories(Path.Combine(directory.Sub("restarted"), "counts")), p => Assert.True(File.Exists(Path.Combine(p, "DIRTY"))));

            // Trusted as it is, the directory holds counts the committed changelog does not have, from position 0:
            // the replay would add nothing, and the 300 events processed again would be counted on top of them.
            using (var probe = new StoreHost(id, "rocksdb://", directory.Sub("probe"), TimeSpan.FromMinutes(1)).Counts(new RocksDbStoreFactory()))
            {
                for (var p = 0; p < Partitions; p++)
                {
                    probe.Assign(p);
                    Assert.Equal(0, probe.Position(p));
                }

                var left = Enumerable.Range(0, Partitions).SelectMany(probe.Items).Sum(e => e.Value);
                output.WriteLine($"the crashed worker left {left} counts on disk, of the {crashed.Processed} events it processed");
                Assert.True(left > 0, "the crashed worker's aborted changes reached the disk");
            }

            restarted = new CountingApp(id, broker.BrokerUrl, broker.Name, "eos-restarted", Worker("rocksdb://", directory.Sub("restarted")));
            await restarted.StartAsync();
            using var committed = new OutputReader(broker, IsolationLevel.ReadCommitted);
            await Wait.UntilAsync(() => committed.Read() >= 300, "the output holds a count for every word event", seconds: 60);

            Assert.Equal(300, committed.Read());
            foreach (var group in committed.Records.GroupBy(r => r.Key))
            {
                Assert.Equal([1, 2, 3, 4, 5, 6], group.Select(r => r.Count).Order());
            }

            Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(6, restarted.Counts[$"w{i}"]));
            Assert.Equal(Partitions, restarted.Log.Count("was not closed cleanly"));
        }
        finally
        {
            await (crashedGone ?? crashed.DisposeAsync().AsTask());
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_fenced_worker_aborts_rejoins_with_a_new_producer_keeps_running_and_counts_exactly()
    {
        using var broker = TestBroker.Start(transactions: true);
        broker.CreateTopic("words", Partitions);
        broker.CreateTopic("counted", Partitions);
        var id = broker.Name("eos-fenced");
        await using var worker = new CountingApp(id, broker.BrokerUrl, broker.Name, "eos-fenced", s => s.InstanceId = "node-1");
        await worker.StartAsync();
        await Wait.UntilAsync(() => worker.Assignment.Count == Partitions && worker.Recovery.IsComplete, "the worker owns every partition");
        var words = Enumerable.Range(0, 300).Select(i => $"w{i % 50}").ToList();
        Kafka.Feed(broker.BootstrapServers, broker.Name("words"), words.Take(150));
        await Wait.UntilAsync(() => worker.Processed == 150, "the first half is counted");

        // Another producer initialises the worker's transactional id, as a second process with the same InstanceId
        // would: the worker's producer is fenced, and its open transaction aborted.
        using (var other = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, TransactionalId = $"{id}-node-1" }).Build())
        {
            other.InitTransactions(TimeSpan.FromSeconds(30));
        }

        // Events go on arriving. The worker recovers by itself: it aborts, forgets its tables' uncommitted changes, gets a
        // new producer, rejoins its group and goes on from the committed offsets.
        Kafka.Feed(broker.BootstrapServers, broker.Name("words"), words.Skip(150));
        using var committed = new OutputReader(broker, IsolationLevel.ReadCommitted);
        await Wait.UntilAsync(() => committed.Read() >= 300, "the output holds a count for every word event", seconds: 60);
        Assert.Equal(300, committed.Read());
        foreach (var group in committed.Records.GroupBy(r => r.Key))
        {
            Assert.Equal([1, 2, 3, 4, 5, 6], group.Select(r => r.Count).Order());
        }

        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(6, worker.Counts[$"w{i}"]));
        Assert.Equal(AppState.Running, worker.State);
        Assert.False(worker.Completion.IsCompleted);
        Assert.Equal(1, worker.Log.Count("rejoins its group from its committed offsets"));
        Assert.Equal(0, worker.Log.Count("and stops because"));
    }

    [EmbeddedFact("tests the embedded cluster itself")]
    public async Task Exactly_once_on_an_embedded_cluster_without_transactions_is_refused_naming_the_setting()
    {
        using var broker = TestBroker.Start();
        await using var app = new CountingApp("eos-refused", broker.BrokerUrl, broker.Name, "eos-refused");
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains("ProcessingGuarantee", error.Message, StringComparison.Ordinal);
        Assert.Contains("transactions", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A word-counting worker under exactly-once: each word event adds one to the word's count in table
    /// <c>counts</c> and sends the new count to topic <c>counted</c>, waiting until the broker has it.</summary>
    private sealed class CountingApp(string id, string broker, Func<string, string> topicName, string clientId, Action<AppSettings>? configure = null) : App
    {
        private int processed;

        public Table<string, long> Counts { get; private set; } = null!;

        public int Processed => Volatile.Read(ref processed);

        public TestLog Log { get; } = new();

        /// <summary>Called with the number of events this worker has counted, after each event's output is sent; the
        /// event is done when the returned task is.</summary>
        public Func<int, CancellationToken, Task>? OnCounted { get; set; }

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
            configure?.Invoke(definition.Settings);
            definition.Transport(new KafkaTransportFactory());
            definition.Transport(new EmbeddedKafkaTransportFactory());
            definition.Store(new RocksDbStoreFactory());
            var words = definition.Topic<string, string>(topicName("words"));
            var counted = definition.Topic<string, string>(topicName("counted"));
            Counts = definition.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
            definition.EventAgent("count", words, async (e, cancellationToken) =>
            {
                var count = Counts[e.Value] + 1;
                Counts[e.Value] = count;
                await counted.SendAsync(e.Value, count.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
                var number = Interlocked.Increment(ref processed);
                if (OnCounted?.Invoke(number, cancellationToken) is { } done)
                {
                    await done;
                }
            });
            LoggerFactory = Log;
        }
    }

    /// <summary>Reads topic <c>counted</c> from its start with a plain client, keeping every record.</summary>
    internal sealed class OutputReader : IDisposable
    {
        private readonly IConsumer<string, string> consumer;

        public OutputReader(TestBroker broker, IsolationLevel isolation)
        {
            consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
            {
                BootstrapServers = broker.BootstrapServers,
                GroupId = "eos-reader-" + Guid.NewGuid().ToString("N"),
                IsolationLevel = isolation,
                EnableAutoCommit = false,
            }).SetValueDeserializer(Deserializers.Utf8).Build();
            consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new Confluent.Kafka.TopicPartitionOffset(broker.Name("counted"), p, 0)));
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
