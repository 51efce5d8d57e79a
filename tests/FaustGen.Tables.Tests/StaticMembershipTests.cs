using Xunit.Abstractions;

namespace FaustGen.Tables.Tests;

/// <summary>Static group membership (InstanceId): a worker restarted within the session timeout gets its partitions and
/// its rocksdb:// data back, and replays nothing. (The embedded broker still rebalances the group when the static
/// member rejoins; a Kafka broker hands it its assignment without one.)</summary>
public sealed class StaticMembershipTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task A_restarted_static_member_gets_its_partitions_and_local_state_back_without_replaying()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 4);
        using var replays = new ReplayMeter();
        Action<AppSettings> Worker(string name) => s =>
        {
            s.InstanceId = name;
            s.Store = "rocksdb://";
            s.DataDirectory = directory.Sub(name);
            // Long enough for the restart: the group waits for the static member instead of rebalancing.
            s.BrokerProperties["consumer.session.timeout.ms"] = "4000";
        };

        await using var steady = new CountApp(broker.Name("static"), broker.BrokerUrl, words, Worker("steady"));
        var restarting = new CountApp(broker.Name("static"), broker.BrokerUrl, words, Worker("restarting"));
        await Task.WhenAll(steady.StartAsync(), restarting.StartAsync());
        await Wait.UntilAsync(() => steady.Assignment.Count == 2 && restarting.Assignment.Count == 2, "the workers share the partitions");
        Kafka.Feed(broker.BootstrapServers, words, Enumerable.Range(0, 800).Select(i => $"w{i % 80}"));
        await Wait.UntilAsync(() => steady.Processed + restarting.Processed == 800, "800 words are counted");
        var partitions = restarting.Assignment.Select(tp => tp.Partition).Order().ToList();
        var assignments = steady.Log.Count("was assigned");
        await restarting.StopAsync();

        await using var restarted = new CountApp(broker.Name("static"), broker.BrokerUrl, words, Worker("restarting"));
        var replayedBefore = replays.Recovered(broker.Name("static"));
        await restarted.StartAsync();
        await Wait.UntilAsync(() => restarted.Assignment.Count == 2 && restarted.Recovery.IsComplete, "the restarted worker has its partitions");
        output.WriteLine($"partitions before {string.Join(", ", partitions)}, after {string.Join(", ", restarted.Assignment.Select(tp => tp.Partition).Order())}; " +
            $"replayed on restart {replays.Recovered(broker.Name("static")) - replayedBefore}; assignments of the other worker {assignments} then {steady.Log.Count("was assigned")}");

        Assert.Equal(partitions, restarted.Assignment.Select(tp => tp.Partition).Order());
        Assert.Equal(0, replays.Recovered(broker.Name("static")) - replayedBefore);
        var word = Enumerable.Range(0, 80).Select(i => $"w{i}").First(w => partitions.Contains(Kafka.PartitionOf(w, 4)));
        Kafka.Feed(broker.BootstrapServers, words, [word]);
        await Wait.UntilAsync(() => restarted.Processed == 1, "one more word is counted");
        Assert.Equal(11, restarted.Counts[word]);
    }
}
