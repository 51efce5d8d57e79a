using FaustGen.Throughput;

namespace FaustGen.TableBenchmarks;

/// <summary>FaustGen: an agent per event that adds one to the key's count in a table on <paramref name="store"/>.</summary>
internal sealed class FaustGenCount(string store) : ICountPipeline
{
    public string Name => $"FaustGen, {store}";

    public async Task<ICounting> StartAsync(Endpoint endpoint, string appId, string directory, Progress progress)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Tuning.Producer)
        {
            properties["producer." + key] = value;
        }

        foreach (var (key, value) in endpoint.Consumer)
        {
            properties["consumer." + key] = value;
        }

        var app = new CountApp(appId, endpoint.BrokerUrl, store, directory, "input", properties, progress);
        await app.StartAsync().ConfigureAwait(false);
        return new Counting(app);
    }

    private sealed class Counting(CountApp app) : ICounting
    {
        public string Changelog { get; } = app.Counts.Changelog.Name;

        public (string Key, long Count) Decode(byte[] key, byte[] value) =>
            (app.Counts.Changelog.KeyCodec.Decode(key), app.Counts.Changelog.ValueCodec.Decode(value));

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}

/// <summary>A FaustGen app that counts the events of <paramref name="input"/> by key in table <c>counts</c>.</summary>
internal sealed class CountApp(
    string id, string broker, string store, string directory, string input, IReadOnlyDictionary<string, string> brokerProperties, Progress? progress = null) : App
{
    public Table<string, long> Counts { get; private set; } = null!;

    protected override void Define(AppDefinition definition)
    {
        definition.Settings.Id = id;
        definition.Settings.Broker = broker;
        definition.Settings.Store = store;
        definition.Settings.DataDirectory = directory;
        definition.Settings.CommitInterval = Tuning.CommitInterval;
        foreach (var (key, value) in brokerProperties)
        {
            definition.Settings.BrokerProperties[key] = value;
        }

        definition.Transport(new Kafka.EmbeddedKafkaTransportFactory());
        definition.Store(new RocksDb.RocksDbStoreFactory());
        var topic = definition.Topic<string, string>(input);
        Counts = definition.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
        definition.EventAgent("count", topic, (e, _) =>
        {
            progress?.Consumed();
            Counts[e.Key] += 1;
            return ValueTask.CompletedTask;
        });
    }
}
