using System.Collections.Concurrent;
using System.Text;
using FaustGen.Testing;
using FaustGen.Transport;
using static FaustGen.Tests.AgentTests;

namespace FaustGen.Tests;

public sealed class StreamTests
{
    [Fact]
    public async Task Values_items_events_and_enumerate_read_the_stream()
    {
        var values = new ConcurrentQueue<string>();
        var items = new ConcurrentQueue<string>();
        var events = new ConcurrentQueue<string>();
        var numbered = new ConcurrentQueue<string>();
        var app = new TestApps.Defined("views", d =>
        {
            d.StreamAgent("values", d.Topic<string, string>("a"), async (stream, _) =>
            {
                await foreach (var v in stream)
                {
                    values.Enqueue(v);
                }
            });
            d.StreamAgent("items", d.Topic<string, string>("b"), async (stream, _) =>
            {
                await foreach (var (k, v) in stream.Items())
                {
                    items.Enqueue($"{k}={v}");
                }
            });
            d.StreamAgent("events", d.Topic<string, string>("c"), async (stream, _) =>
            {
                await foreach (var e in stream.Events())
                {
                    events.Enqueue($"{e.Key}={e.Value}@{e.Offset}");
                }
            });
            d.StreamAgent("enumerate", d.Topic<string, string>("d"), async (stream, _) =>
            {
                await foreach (var (i, v) in stream.Enumerate())
                {
                    numbered.Enqueue($"{i}:{v}");
                }
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        foreach (var topic in new[] { "a", "b", "c", "d" })
        {
            await test.PutAsync(app.GetTopic<string, string>(topic), "k", "x", partition: 0);
            await test.PutAsync(app.GetTopic<string, string>(topic), "j", "y", partition: 0);
        }

        Assert.Equal(["x", "y"], values);
        Assert.Equal(["k=x", "j=y"], items);
        Assert.Equal(["k=x@0", "j=y@1"], events);
        Assert.Equal(["0:x", "1:y"], numbered);
    }

    [Fact]
    public async Task Where_drops_and_acknowledges_what_does_not_match()
    {
        var even = new ConcurrentQueue<int>();
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("filter", d =>
        {
            numbers = d.Topic<string, int>("numbers", new TopicOptions { Partitions = 1 });
            d.StreamAgent("even", numbers, async (stream, _) =>
            {
                await foreach (var n in stream.Where(n => n % 2 == 0))
                {
                    even.Enqueue(n);
                }
            });
        });
        app.Settings.TopicPartitions = 1;
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 10; i++)
        {
            await test.PutAsync(numbers, "k", i);
        }

        Assert.Equal([0, 2, 4, 6, 8], even);
        await app.CommitAsync();
        Assert.Equal(10, test.Broker.CommittedOffset("filter", new TopicPartition("numbers", 0)));
    }

    [Fact]
    public async Task Take_groups_by_count_and_flushes_a_partial_group_after_the_time_window()
    {
        var groups = new ConcurrentQueue<int[]>();
        var release = new TaskCompletionSource();
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("take", d =>
        {
            numbers = d.Topic<string, int>("numbers", new TopicOptions { Partitions = 1 });
            d.StreamAgent("batch", numbers, async (stream, ct) =>
            {
                await foreach (var group in stream.Take(10, TimeSpan.FromMilliseconds(300)))
                {
                    groups.Enqueue([.. group]);
                    if (groups.Count == 3)
                    {
                        await release.Task.WaitAsync(ct);
                    }
                }
            });
        });
        app.Settings.TopicPartitions = 1;
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 25; i++)
        {
            await numbers.SendAsync("k", i);
        }

        await WaitForAsync(() => groups.Count == 3);
        Assert.Equal([10, 10, 5], groups.Select(g => g.Length));
        Assert.Equal(Enumerable.Range(0, 25), groups.SelectMany(g => g));

        // A group is acknowledged when the next one is asked for: the third is still being handled.
        await app.CommitAsync();
        Assert.Equal(20, test.Broker.CommittedOffset("take", new TopicPartition("numbers", 0)));
        release.SetResult();
        await WaitForAsync(() => app.Agents.Single().Processed == 25);
        await app.CommitAsync();
        Assert.Equal(25, test.Broker.CommittedOffset("take", new TopicPartition("numbers", 0)));
    }

    [Fact]
    public async Task Tables_can_be_changed_while_a_group_from_take_is_handled()
    {
        Topic<string, int> numbers = null!;
        Table<string, long> sums = null!;
        var app = new TestApps.Defined("take-table", d =>
        {
            numbers = d.Topic<string, int>("numbers", new TopicOptions { Partitions = 1 });
            sums = d.Table<string, long>("sums");
            d.StreamAgent("sum", numbers, async (stream, _) =>
            {
                await foreach (var group in stream.Take(4, TimeSpan.FromMilliseconds(100)))
                {
                    sums["all"] += group.Sum();
                }
            });
        });
        app.Settings.TopicPartitions = 1;
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 1; i <= 10; i++)
        {
            await numbers.SendAsync("k", i);
        }

        await WaitForAsync(() => sums.ContainsKey("all") && sums["all"] == 55);
        Assert.Equal(0, app.Agents.Single().Failed);
    }

    [Fact]
    public async Task Group_by_repartitions_so_each_key_lands_on_its_partition()
    {
        Topic<string, string> orders = null!;
        Table<string, long> perCustomer = null!;
        var app = new TestApps.Defined("regroup", d =>
        {
            orders = d.Topic<string, string>("orders");
            perCustomer = d.Table<string, long>("per-customer");
            d.StreamAgent("by-customer", orders, async (stream, _) =>
            {
                // Value "customer:item"; the source key is the order id.
                await foreach (var (customer, _) in stream.GroupBy(v => v.Split(':')[0], "by-customer").Items())
                {
                    perCustomer[customer] += 1;
                }
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        var customers = new[] { "ann", "bob", "cy", "dee", "eve" };
        for (var i = 0; i < 100; i++)
        {
            await orders.SendAsync($"order-{i}", $"{customers[i % 5]}:item{i}");
        }

        await test.WaitIdleAsync();
        foreach (var customer in customers)
        {
            Assert.Equal(20, perCustomer[customer]);
        }

        // Every record in the repartition topic sits on the partition its new key hashes to.
        var repartition = "regroup-by-customer-repartition";
        Assert.True(test.Broker.TryGetPartitionCount(repartition, out var count));
        for (var p = 0; p < count; p++)
        {
            Assert.All(test.Broker.Read(repartition, p), r => Assert.Equal(p, FaustGen.Transport.Partitioner.ForKey(r.Key, count)));
        }

        Assert.Equal(100, test.Broker.ReadAll(repartition).Count);
    }

    [Fact]
    public async Task Through_forwards_every_event_and_reads_it_back()
    {
        var seen = new ConcurrentQueue<string>();
        Topic<string, string> input = null!;
        Topic<string, string> backup = null!;
        var app = new TestApps.Defined("through", d =>
        {
            input = d.Topic<string, string>("input");
            backup = d.Topic<string, string>("backup");
            d.StreamAgent("copy", input, async (stream, _) =>
            {
                await foreach (var (k, v) in stream.Through(backup).Items())
                {
                    seen.Enqueue($"{k}={v}");
                }
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await input.SendAsync("a", "1");
        await input.SendAsync("b", "2");
        await test.WaitIdleAsync();
        Assert.Equal(["a=1", "b=2"], seen.Order());
        Assert.Equal(2, test.Sent(backup).Count);
    }

    [Fact]
    public async Task No_ack_streams_commit_only_what_the_agent_acknowledges()
    {
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("noack", d =>
        {
            numbers = d.Topic<string, int>("numbers", new TopicOptions { Partitions = 1 });
            d.StreamAgent("manual", numbers, async (stream, _) =>
            {
                var manual = stream.NoAck();
                await foreach (var e in manual.Events())
                {
                    if (e.Value < 3)
                    {
                        manual.Ack(e);
                    }
                }
            });
        });
        app.Settings.TopicPartitions = 1;
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 5; i++)
        {
            await numbers.SendAsync("k", i);
        }

        await WaitForAsync(() => app.Agents.Single().Processed == 3);
        await Task.Delay(50);
        await app.CommitAsync();
        Assert.Equal(3, test.Broker.CommittedOffset("noack", new TopicPartition("numbers", 0)));
    }

    [Fact]
    public async Task Acknowledging_twice_is_an_error()
    {
        var errors = new ConcurrentQueue<Exception>();
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("double-ack", d =>
        {
            numbers = d.Topic<string, int>("numbers");
            d.StreamAgent("manual", numbers, async (stream, _) =>
            {
                var manual = stream.NoAck();
                await foreach (var e in manual.Events())
                {
                    manual.Ack(e);
                    errors.Enqueue(Assert.Throws<InvalidOperationException>(() => manual.Ack(e)));
                }
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(numbers, "k", 1);
        Assert.Single(errors);
    }

    [Fact]
    public async Task A_stream_agent_that_throws_is_restarted_where_it_stopped()
    {
        var seen = new ConcurrentQueue<int>();
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("restart", d =>
        {
            numbers = d.Topic<string, int>("numbers", new TopicOptions { Partitions = 1 });
            d.StreamAgent("fragile", numbers, async (stream, _) =>
            {
                await foreach (var n in stream)
                {
                    if (n == 2)
                    {
                        throw new InvalidOperationException("two");
                    }

                    seen.Enqueue(n);
                }
            });
        });
        app.Settings.TopicPartitions = 1;
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 5; i++)
        {
            await numbers.SendAsync("k", i);
        }

        await test.WaitIdleAsync();
        Assert.Equal([0, 1, 3, 4], seen);
        Assert.Equal(1, app.Agents.Single().Failed);
    }

    [Fact]
    public async Task A_yielding_agent_sends_what_it_yields_to_its_sinks()
    {
        Topic<string, string> input = null!;
        Topic<byte[], int> lengths = null!;
        Topic<byte[], int> audit = null!;
        var app = new TestApps.Defined("yielding", d =>
        {
            input = d.Topic<string, string>("words");
            lengths = d.Topic<byte[], int>("lengths");
            audit = d.Topic<byte[], int>("audit");
            d.YieldingAgent("measure", input, (stream, ct) => Lengths(stream, ct), [lengths, audit]);
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(input, "k", "four");
        await test.PutAsync(input, "k", "sixsix");
        Assert.Equal([4, 6], test.Sent(lengths).Select(s => s.Value).Order());
        Assert.Equal(2, test.Sent(audit).Count);

        static async IAsyncEnumerable<int> Lengths(IAgentStream<string, string> stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var word in stream.WithCancellation(ct))
            {
                yield return word.Length;
            }
        }
    }

    [Fact]
    public async Task The_app_can_wrap_the_streams_its_agents_read()
    {
        var app = new WrappingApp();
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(app.Input, "k", "v");
        Assert.Equal(1, app.Wrapped);
    }

    private sealed class WrappingApp : App
    {
        public int Wrapped;

        public Topic<string, string> Input { get; private set; } = null!;

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = "wrapping";
            Input = definition.Topic<string, string>("input");
            definition.StreamAgent("read", Input, async (stream, _) =>
            {
                await foreach (var unused in stream)
                {
                }
            });
        }

        protected override IAgentStream<TKey, TValue> CreateStream<TKey, TValue>(IAgentStream<TKey, TValue> stream)
        {
            Interlocked.Increment(ref Wrapped);
            return stream;
        }
    }
}
