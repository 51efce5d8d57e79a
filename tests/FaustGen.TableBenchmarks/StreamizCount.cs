using Confluent.Kafka;
using FaustGen.Throughput;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.Table;

namespace FaustGen.TableBenchmarks;

/// <summary>
/// Streamiz.Kafka.Net (Kafka Streams' model): <c>Stream(input).GroupByKey().Count()</c> materialized in its RocksDB
/// store (caching off, its default: a changelog record per update, as FaustGen writes), at least once, one stream thread.
/// </summary>
internal sealed class StreamizCount(Action<string, int> createTopic, int partitions) : ICountPipeline
{
    public string Name => "Streamiz.Kafka.Net 1.8.2, RocksDB";

    public async Task<ICounting> StartAsync(Endpoint endpoint, string appId, string directory, Progress progress)
    {
        // The embedded broker has no CreateTopics: the store's changelog is created beforehand, as Streamiz names it.
        var changelog = $"{appId}-counts-changelog";
        createTopic(changelog, partitions);
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = appId,
            BootstrapServers = endpoint.BootstrapServers,
            Guarantee = Streamiz.Kafka.Net.ProcessingGuarantee.AT_LEAST_ONCE,
            CommitIntervalMs = (long)Tuning.CommitInterval.TotalMilliseconds,
            NumStreamThreads = 1,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            StateDir = directory,
            Logger = NullLoggerFactory.Instance,
        };
        foreach (var (key, value) in Tuning.Producer)
        {
            config.AddConfig(config.ProducerPrefix(key), value);
        }

        foreach (var (key, value) in endpoint.Consumer)
        {
            config.AddConfig(config.MainConsumerPrefix(key), value);
        }

        var builder = new StreamBuilder();
        builder.Stream<string, string>("input")
            .Peek((_, _, _) => progress.Consumed())
            .GroupByKey()
            .Count(Streamiz.Kafka.Net.Table.RocksDb.As<string, long>("counts").WithKeySerdes<StringSerDes>().WithValueSerdes<Int64SerDes>());
        var stream = new KafkaStream(builder.Build(), config);
        await stream.StartAsync().ConfigureAwait(false);
        return new Counting(stream, changelog);
    }

    private sealed class Counting(KafkaStream stream, string changelog) : ICounting
    {
        private readonly StringSerDes keys = new();
        private readonly Int64SerDes counts = new();

        public string Changelog => changelog;

        public (string Key, long Count) Decode(byte[] key, byte[] value) =>
            (keys.Deserialize(key, new SerializationContext(MessageComponentType.Key, changelog)),
             counts.Deserialize(value, new SerializationContext(MessageComponentType.Value, changelog)));

        public ValueTask DisposeAsync()
        {
            stream.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
