using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using FaustGen;
using FaustGen.Kafka;
using FaustGen.Kafka.Embedded;
using FaustGen.RocksDb;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.Table;

// dotnet run -c Release --project tests/FaustGen.TableBenchmarks [-- --events 400000 --keys 10000 --partitions 8 --rounds 3 --recovery-keys 1000000 --recovery-partitions 16]
// One embedded Kafka broker, in one run: count-by-key with a changelog (FaustGen on memory:// and rocksdb://,
// Streamiz.Kafka.Net 1.8.2's Count() on its RocksDB store), then the recovery rate of a large table.
var events = Option("--events", 400_000);
var keys = Option("--keys", 10_000);
var partitions = Option("--partitions", 8);
var rounds = Option("--rounds", 3);
var recoveryKeys = Option("--recovery-keys", 1_000_000);
var recoveryPartitions = Option("--recovery-partitions", 16);
var root = Path.Combine(Path.GetTempPath(), "faustgen-table-benchmarks-" + Environment.ProcessId);

using var cluster = EmbeddedKafkaCluster.Start(1, "tables");
cluster.CreateTopic("input", partitions);
Produce(cluster.BootstrapServers, "input", events, i => ($"k{i % keys}", "\"x\""), partition: null);
Console.WriteLine($"{events:N0} events over {keys:N0} keys in topic 'input' ({partitions} partitions, one embedded broker); {rounds} rounds; .NET {Environment.Version}, {Environment.ProcessorCount} cores.");

var runs = new (string Name, Func<string, Task<double>> Run)[]
{
    ("FaustGen, memory://", tag => CountWithFaustGenAsync(tag, "memory://")),
    ("FaustGen, rocksdb://", tag => CountWithFaustGenAsync(tag, "rocksdb://")),
    ("Streamiz.Kafka.Net 1.8.2, RocksDB", CountWithStreamizAsync),
};
var rates = runs.ToDictionary(r => r.Name, _ => new List<double>());
for (var round = 1; round <= rounds; round++)
{
    foreach (var (name, run) in runs)
    {
        var rate = await run($"r{round}-{Slug(name)}");
        rates[name].Add(rate);
        Console.WriteLine($"round {round}: {name,-34} {rate,10:N0} events/s");
    }
}

var streamiz = Median(rates[runs[2].Name]);
Console.WriteLine();
Console.WriteLine($"Count by key with a changelog, median of {rounds} rounds, {events:N0} events, {keys:N0} keys:");
Console.WriteLine();
Console.WriteLine("| Pipeline | events/s | vs. Streamiz |");
Console.WriteLine("|---|---:|---:|");
foreach (var (name, _) in runs)
{
    Console.WriteLine($"| {name} | {Median(rates[name]):N0} | {Median(rates[name]) / streamiz:F2}x |");
}

// Recovery: a changelog of recoveryKeys distinct keys, replayed into a fresh worker's store.
var changelog = "recovery-counts-changelog";
cluster.CreateTopic(changelog, recoveryPartitions);
cluster.CreateTopic("recovery-input", recoveryPartitions);
Produce(cluster.BootstrapServers, changelog, recoveryKeys, i => ($"key-{i:D8}", (i % 1000).ToString(CultureInfo.InvariantCulture)), partition: i => i % recoveryPartitions);
Console.WriteLine();
Console.WriteLine($"Recovery of a table of {recoveryKeys:N0} keys ({recoveryPartitions} changelog partitions):");
Console.WriteLine();
Console.WriteLine("| Store | records | seconds | records/s |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var store in new[] { "rocksdb://", "memory://" })
{
    var (records, seconds) = await RecoverAsync(store, recoveryKeys);
    Console.WriteLine($"| {store} | {records:N0} | {seconds:F2} | {records / seconds:N0} |");
}

if (Directory.Exists(root))
{
    Directory.Delete(root, recursive: true);
}

return 0;

async Task<double> CountWithFaustGenAsync(string tag, string store)
{
    var app = new CountApp("count-" + tag, cluster.BrokerUrl, store, Path.Combine(root, tag), "input");
    await app.StartAsync();
    await WaitAsync(() => app.Processed >= events);
    var rate = events / Stopwatch.GetElapsedTime(app.FirstAt, app.LastAt).TotalSeconds;
    var total = app.Counts.Sum(c => c.Value);
    await app.DisposeAsync();
    return total == events ? rate : throw new InvalidOperationException($"FaustGen counted {total} of {events} events.");
}

async Task<double> CountWithStreamizAsync(string tag)
{
    // The embedded broker has no CreateTopics: the store's changelog is created beforehand, as Streamiz names it.
    cluster.CreateTopic($"count-{tag}-counts-changelog", partitions);
    var config = new StreamConfig<StringSerDes, StringSerDes>
    {
        ApplicationId = "count-" + tag,
        BootstrapServers = cluster.BootstrapServers,
        Guarantee = Streamiz.Kafka.Net.ProcessingGuarantee.AT_LEAST_ONCE,
        CommitIntervalMs = 1000,
        NumStreamThreads = 1,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        StateDir = Path.Combine(root, tag),
        Logger = NullLoggerFactory.Instance,
    };
    config.AddConfig(config.MainConsumerPrefix("session.timeout.ms"), "2000");
    config.AddConfig(config.MainConsumerPrefix("heartbeat.interval.ms"), "250");
    config.AddConfig(config.ProducerPrefix("partitioner"), "murmur2_random");
    var processed = 0L;
    long first = 0, last = 0;
    var builder = new StreamBuilder();
    builder.Stream<string, string>("input")
        .Peek((_, _, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            if (Interlocked.Increment(ref processed) == 1)
            {
                first = now;
            }

            last = now;
        })
        .GroupByKey()
        .Count(RocksDb.As<string, long>("counts").WithKeySerdes<StringSerDes>().WithValueSerdes<Int64SerDes>());
    var stream = new KafkaStream(builder.Build(), config);
    await stream.StartAsync();
    await WaitAsync(() => Interlocked.Read(ref processed) >= events);
    stream.Dispose();
    return events / Stopwatch.GetElapsedTime(first, last).TotalSeconds;
}

async Task<(long Records, double Seconds)> RecoverAsync(string store, long expected)
{
    var tag = "recovery-" + Slug(store);
    var app = new CountApp("recovery", cluster.BrokerUrl, store, Path.Combine(root, tag), "recovery-input");
    if (Environment.GetEnvironmentVariable("BENCH_LOG") is not null)
    {
        app.LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => Microsoft.Extensions.Logging.ConsoleLoggerExtensions.AddConsole(b));
    }

    // From the assignment (the start of recovery) to its end: the app's start and group join are not recovery.
    await app.StartAsync();
    await WaitAsync(() => app.Assignment.Count == recoveryPartitions);
    var start = Stopwatch.GetTimestamp();
    await WaitAsync(() => app.Recovery.IsComplete);
    var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var count = app.Counts.Count;
    await app.DisposeAsync();
    return count == expected ? (count, seconds) : throw new InvalidOperationException($"Recovered {count} of {expected} keys.");
}

static async Task WaitAsync(Func<bool> condition)
{
    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 600;
    while (!condition())
    {
        if (Stopwatch.GetTimestamp() > deadline)
        {
            throw new TimeoutException("A benchmark run did not finish within 10 minutes.");
        }

        await Task.Delay(5);
    }
}

static void Produce(string bootstrapServers, string topic, int count, Func<int, (string Key, string Value)> record, Func<int, int>? partition)
{
    using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        LingerMs = 5,
        BatchSize = 1_000_000,
        BatchNumMessages = 10_000,
        Partitioner = Partitioner.Murmur2Random,
    }).Build();
    for (var i = 0; i < count; i++)
    {
        var (key, value) = record(i);
        var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value) };
        while (true)
        {
            try
            {
                if (partition is null)
                {
                    producer.Produce(topic, message);
                }
                else
                {
                    producer.Produce(new Confluent.Kafka.TopicPartition(topic, partition(i)), message);
                }

                break;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    if (producer.Flush(TimeSpan.FromMinutes(2)) != 0)
    {
        throw new InvalidOperationException($"Topic '{topic}' was not written.");
    }
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Slug(string name) => new([.. name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);

static double Median(List<double> runs) => runs.Order().ElementAt(runs.Count / 2);

/// <summary>FaustGen's count by key: an agent per event adds one to the key's count (raw keys, JSON values, as Streamiz's string keys and longs).</summary>
internal sealed class CountApp(string id, string broker, string store, string directory, string input) : App
{
    private long processed;
    private long first;
    private long last;

    public long Processed => Interlocked.Read(ref processed);

    public long FirstAt => first;

    public long LastAt => last;

    public Table<string, long> Counts { get; private set; } = null!;

    protected override void Define(AppDefinition definition)
    {
        definition.Settings.Id = id;
        definition.Settings.Broker = broker;
        definition.Settings.Store = store;
        definition.Settings.DataDirectory = directory;
        definition.Settings.CommitInterval = TimeSpan.FromSeconds(1);
        definition.Settings.BrokerProperties["producer.linger.ms"] = "5";
        definition.Settings.BrokerProperties["producer.batch.size"] = "1000000";
        definition.Settings.BrokerProperties["producer.batch.num.messages"] = "10000";
        definition.Transport(new EmbeddedKafkaTransportFactory());
        definition.Store(new RocksDbStoreFactory());
        var topic = definition.Topic<string, string>(input);
        Counts = definition.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
        definition.EventAgent("count", topic, (e, _) =>
        {
            Counts[e.Key] += 1;
            var now = Stopwatch.GetTimestamp();
            if (Interlocked.Increment(ref processed) == 1)
            {
                first = now;
            }

            last = now;
            return ValueTask.CompletedTask;
        });
    }
}
