using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace FaustGen.Tables.Tests;

/// <summary>Changelog recovery on a Kafka broker: before dispatch, across restarts, across rebalances.</summary>
public sealed class RecoveryTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("memory://")]
    [InlineData("rocksdb://")]
    public async Task A_partition_is_rebuilt_from_its_changelog_before_its_agents_get_events(string store)
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 4);
        broker.CreateTopic("recover-counts-changelog", 4);
        var partition = Kafka.PartitionOf("k", 4);
        // A changelog written by an earlier worker: 3000 successive counts of "k", and one of "other".
        Kafka.Produce(broker.BootstrapServers, broker.Name("recover-counts-changelog"),
            Enumerable.Range(1, 3000).Select(i => (Encoding.UTF8.GetBytes("k"), (byte[]?)Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), (int?)partition))
                .Append((Encoding.UTF8.GetBytes("other"), Encoding.UTF8.GetBytes("5"), Kafka.PartitionOf("other", 4))));
        Kafka.Feed(broker.BootstrapServers, words, ["k", "k", "other"]);

        await using var app = new CountApp(broker.Name("recover"), broker.BrokerUrl, words, s =>
        {
            s.Store = store;
            s.DataDirectory = directory.Path;
        });
        await app.StartAsync();
        await Wait.UntilAsync(() => app.Processed == 3, "the three words are counted");

        Assert.Equal([3000L, 3001L], app.Before["k"]);
        Assert.Equal([5L], app.Before["other"]);
        Assert.Equal(3002, app.Counts["k"]);
        Assert.True(app.Recovery.IsComplete);
        Assert.Contains(app.Log.Lines, l => l.Contains($"recovered table counts partition {partition}: 3000 records", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restart_with_rocksdb_replays_only_what_other_workers_wrote_meanwhile()
    {
        using var broker = TestBroker.Start();
        var topic = broker.CreateTopic("words", 4);
        using var replays = new ReplayMeter();
        var words = Enumerable.Range(0, 2000).Select(i => $"w{i % 50}").ToList();
        Kafka.Feed(broker.BootstrapServers, topic, words);

        var first = new CountApp(broker.Name("restart"), broker.BrokerUrl, topic, Rocks(directory.Sub("a")));
        await first.StartAsync();
        await Wait.UntilAsync(() => first.Processed == 2000, "the first worker counted 2000 words");
        await first.StopAsync();
        var firstReplay = replays.Recovered(broker.Name("restart"));

        // Another worker, with a data directory of its own, counts 300 more while the first is down.
        var other = new CountApp(broker.Name("restart"), broker.BrokerUrl, topic, Rocks(directory.Sub("b")));
        await other.StartAsync();
        Kafka.Feed(broker.BootstrapServers, topic, words.Take(300));
        await Wait.UntilAsync(() => other.Processed == 300, "the other worker counted 300 words");
        await other.StopAsync();
        var otherReplay = replays.Recovered(broker.Name("restart")) - firstReplay;

        await using var restarted = new CountApp(broker.Name("restart"), broker.BrokerUrl, topic, Rocks(directory.Sub("a")));
        await restarted.StartAsync();
        await Wait.UntilAsync(() => restarted.Recovery.IsComplete && restarted.Assignment.Count == 4, "the restarted worker is rebuilt");
        Kafka.Feed(broker.BootstrapServers, topic, ["w0"]);
        await Wait.UntilAsync(() => restarted.Processed == 1, "one more word is counted");
        var restartReplay = replays.Recovered(broker.Name("restart")) - firstReplay - otherReplay;
        output.WriteLine($"replayed: first start {firstReplay}, other worker {otherReplay}, restart {restartReplay}");

        Assert.Equal(0, firstReplay);
        Assert.Equal(2000, otherReplay);
        Assert.Equal(300, restartReplay);
        Assert.Equal(2000 / 50 + 300 / 50 + 1, restarted.Counts["w0"]);
    }

    [Fact]
    public async Task A_worker_keeps_the_partitions_a_rebalance_took_from_it_and_replays_only_the_delta_when_they_return()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 4);
        using var replays = new ReplayMeter();
        Kafka.Feed(broker.BootstrapServers, words, Enumerable.Range(0, 1000).Select(i => $"w{i % 40}"));
        await using var first = new CountApp(broker.Name("memory-retained"), broker.BrokerUrl, words);
        await first.StartAsync();
        await Wait.UntilAsync(() => first.Processed == 1000, "1000 words are counted");
        // Committed before the second worker joins: the embedded broker refuses the commit a revocation makes while the
        // group rebalances, and words processed again would add to the changelog while the newcomer replays it.
        await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, broker.Name("memory-retained"), words, 4).Sum() == 1000, "the offsets of the 1000 words are committed");
        Assert.Equal(0, replays.Recovered(broker.Name("memory-retained")));

        // A second worker joins: the eager protocol takes all four partitions from the first, then gives two back.
        await using var second = new CountApp(broker.Name("memory-retained"), broker.BrokerUrl, words);
        await second.StartAsync();
        await Wait.UntilAsync(() => first.Assignment.Count == 2 && second.Assignment.Count == 2 && first.Recovery.IsComplete && second.Recovery.IsComplete &&
            second.Log.Count("recovered table counts partition") == 2, "the partitions are split and rebuilt");
        var ends = Kafka.Ends(broker.BootstrapServers, broker.Name("memory-retained-counts-changelog"), 4);
        var secondPartitions = second.Assignment.Select(tp => tp.Partition).ToList();
        output.WriteLine($"replayed: first {replays.Recovered(first)}, second {replays.Recovered(second)}, changelog ends {string.Join(", ", ends)}, second worker got {string.Join(", ", secondPartitions)}");

        // The first worker's kept partitions replay nothing; the newcomer replays its two partitions in full.
        Assert.Equal(0, replays.Recovered(first));
        Assert.Equal(secondPartitions.Sum(p => ends[p]), replays.Recovered(second));
    }

    [Fact]
    public async Task A_revocation_during_recovery_cancels_it_and_the_next_owner_rebuilds_the_partition()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 4);
        broker.CreateTopic("slow-counts-changelog", 4);
        using var replays = new ReplayMeter();
        // 15 successive counts of 100 keys per partition, that take 1 ms each to decode: 6 s to replay on one worker.
        var keys = Enumerable.Range(0, 4).Select(p => Enumerable.Range(0, 2000).Select(i => $"k{i}").Where(w => Kafka.PartitionOf(w, 4) == p).Take(100).ToArray()).ToArray();
        Kafka.Produce(broker.BootstrapServers, broker.Name("slow-counts-changelog"),
            from round in Enumerable.Range(1, 15)
            from p in Enumerable.Range(0, 4)
            from key in keys[p]
            select (Encoding.UTF8.GetBytes(key), (byte[]?)BitConverter.GetBytes((long)round), (int?)p));

        await using var first = new CountApp(broker.Name("slow"), broker.BrokerUrl, words, valueCodec: SlowLongCodec.Instance);
        await first.StartAsync();
        await Wait.UntilAsync(() => replays.Recovered(broker.Name("slow")) > 200, "recovery has started");
        Assert.False(first.Recovery.IsComplete);
        await using var second = new CountApp(broker.Name("slow"), broker.BrokerUrl, words, valueCodec: SlowLongCodec.Instance);
        await second.StartAsync();
        await Wait.UntilAsync(() => first.Assignment.Count == 2 && second.Assignment.Count == 2 && first.Recovery.IsComplete && second.Recovery.IsComplete,
            "both workers have rebuilt their partitions", seconds: 60);

        // The first worker finished none of the partitions it lost; their new owner rebuilt them in full.
        foreach (var tp in second.Assignment)
        {
            Assert.DoesNotContain(first.Log.Lines, l => l.Contains($"recovered table counts partition {tp.Partition}:", StringComparison.Ordinal));
            Assert.Contains(second.Log.Lines, l => l.Contains($"recovered table counts partition {tp.Partition}: 1500 records", StringComparison.Ordinal));
        }

        Kafka.Feed(broker.BootstrapServers, words, keys.Select(k => k[0]));
        await Wait.UntilAsync(() => first.Processed + second.Processed == 4, "one word per partition is counted");
        var before = first.Before.Concat(second.Before).ToDictionary(e => e.Key, e => e.Value.Single());
        Assert.Equal(4, before.Count);
        Assert.All(before.Values, count => Assert.Equal(15, count));
        output.WriteLine($"replayed in all: {replays.Recovered(broker.Name("slow"))} records for a changelog of 6000");
    }

    private Action<AppSettings> Rocks(string path) => s =>
    {
        s.Store = "rocksdb://";
        s.DataDirectory = path;
    };
}
