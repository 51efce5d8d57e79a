using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace FaustGen.Throughput;

/// <summary>Streamiz.Kafka.Net (Kafka Streams' model): <c>Stream(input).MapValues(upper).To(output)</c>, at least once, one stream thread.</summary>
internal sealed class StreamizPipeline : IPipeline
{
    public string Name => "Streamiz.Kafka.Net 1.8.2";

    public async Task<IAsyncDisposable> StartAsync(Endpoint endpoint, string input, string output, string group, Progress progress)
    {
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = group,
            BootstrapServers = endpoint.BootstrapServers,
            Guarantee = Streamiz.Kafka.Net.ProcessingGuarantee.AT_LEAST_ONCE,
            CommitIntervalMs = (long)Tuning.CommitInterval.TotalMilliseconds,
            NumStreamThreads = 1,
            AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Earliest,
            Logger = NullLoggerFactory.Instance,
        };
        foreach (var (key, value) in Tuning.Producer)
        {
            config.AddConfig(config.ProducerPrefix(key), value);
        }

        foreach (var (key, value) in Tuning.Consumer)
        {
            config.AddConfig(config.MainConsumerPrefix(key), value);
        }

        var builder = new StreamBuilder();
        builder.Stream<string, string>(input)
            .MapValues((value, _) =>
            {
                progress.Consumed();
                return value.ToUpperInvariant();
            })
            .To(output);
        var stream = new KafkaStream(builder.Build(), config);
        await stream.StartAsync().ConfigureAwait(false);
        return new Running(stream);
    }

    private sealed class Running(KafkaStream stream) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            stream.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
