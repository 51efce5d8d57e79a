using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using FaustGen.Kafka.Embedded;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace FaustGen.Kafka.Tests;

/// <summary>Traces through OpenTelemetry's SDK and in-memory exporter, on a Kafka broker.</summary>
public sealed class TracingTests
{
    private static readonly ActivitySource Outside = new("FaustGen.Tests.Outside");

    [Fact]
    public async Task One_trace_follows_a_message_from_a_send_outside_through_two_agents_of_two_apps_and_the_topic_between_them()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource("FaustGen", Outside.Name).AddInMemoryExporter(spans).Build();
        using var broker = TestBroker.Start();
        var orders = broker.CreateTopic("orders", 2);
        var priced = broker.CreateTopic("priced", 2);
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pricing = new Relay(broker.Name("pricing"), broker.BrokerUrl, orders, async (e, topic, token) =>
            await topic!.SendAsync(e.Key, e.Value + " priced", cancellationToken: token), priced);
        await using var shipping = new Relay(broker.Name("shipping"), broker.BrokerUrl, priced, (e, _, _) =>
        {
            done.TrySetResult(Activity.Current?.TraceId.ToString());
            return default;
        });
        await pricing.StartAsync();
        await shipping.StartAsync();

        ActivityTraceId trace;
        using (var outside = Outside.StartActivity("checkout", ActivityKind.Producer))
        {
            trace = outside!.TraceId;
            using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build();
            var headers = new Headers { { "traceparent", Encoding.UTF8.GetBytes(outside.Id!) } };
            await producer.ProduceAsync(orders, new Message<byte[], byte[]> { Key = "o-1"u8.ToArray(), Value = "\"book\""u8.ToArray(), Headers = headers });
        }

        Assert.Equal(trace.ToString(), await done.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        await pricing.StopAsync();
        await shipping.StopAsync();
        tracing.ForceFlush();

        var ours = spans.Where(s => s.TraceId == trace).ToList();
        var checkout = Assert.Single(ours, s => s.DisplayName == "checkout");
        var first = Assert.Single(ours, s => s.DisplayName == "process " + orders);
        var send = Assert.Single(ours, s => s.DisplayName == "send " + priced);
        var second = Assert.Single(ours, s => s.DisplayName == "process " + priced);
        Assert.Equal(checkout.SpanId, first.ParentSpanId);
        Assert.Equal(first.SpanId, send.ParentSpanId);
        Assert.Equal(send.SpanId, second.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, first.Kind);
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal("kafka", first.GetTagItem("messaging.system"));
        Assert.Equal(orders, first.GetTagItem("messaging.destination.name"));
        Assert.Equal(broker.Name("pricing"), first.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal(broker.Name("shipping"), second.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal("o-1", first.GetTagItem("messaging.kafka.message.key"));
        Assert.Equal(0L, first.GetTagItem("messaging.kafka.offset"));
        Assert.Equal(priced, send.GetTagItem("messaging.destination.name"));
        Assert.Equal(second.GetTagItem("messaging.kafka.destination.partition"), send.GetTagItem("messaging.kafka.destination.partition"));

        // Commits have spans of their own, outside the events' traces.
        Assert.Contains(spans, s => s.DisplayName == "commit offsets" && Equals(s.GetTagItem("messaging.consumer.group.name"), broker.Name("pricing")));
    }

    /// <summary>An app whose one agent reads <c>source</c> and hands each event and its output topic to <c>handle</c>.</summary>
    private sealed class Relay(string id, string broker, string source, Func<Event<string, string>, Topic<string, string>?, CancellationToken, ValueTask> handle, string? output = null) : App
    {
        private readonly string appId = id;
        private readonly string brokerUrl = broker;
        private readonly string sourceTopic = source;
        private readonly string? outputTopic = output;
        private readonly Func<Event<string, string>, Topic<string, string>?, CancellationToken, ValueTask> handler = handle;

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = appId;
            definition.Settings.Broker = brokerUrl;
            definition.Settings.ValueSerializer = "json";
            definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(200);
            definition.Transport(new KafkaTransportFactory());
            definition.Transport(new EmbeddedKafkaTransportFactory());
            var input = definition.Topic<string, string>(sourceTopic);
            var target = outputTopic is null ? null : definition.Topic<string, string>(outputTopic);
            definition.EventAgent("relay", input, (e, token) => handler(e, target, token));
        }
    }
}
