using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using FaustGen.Codecs;
using FaustGen.Kafka;
using FaustGen.RocksDb;
using FaustGen.Stores;
using Microsoft.Extensions.Logging;

namespace FaustGen.Tables.Tests;

/// <summary>
/// A word-counting worker written by hand: its agent adds one to the word's count in table <c>counts</c> and
/// records the count it read first (so a test sees whether the table was rebuilt before the event came).
/// </summary>
internal sealed class CountApp(string id, string broker, string topic = "words", Action<AppSettings>? configure = null, Codec? valueCodec = null) : App
{
    private readonly string appId = id;
    private readonly string brokerUrl = broker;
    private readonly Action<AppSettings>? configureSettings = configure;
    private readonly Codec? values = valueCodec;
    private readonly string source = topic;

    /// <summary>Per word, the counts the agent read before adding one, in order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<long>> Before { get; } = new();

    public int Processed => Volatile.Read(ref processed);

    public TestLog Log { get; } = new();

    public Table<string, long> Counts { get; private set; } = null!;

    private int processed;

    protected override void Define(AppDefinition definition)
    {
        definition.Settings.Id = appId;
        definition.Settings.Broker = brokerUrl;
        definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(300);
        definition.Settings.ShutdownTimeout = TimeSpan.FromSeconds(5);
        definition.Settings.ClusterHeartbeatInterval = TimeSpan.FromMilliseconds(300);
        configureSettings?.Invoke(definition.Settings);
        definition.Transport(new KafkaTransportFactory());
        definition.Transport(new EmbeddedKafkaTransportFactory());
        definition.Store(new RocksDbStoreFactory());
        var words = definition.Topic<string, string>(source);
        Counts = definition.Table<string, long>("counts", new TableOptions<long> { Default = 0, ValueSerializer = values });
        definition.EventAgent("count", words, (e, _) =>
        {
            var before = Counts[e.Value];
            Before.GetOrAdd(e.Value, _ => new()).Enqueue(before);
            Counts[e.Value] = before + 1;
            Interlocked.Increment(ref processed);
            return ValueTask.CompletedTask;
        });
        LoggerFactory = Log;
    }
}

/// <summary>The settings stores read, as an app of id <paramref name="id"/> would give them to its stores.</summary>
internal sealed class StoreHost(string id, string store, string dataDirectory, TimeSpan retention, ProcessingGuarantee guarantee = ProcessingGuarantee.AtLeastOnce)
{
    private static readonly Meter StoreMeter = new("FaustGen.Tables.Tests.Stores");

    public AppSettings Settings { get; } = new()
    {
        Id = id,
        Store = store,
        DataDirectory = dataDirectory,
        RevokedStateRetention = retention,
        ProcessingGuarantee = guarantee,
    };

    /// <summary>The store of a table <c>counts</c> of string keys and long values, as <see cref="CountApp"/> declares it.</summary>
    public IStore<string, long> Counts(IStoreFactory factory) =>
        factory.Create(new StoreContext<string, long>(Settings, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, StoreMeter, "counts", 6, Codec.Raw.For<string>()!, Codec.Json.For<long>()!));
}

/// <summary>Counts the changelog records apps replayed, from their <c>faustgen.recovery.records</c> counters: by app id
/// (every worker of an app together) and by worker.</summary>
internal sealed class ReplayMeter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(object Source, string Kind), long> totals = new();

    public ReplayMeter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "faustgen.recovery.records")
            {
                l.EnableMeasurementEvents(instrument, instrument.Meter);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, state) =>
        {
            var kind = string.Empty;
            foreach (var tag in tags)
            {
                if (tag.Key == "kind")
                {
                    kind = (string)tag.Value!;
                }
            }

            var meter = (Meter)state!;
            var id = meter.Tags?.FirstOrDefault(t => t.Key == "faustgen.app").Value as string ?? string.Empty;
            totals.AddOrUpdate((id, kind), value, (_, total) => total + value);
            totals.AddOrUpdate((meter, kind), value, (_, total) => total + value);
        });
        listener.Start();
    }

    /// <summary>Records replayed to rebuild owned partitions by the workers of app <paramref name="app"/>.</summary>
    public long Recovered(string app) => totals.GetValueOrDefault((app, "recovery"));

    /// <summary>Records replayed to rebuild owned partitions by one worker.</summary>
    public long Recovered(App worker) => totals.GetValueOrDefault((worker.Meter, "recovery"));

    /// <summary>Records one worker read into its standby copies.</summary>
    public long Standby(App worker) => totals.GetValueOrDefault((worker.Meter, "standby"));

    public void Dispose() => listener.Dispose();
}

/// <summary>Helpers that talk to a test's broker (<see cref="TestBroker.BootstrapServers"/>) with a plain Confluent.Kafka client.</summary>
internal static class Kafka
{
    /// <summary>Writes <paramref name="words"/> to <paramref name="topic"/> as <see cref="CountApp"/> reads them (raw key,
    /// JSON string value), placed as FaustGen and Kafka's Java client place keys.</summary>
    public static void Feed(string bootstrapServers, string topic, IEnumerable<string> words) =>
        Produce(bootstrapServers, topic, words.Select(w => (Encoding.UTF8.GetBytes(w), (byte[]?)Encoding.UTF8.GetBytes($"\"{w}\""), (int?)null)));

    /// <summary>Writes raw records, to the given partitions or by key.</summary>
    public static void Produce(string bootstrapServers, string topic, IEnumerable<(byte[] Key, byte[]? Value, int? Partition)> records)
    {
        using var producer = new ProducerBuilder<byte[], byte[]?>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            LingerMs = 5,
            Partitioner = Confluent.Kafka.Partitioner.Murmur2Random,
        }).Build();
        foreach (var (key, value, partition) in records)
        {
            var message = new Message<byte[], byte[]?> { Key = key, Value = value };
            if (partition is { } p)
            {
                producer.Produce(new Confluent.Kafka.TopicPartition(topic, p), message);
            }
            else
            {
                producer.Produce(topic, message);
            }
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    /// <summary>The offsets group <paramref name="groupId"/> committed for the partitions of <paramref name="topic"/> (0 where none).</summary>
    public static long[] Committed(string bootstrapServers, string groupId, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = groupId }).Build();
        return [.. consumer.Committed(Enumerable.Range(0, partitions).Select(p => new Confluent.Kafka.TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .OrderBy(c => c.Partition.Value)
            .Select(c => Math.Max(0, c.Offset.Value))];
    }

    public static int PartitionOf(string key, int partitions) => Transport.Partitioner.ForKey(Encoding.UTF8.GetBytes(key), partitions);

    /// <summary>The high watermark of every partition of <paramref name="topic"/>.</summary>
    public static long[] Ends(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "watermarks" }).Build();
        return [.. Enumerable.Range(0, partitions).Select(p => consumer.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value)];
    }
}

/// <summary>File system helpers for data directories.</summary>
internal static class Files
{
    /// <summary>Copies <paramref name="from"/> and everything under it to <paramref name="to"/>.</summary>
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var sub in Directory.EnumerateDirectories(from))
        {
            Copy(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }

    /// <summary>Waits until no file under <paramref name="path"/> appears, goes or changes size for half a second
    /// (a process's background writes there are done).</summary>
    public static async Task UntilUnchangedAsync(string path, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var last = Listing(path);
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow - since < TimeSpan.FromMilliseconds(500))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting until the files under {path} stop changing.");
            }

            await Task.Delay(50);
            var now = Listing(path);
            if (now != last)
            {
                (last, since) = (now, DateTime.UtcNow);
            }
        }
    }

    private static string Listing(string path)
    {
        try
        {
            return string.Join('\n', Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(f => $"{f} {new FileInfo(f).Length}"));
        }
        catch (FileNotFoundException)
        {
            // A file went while it was listed: changing.
            return string.Empty;
        }
    }
}

/// <summary>A data directory deleted at the end of the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "faustgen-tables-" + Guid.NewGuid().ToString("N")[..12]);

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
