using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FaustGen.Codecs;
using FaustGen.Testing;
using FaustGen.Transport;
using FaustGen.Transport.Memory;

namespace FaustGen.TableKinds.Tests;

/// <summary>A click on a page, with the time the page says it happened (which may differ from its message's timestamp).</summary>
[Record]
public sealed partial record Click(string Page, DateTimeOffset At);

/// <summary>What the agent of <see cref="ClickApp"/> read after counting a click: its window's count, and the count a window's size earlier.</summary>
internal sealed record Seen(Click Click, long Current, long Before);

/// <summary>
/// Counts clicks per page in a windowed table, written by hand so a test chooses the window, the time and the clock.
/// Its agent reads the page's current window and the window a size before, after counting each click.
/// </summary>
internal sealed class ClickApp(Window window, WindowTime? time = null, TimeProvider? clock = null, string id = "clicks", string? broker = null, string topic = "clicks") : App
{
    private readonly Window clickWindow = window;
    private readonly WindowTime clickTime = time ?? WindowTime.Event;
    private readonly TimeProvider clickClock = clock ?? TimeProvider.System;
    private readonly string appId = id;
    private readonly string? brokerUrl = broker;
    private readonly string topicName = topic;

    public Topic<string, Click> Clicks { get; private set; } = null!;

    public WindowedTable<string, long> Counts { get; private set; } = null!;

    public ConcurrentQueue<Seen> Seen { get; } = new();

    /// <summary>Each window that closed: page, window and final count, in order.</summary>
    public ConcurrentQueue<(string Page, WindowRange Window, long Count)> Closed { get; } = new();

    protected override void Define(AppDefinition definition)
    {
        definition.Settings.Id = appId;
        Brokers.Use(definition, brokerUrl);
        definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(200);
        definition.Settings.TopicPartitions = 2;
        Clicks = definition.Topic<string, Click>(topicName);
        Counts = definition.WindowedTable<string, long>("counts", clickWindow, new WindowedTableOptions<string, long>
        {
            Time = clickTime,
            Clock = clickClock,
            OnWindowClose = clickWindow.Expires is null ? null : (page, range, count) => Closed.Enqueue((page, range, count)),
        });
        definition.EventAgent("count", Clicks, (e, _) =>
        {
            var page = e.Value.Page;
            Counts.Update(page, count => count + 1);
            Seen.Enqueue(new Seen(e.Value, Counts[page].Current(), Counts[page].Delta(clickWindow.Size)));
            return ValueTask.CompletedTask;
        });
    }
}

internal static class Brokers
{
    /// <summary>Lets a hand-written app run on kafka:// and embedded:// (the generator does this for [App] classes), on
    /// <paramref name="broker"/> when one is given.</summary>
    public static void Use(AppDefinition definition, string? broker)
    {
        if (broker is not null)
        {
            definition.Settings.Broker = broker;
        }

        definition.Transport(new Kafka.KafkaTransportFactory());
        definition.Transport(new Kafka.EmbeddedKafkaTransportFactory());
    }
}

internal static class Events
{
    /// <summary>A time on every window's boundary (a multiple of a day), plus <paramref name="seconds"/>.</summary>
    public static DateTimeOffset At(double seconds) => DateTimeOffset.FromUnixTimeSeconds(1_700_006_400).AddSeconds(seconds);

    /// <summary>Writes a click whose message has timestamp <paramref name="timestamp"/> straight to the app's broker, to
    /// partition <paramref name="partition"/>, and waits until the app has processed it.</summary>
    public static async Task PutAsync(AppTestContext context, Topic<string, Click> topic, Click click, DateTimeOffset timestamp, int partition = 0)
    {
        Append(context.Broker, topic, click, timestamp, partition);
        await context.WaitIdleAsync();
    }

    /// <summary>Writes a click whose message has timestamp <paramref name="timestamp"/> to <paramref name="broker"/>.</summary>
    public static void Append(MemoryBroker broker, Topic<string, Click> topic, Click click, DateTimeOffset timestamp, int partition = 0) =>
        broker.Append(new OutgoingMessage(topic.Name, partition, Encode(topic.KeyCodec, click.Page), Encode(topic.ValueCodec, click), null, timestamp), 2);

    /// <summary>Writes a click that happened at <paramref name="seconds"/> (its field and its timestamp agree).</summary>
    public static Task ClickAsync(AppTestContext context, ClickApp app, string page, double seconds, int partition = 0) =>
        PutAsync(context, app.Clicks, new Click(page, At(seconds)), At(seconds), partition);

    public static byte[] Encode<T>(ICodec<T> codec, T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        codec.Encode(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The changelog records of <paramref name="topic"/> (all partitions), keys and values decoded; a tombstone's value is null.</summary>
    public static List<(TKey Key, TValue? Value)> Changelog<TKey, TValue>(AppTestContext context, Topic<TKey, TValue> topic) =>
        [.. context.Broker.ReadAll(topic.Name).Select(r => (topic.KeyCodec.Decode(r.Key), r.Value is null ? default : topic.ValueCodec.Decode(r.Value)))];
}

/// <summary>Sums one counter of the apps' meters, by app id and table.</summary>
internal sealed class CounterReader : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string App, string Table), long> totals = new();

    public CounterReader(string instrument)
    {
        listener.InstrumentPublished = (published, l) =>
        {
            if (published.Name == instrument)
            {
                l.EnableMeasurementEvents(published, published.Meter);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, state) =>
        {
            var table = string.Empty;
            foreach (var tag in tags)
            {
                if (tag.Key == "table")
                {
                    table = (string)tag.Value!;
                }
            }

            var app = ((Meter)state!).Tags?.FirstOrDefault(t => t.Key == "faustgen.app").Value as string ?? string.Empty;
            totals.AddOrUpdate((app, table), value, (_, total) => total + value);
        });
        listener.Start();
    }

    public long Total(string app, string table) => totals.GetValueOrDefault((app, table));

    public void Dispose() => listener.Dispose();
}

/// <summary>
/// Prices in a global table, written by agent <c>price</c> from topic <c>price-updates</c> (key product, value price)
/// and read by agent <c>order</c> for each order of topic <c>orders</c> (key order id, value product), which records
/// the price it saw. <paramref name="topicName"/> names the topics on a shared broker (<see cref="TestBroker.Name"/>).
/// </summary>
internal sealed class PriceApp(string id, Action<AppSettings>? configure = null, Func<string, string>? topicName = null) : App
{
    private readonly string appId = id;
    private readonly Action<AppSettings>? configureSettings = configure;
    private readonly Func<string, string> name = topicName ?? (static n => n);

    public GlobalTable<string, long> Prices { get; private set; } = null!;

    public Topic<string, long> Updates { get; private set; } = null!;

    public Topic<string, string> Orders { get; private set; } = null!;

    /// <summary>Per order id, the price the order agent read for its product.</summary>
    public ConcurrentDictionary<string, long> Seen { get; } = new();

    protected override void Define(AppDefinition definition)
    {
        definition.Settings.Id = appId;
        definition.Settings.TopicPartitions = 4;
        definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(200);
        definition.Settings.ShutdownTimeout = TimeSpan.FromSeconds(5);
        definition.Settings.ClusterHeartbeatInterval = TimeSpan.FromMilliseconds(300);
        configureSettings?.Invoke(definition.Settings);
        Brokers.Use(definition, null);
        Prices = definition.GlobalTable<string, long>("prices", new TableOptions<long> { Default = -1 });
        Updates = definition.Topic<string, long>(name("price-updates"));
        Orders = definition.Topic<string, string>(name("orders"));
        definition.EventAgent("price", Updates, (e, _) =>
        {
            Prices[e.Key] = e.Value;
            return ValueTask.CompletedTask;
        });
        definition.EventAgent("order", Orders, (e, _) =>
        {
            Seen[e.Key] = Prices[e.Value];
            return ValueTask.CompletedTask;
        });
    }
}

/// <summary>Tags per item in a set table, changed by agent <c>tag</c>: each event of topic <c>tag-changes</c> is
/// <c>"operation member,member"</c> for the item its key names; what each operation returned is recorded.</summary>
internal sealed class TagApp(string id = "tags", string? broker = null, string topic = "tag-changes") : App
{
    private readonly string appId = id;
    private readonly string? brokerUrl = broker;
    private readonly string topicName = topic;

    public SetTable<string, string> Tags { get; private set; } = null!;

    public Topic<string, string> Changes { get; private set; } = null!;

    public ConcurrentQueue<bool> Changed { get; } = new();

    protected override void Define(AppDefinition definition)
    {
        definition.Settings.Id = appId;
        Brokers.Use(definition, brokerUrl);
        definition.Settings.TopicPartitions = 2;
        Tags = definition.SetTable<string, string>("tags");
        Changes = definition.Topic<string, string>(topicName);
        definition.EventAgent("tag", Changes, (e, _) =>
        {
            var parts = e.Value.Split(' ');
            var members = parts[1].Split(',');
            Changed.Enqueue(parts[0] switch
            {
                "add" => Tags.Add(e.Key, members[0]),
                "discard" => Tags.Discard(e.Key, members[0]),
                "union" => Tags.UnionWith(e.Key, members),
                "intersect" => Tags.IntersectWith(e.Key, members),
                "except" => Tags.ExceptWith(e.Key, members),
                "symmetric" => Tags.SymmetricExceptWith(e.Key, members),
                var other => throw new InvalidOperationException("No operation " + other),
            });
            return ValueTask.CompletedTask;
        });
    }
}
