using FaustGen.Codecs;

namespace FaustGen.Operations.Tests;

/// <summary>An order, to show <c>models</c> listing a record's fields.</summary>
[Record]
public sealed partial record Order(int Id, string Customer, decimal Total)
{
    /// <summary>A field the payload may lack.</summary>
    public string? Note { get; init; }
}

/// <summary>Orders in, totals per customer in a table and per customer and hour in a windowed one: an app written by
/// hand, as the command line and host see any app.</summary>
public sealed class Shop : App
{
    public Topic<string, Order> Orders { get; private set; } = null!;

    public Table<string, decimal> Totals { get; private set; } = null!;

    public WindowedTable<string, decimal> Hourly { get; private set; } = null!;

    protected override void Define(AppDefinition definition)
    {
        definition.Settings.Id = "shop";
        definition.Settings.Broker = "memory://";
        definition.Settings.WebPort = 0;
        definition.Settings.CommitInterval = TimeSpan.FromMilliseconds(200);
        // kafka:// and embedded://, for the command line's broker checks.
        definition.Transport(new Kafka.KafkaTransportFactory());
        definition.Transport(new Kafka.EmbeddedKafkaTransportFactory());

        // The in-process broker creates a topic with this many partitions when it is first used.
        definition.Settings.TopicPartitions = 2;
        Orders = definition.Topic<string, Order>("orders", new TopicOptions { Partitions = 2, ValueSerializer = Codec.Json });
        Totals = definition.Table<string, decimal>("totals", new TableOptions<decimal> { Help = "Money spent per customer" });
        Hourly = definition.WindowedTable<string, decimal>("hourly", Window.Tumbling(TimeSpan.FromHours(1)), new WindowedTableOptions<string, decimal> { Help = "Money spent per customer and hour" });
        definition.EventAgent("total", Orders, (Event<string, Order> e, CancellationToken _) =>
        {
            Totals[e.Value.Customer] += e.Value.Total;
            Hourly.Update(e.Value.Customer, total => total + e.Value.Total);
            return default;
        }, new AgentOptions { Concurrency = 2 });
    }

    protected override IWebSite? CreateWebSite() => new Web.FaustWebSite(this);
}
