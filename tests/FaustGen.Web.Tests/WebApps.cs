using System.Net;
using System.Net.Sockets;
using FaustGen.Codecs;
using FaustGen.Kafka;
using FaustGen.Web;

namespace FaustGen.Web.Tests;

/// <summary>
/// Counts words in a table and serves the web site: an app written by hand (no generator), as the web site
/// sees any app. <c>scores</c> has whole-number keys, to show keys read by the key's type; <c>recent</c> counts words
/// per 10 seconds of <paramref name="clock"/> (the system's unless given), to show a windowed table's keys.
/// </summary>
internal sealed class WebCounter(string id, string broker, int webPort, Action<AppSettings>? configure = null, Func<Task>? before = null, TimeProvider? clock = null) : App
{
    private readonly TimeProvider recentClock = clock ?? TimeProvider.System;
    private readonly Func<Task>? beforeCount = before;
    private readonly string appId = id;
    private readonly string brokerUrl = broker;
    private readonly int port = webPort;
    private readonly Action<AppSettings>? configureSettings = configure;

    public Topic<string, string> Words { get; private set; } = null!;

    public Table<string, long> Counts { get; private set; } = null!;

    public Table<int, string> Scores { get; private set; } = null!;

    public WindowedTable<string, long> Recent { get; private set; } = null!;

    public FaustWebSite? Site { get; private set; }

    protected override void Define(AppDefinition definition)
    {
        definition.Settings.Id = appId;
        definition.Settings.Broker = brokerUrl;
        definition.Settings.WebPort = port;
        definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(300);
        definition.Settings.ShutdownTimeout = TimeSpan.FromSeconds(5);
        definition.Settings.ClusterHeartbeatInterval = TimeSpan.FromMilliseconds(300);
        definition.Settings.TopicPartitions = 4;
        configureSettings?.Invoke(definition.Settings);
        definition.Transport(new KafkaTransportFactory());
        definition.Transport(new EmbeddedKafkaTransportFactory());
        Words = definition.Topic<string, string>("words", new TopicOptions { Partitions = 4 });
        Counts = definition.Table<string, long>("counts", new TableOptions<long> { Default = 0, Help = "How often each word was seen" });
        Scores = definition.Table<int, string>("scores", new TableOptions<string> { Default = string.Empty, KeySerializer = Codec.Json });
        Recent = definition.WindowedTable<string, long>("recent", Window.Tumbling(TimeSpan.FromSeconds(10), expires: TimeSpan.FromMinutes(1)), new WindowedTableOptions<string, long>
        {
            Default = 0,
            Time = WindowTime.Now,
            Clock = recentClock,
            Help = "Words seen per 10 seconds",
        });
        definition.EventAgent("count", Words, async (Event<string, string> e, CancellationToken _) =>
        {
            if (beforeCount is not null)
            {
                await beforeCount();
            }

            if (e.Value == "boom")
            {
                throw new InvalidOperationException("no boom allowed");
            }

            Counts[e.Value] += 1;
            Scores[e.Value.Length] = e.Value;
            Recent.Update(e.Value, n => n + 1);
        });
    }

    protected override IWebSite? CreateWebSite() => Site = new FaustWebSite(this);
}

internal static class Ports
{
    /// <summary>A port free on the loopback address now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
