using System.Collections.Concurrent;

namespace FaustGen.Kafka.Tests;

/// <summary>Several workers of one app in one process form a consumer group on an embedded cluster.</summary>
public sealed class GroupTests
{
    [Fact]
    public async Task Stopping_one_of_three_workers_mid_stream_moves_its_partitions_to_the_others_and_loses_nothing()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 6);
        var seen = new ConcurrentBag<string>();
        await using var first = new Counter(broker.Name("three"), broker.BrokerUrl, words, seen);
        await using var second = new Counter(broker.Name("three"), broker.BrokerUrl, words, seen);
        await using var third = new Counter(broker.Name("three"), broker.BrokerUrl, words, seen);
        Counter[] workers = [first, second, third];
        foreach (var worker in workers)
        {
            await worker.StartAsync();
        }

        await Wait.UntilAsync(() => workers.All(w => w.Assignment.Count == 2), "each of the three workers holds 2 of the 6 partitions");

        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("a", 300));
        await Wait.UntilAsync(() => seen.Count >= 100, "the stream is under way");
        await second.StopAsync();
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("b", 300));

        var expected = Kafka.Words("a", 300).Concat(Kafka.Words("b", 300)).ToHashSet();
        await Wait.UntilAsync(() => expected.IsSubsetOf(seen), "every input was counted at least once");
        await Wait.UntilAsync(() => first.Assignment.Count + third.Assignment.Count == 6, "the two remaining workers hold all 6 partitions");
        Assert.Equal(6, first.Assignment.Concat(third.Assignment).Distinct().Count());
    }

    [Theory]
    [InlineData(PartitionAssignmentStrategy.Range)]
    [InlineData(PartitionAssignmentStrategy.CooperativeSticky)]
    public async Task Workers_joining_and_leaving_mid_stream_lose_nothing_with_either_assignment_strategy(PartitionAssignmentStrategy strategy)
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 4);
        var seen = new ConcurrentBag<string>();
        void Configure(AppSettings settings) => settings.PartitionAssignmentStrategy = strategy;
        await using var first = new Counter(broker.Name("joiners"), broker.BrokerUrl, words, seen, Configure);
        await using var second = new Counter(broker.Name("joiners"), broker.BrokerUrl, words, seen, Configure);
        await first.StartAsync();
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("a", 200));
        await Wait.UntilAsync(() => seen.Count >= 50, "the first worker is counting");

        // Watch what the first worker holds while the second joins.
        var fewest = int.MaxValue;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                fewest = Math.Min(fewest, first.Assignment.Count);
                await Task.Delay(2);
            }
        });
        await second.StartAsync();
        await Wait.UntilAsync(() => first.Assignment.Count == 2 && second.Assignment.Count == 2, "the two workers share the 4 partitions");
        await watching.CancelAsync();
        await watcher;
        if (strategy == PartitionAssignmentStrategy.CooperativeSticky)
        {
            // Incremental rebalance: the first worker gave up only the two partitions that moved.
            Assert.Equal(2, fewest);
        }

        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("b", 200));
        await first.StopAsync();
        await Wait.UntilAsync(() => second.Assignment.Count == 4, "the second worker holds every partition");
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("c", 200));

        var expected = Kafka.Words("a", 200).Concat(Kafka.Words("b", 200)).Concat(Kafka.Words("c", 200)).ToHashSet();
        await Wait.UntilAsync(() => expected.IsSubsetOf(seen), "every input was counted at least once");
        Assert.Equal(0, first.Log.Count("lost partitions") + second.Log.Count("lost partitions"));
    }

    [Fact]
    public async Task A_rebalance_while_events_are_in_flight_commits_only_what_was_processed_and_loses_nothing()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 4);
        var seen = new ConcurrentBag<string>();
        static async ValueTask Slow(Event<string, string> e, CancellationToken cancellationToken) => await Task.Delay(5, cancellationToken);
        await using var first = new Counter(broker.Name("inflight"), broker.BrokerUrl, words, seen, before: Slow);
        await using var second = new Counter(broker.Name("inflight"), broker.BrokerUrl, words, seen, before: Slow);
        await first.StartAsync();
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("a", 400));
        await Wait.UntilAsync(() => seen.Count >= 20, "events are in flight");

        await second.StartAsync();
        var expected = Kafka.Words("a", 400).ToHashSet();
        await Wait.UntilAsync(() => expected.IsSubsetOf(seen), "every input was counted at least once");
        await first.StopAsync();

        // The mock broker refuses commits while a rebalance is under way (Kafka accepts them from the current
        // generation), so the second worker may process again what the first had finished: at least once.
        var ends = Enumerable.Range(0, 4)
            .Select(p => (long)expected.Count(w => Transport.Partitioner.ForKey(System.Text.Encoding.UTF8.GetBytes(w), 4) == p))
            .ToArray();
        await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, broker.Name("inflight"), words, 4).SequenceEqual(ends), "the second worker has committed every partition to its end");
        await second.StopAsync();
        Assert.Equal(ends, Kafka.Committed(broker.BootstrapServers, broker.Name("inflight"), words, 4));
    }
}
