using System.Text;
using Confluent.Kafka;
using FaustGen.Testing;

namespace FaustGen.TableKinds.Tests;

/// <summary>Global tables: written through their changelog, held in full by every worker, caught up before agents run.</summary>
public sealed class GlobalTableTests
{
    [Fact]
    public async Task A_write_goes_to_the_changelog_partition_of_its_key_and_is_read_once_the_worker_has_applied_it()
    {
        await using var context = await AppTestContext.StartAsync(new PriceApp("global-memory"));
        var app = (PriceApp)context.App;
        foreach (var product in new[] { "apple", "pear", "plum", "fig", "kiwi" })
        {
            await context.PutAsync(app.Updates, product, product.Length * 10L);
        }

        await Wait.UntilAsync(() => app.Prices.Count == 5, "the worker has applied the five prices");
        Assert.Equal(50, app.Prices["apple"]);
        Assert.Equal(-1, app.Prices["cherry"]);

        // Each key went to the partition it hashes to, whichever partition the update came from.
        foreach (var record in context.Broker.ReadAll(app.Prices.Changelog.Name))
        {
            Assert.Equal(Transport.Partitioner.ForKey(record.Key, 4), record.Partition);
        }

        // Code outside the agents may write too, and remove.
        app.Prices["cherry"] = 7;
        app.Prices.Remove("fig");
        await Wait.UntilAsync(() => app.Prices["cherry"] == 7 && !app.Prices.ContainsKey("fig"), "the worker has applied the write and the removal");
        Assert.Equal(5, app.Prices.Count);

        await context.PutAsync(app.Orders, "order-1", "cherry");
        Assert.Equal(7, app.Seen["order-1"]);
    }

    [Fact]
    public async Task Every_worker_holds_every_partition_and_runs_no_agent_before_it_has_caught_up()
    {
        using var broker = TestBroker.Start();
        var updates = broker.CreateTopic("price-updates", 4);
        var orders = broker.CreateTopic("orders", 4);
        var changelog = broker.CreateTopic("global-kafka-prices-changelog", 4);

        // Prices written before the workers start, each on its key's partition: 50 keys, each written 20 times.
        var products = Enumerable.Range(0, 50).Select(i => $"product-{i}").ToArray();
        Produce(broker, changelog,
            from round in Enumerable.Range(1, 20) from product in products select (product, round * 100L + product.Length));
        // Half the orders wait for the workers; the other half comes once the two share the partitions, so both price some.
        Produce(broker, orders, products.Take(25).Select(p => ("order-of-" + p, p)));

        await using var a = new PriceApp(broker.Name("global-kafka"), s => s.Broker = broker.BrokerUrl, broker.Name);
        await using var b = new PriceApp(broker.Name("global-kafka"), s => s.Broker = broker.BrokerUrl, broker.Name);
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        await Wait.UntilAsync(() => a.Assignment.Count > 0 && b.Assignment.Count > 0, "both workers have partitions", 30);
        Produce(broker, orders, products.Skip(25).Select(p => ("order-of-" + p, p)));

        // Every order was priced with the last of the 20 prices: no agent ran before its worker had read the whole table.
        // (An order may be priced twice, by the worker that had it before the rebalance and by its next owner.)
        await Wait.UntilAsync(() => a.Seen.Keys.Union(b.Seen.Keys).Count() == products.Length, "every order is priced", 30);
        Assert.All(a.Seen.Concat(b.Seen), seen => Assert.Equal(2000 + seen.Key.Length - "order-of-".Length, seen.Value));
        Assert.NotEmpty(a.Seen);
        Assert.NotEmpty(b.Seen);
        Assert.Equal(products.Length, a.Prices.Count);
        Assert.Equal(products.Length, b.Prices.Count);

        // A price changed by whichever worker owns the update's partition reaches both; so does a removal.
        Produce(broker, updates, products.Take(8).Select(p => (p, 1L)));
        await Wait.UntilAsync(() => products.Take(8).All(p => a.Prices[p] == 1 && b.Prices[p] == 1), "both workers see the eight new prices", 30);
        a.Prices.Remove(products[^1]);
        await Wait.UntilAsync(() => !a.Prices.ContainsKey(products[^1]) && !b.Prices.ContainsKey(products[^1]), "both workers apply the removal", 30);
        Assert.Equal(products.Length - 1, b.Prices.Count);
    }

    /// <summary>Writes raw-keyed, JSON-valued records (as the apps read them), each on its key's partition.</summary>
    private static void Produce<TValue>(TestBroker broker, string topic, IEnumerable<(string Key, TValue Value)> records)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            LingerMs = 5,
            Partitioner = Confluent.Kafka.Partitioner.Murmur2Random,
        }).Build();
        foreach (var (key, value) in records)
        {
            var json = value is string text ? $"\"{text}\"" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
            producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(json) });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }
}
