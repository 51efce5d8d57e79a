using FaustGen.Codecs;

namespace FaustGen.Throughput;

/// <summary>
/// A FaustGen app with one per-event agent that sends each value upper-cased: with <see cref="Topic{TKey, TValue}.SendSoon"/>
/// (queued; the app flushes before it commits) or, with <paramref name="awaitDelivery"/>, with an awaited
/// <see cref="Topic{TKey, TValue}.SendAsync"/> (each event waits for its message's delivery).
/// </summary>
internal sealed class FaustGenPipeline(bool awaitDelivery) : IPipeline
{
    public string Name => awaitDelivery ? "FaustGen, awaiting SendAsync" : "FaustGen";

    public async Task<IAsyncDisposable> StartAsync(Endpoint endpoint, string input, string output, string group, Progress progress)
    {
        var app = new UpperApp(group, endpoint.BrokerUrl, input, output, awaitDelivery, progress);
        await app.StartAsync().ConfigureAwait(false);
        return app;
    }

    private sealed class UpperApp(string id, string broker, string input, string output, bool awaitDelivery, Progress progress) : App
    {
        private readonly string appId = id;
        private readonly string brokerUrl = broker;
        private readonly string inputTopic = input;
        private readonly string outputTopic = output;
        private readonly bool waits = awaitDelivery;
        private readonly Progress seen = progress;

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = appId;
            definition.Settings.Broker = brokerUrl;
            definition.Settings.CommitInterval = Tuning.CommitInterval;
            foreach (var (key, value) in Tuning.Producer)
            {
                definition.Settings.BrokerProperties["producer." + key] = value;
            }

            foreach (var (key, value) in Tuning.Consumer)
            {
                definition.Settings.BrokerProperties["consumer." + key] = value;
            }

            definition.Transport(new Kafka.KafkaTransportFactory());
            definition.Transport(new Kafka.EmbeddedKafkaTransportFactory());
            var text = new TopicOptions { KeySerializer = Codec.Raw, ValueSerializer = Codec.Raw };
            var source = definition.Topic<string, string>(inputTopic, text);
            var sink = definition.Topic<string, string>(outputTopic, text);
            var options = new AgentOptions { ReadsKey = false };
            if (waits)
            {
                definition.EventAgent("upper", source, async (e, cancellationToken) =>
                {
                    seen.Consumed();
                    await sink.SendAsync(null!, e.Value.ToUpperInvariant(), cancellationToken: cancellationToken).ConfigureAwait(false);
                }, options);
            }
            else
            {
                definition.EventAgent("upper", source, (e, _) =>
                {
                    seen.Consumed();
                    sink.SendSoon(null!, e.Value.ToUpperInvariant());
                    return default;
                }, options);
            }
        }
    }
}
