using System.Collections.Immutable;
using Confluent.Kafka;

namespace FaustGen.TableKinds.Tests;

/// <summary>Windowed and set tables on a Kafka broker: windows filed by the messages' timestamps, expiry and
/// late events, and both kinds rebuilt from their changelogs (tombstones included) by a restarted worker.</summary>
public sealed class KafkaKindsTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Windows_close_and_drop_late_events_by_message_time_and_a_restarted_worker_rebuilds_them_from_the_changelog()
    {
        using var broker = TestBroker.Start();
        var clicks = broker.CreateTopic("clicks", 2);
        var window = Window.Tumbling(10 * Second, 20 * Second);
        var first = new ClickApp(window, id: broker.Name("kafka-windows"), broker: broker.BrokerUrl, topic: clicks);
        await first.StartAsync();
        try
        {
            // On partition 0, by message timestamp: [0, 10) gets 0 and 5, [10, 20) gets 15; 20 closes [0, 10) before it
            // is counted; 8 is then late and dropped; 12 is late but its window is still open.
            Produce(broker, first, [0, 5, 15, 20, 8, 12]);
            await Wait.UntilAsync(() => first.Seen.Count == 6, "the six clicks are processed", 30);
            Assert.Equal([("home", Range(0, 10), 2L)], first.Closed);
            Assert.Equal(1, first.Counts.LateEvents);
            Assert.Equal(0, first.Counts["home"].Value(Range(0, 10)));
            Assert.Equal(2, first.Counts["home"].Value(Range(10, 20)));
            Assert.Equal(1, first.Counts["home"].Value(Range(20, 30)));
        }
        finally
        {
            await first.StopAsync();
        }

        await using var second = new ClickApp(window, id: broker.Name("kafka-windows"), broker: broker.BrokerUrl, topic: clicks);
        await second.StartAsync();
        await Wait.UntilAsync(() => second.Recovery.IsComplete && second.Assignment.Count(tp => tp.Topic == clicks) == 2, "the restarted worker has rebuilt its table", 30);
        Assert.Equal(0, second.Counts["home"].Value(Range(0, 10)));
        Assert.Equal(2, second.Counts["home"].Value(Range(10, 20)));
        Assert.Equal(1, second.Counts["home"].Value(Range(20, 30)));

        // Its time starts again from the latest window it holds ([20, 30)): a click at 30 closes [10, 20) with its recovered count.
        Produce(broker, second, [30]);
        await Wait.UntilAsync(() => !second.Closed.IsEmpty, "the window [10, 20) closes", 30);
        Assert.Equal([("home", Range(10, 20), 2L)], second.Closed);
        Assert.Equal(0, second.Counts.LateEvents);
    }

    [Fact]
    public async Task A_set_table_is_rebuilt_from_its_changelog_with_emptied_sets_removed()
    {
        using var broker = TestBroker.Start();
        var topic = broker.CreateTopic("tag-changes", 2);
        string[] changes = ["union apple,cherry", "add strawberry", "discard cherry"];
        var first = new TagApp(broker.Name("kafka-sets"), broker.BrokerUrl, topic);
        await first.StartAsync();
        try
        {
            Produce(broker, first, [.. changes.Select(c => ("red", c)), ("green", "add lime"), ("green", "discard lime"), ("blue", "union sky,sea")]);
            await Wait.UntilAsync(() => first.Changed.Count == 6, "the six changes are applied", 30);
        }
        finally
        {
            await first.StopAsync();
        }

        await using var second = new TagApp(broker.Name("kafka-sets"), broker.BrokerUrl, topic);
        await second.StartAsync();
        await Wait.UntilAsync(() => second.Recovery.IsComplete && second.Assignment.Count(tp => tp.Topic == topic) == 2, "the restarted worker has rebuilt its table", 30);
        Assert.Equal(["apple", "strawberry"], second.Tags["red"].Order(StringComparer.Ordinal));
        Assert.Equal(["sea", "sky"], second.Tags["blue"].Order(StringComparer.Ordinal));
        Assert.False(second.Tags.ContainsKey("green"));
        Assert.Equal(2, second.Tags.Count);
        Assert.Same(ImmutableHashSet<string>.Empty, second.Tags["green"]);
    }

    private static WindowRange Range(double start, double end) => new(Events.At(start), Events.At(end));

    /// <summary>Clicks on "home" to partition 0 of the app's topic, each with the message timestamp and field at <paramref name="seconds"/>.</summary>
    private static void Produce(TestBroker broker, ClickApp app, double[] seconds) =>
        Produce(broker, seconds.Select(s => new Message<byte[], byte[]>
        {
            Key = Events.Encode(app.Clicks.KeyCodec, "home"),
            Value = Events.Encode(app.Clicks.ValueCodec, new Click("home", Events.At(s))),
            Timestamp = new Timestamp(Events.At(s)),
        }), app.Clicks.Name);

    /// <summary>Changes to partition 0 of the app's topic, in order.</summary>
    private static void Produce(TestBroker broker, TagApp app, (string Key, string Change)[] changes) =>
        Produce(broker, changes.Select(c => new Message<byte[], byte[]>
        {
            Key = Events.Encode(app.Changes.KeyCodec, c.Key),
            Value = Events.Encode(app.Changes.ValueCodec, c.Change),
        }), app.Changes.Name);

    private static void Produce(TestBroker broker, IEnumerable<Message<byte[], byte[]>> messages, string topic)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, EnableIdempotence = true }).Build();
        foreach (var message in messages)
        {
            producer.Produce(new Confluent.Kafka.TopicPartition(topic, 0), message);
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }
}
