using Xunit.Abstractions;

namespace FaustGen.Tables.Tests;

/// <summary>Standby copies: placement mirrors the range assignor, and a lost worker's partitions resume on workers
/// that already hold them.</summary>
public sealed class StandbyTests(ITestOutputHelper output)
{
    [Fact]
    public void Placement_holds_what_range_would_give_each_worker_if_another_were_lost()
    {
        // Range over 6 partitions: a [0, 1], b [2, 3], c [4, 5]. Losing c gives a [0, 1, 2], b [3, 4, 5]; losing b
        // gives a [0, 1, 2], c [3, 4, 5]; losing a gives b [0, 1, 2], c [3, 4, 5].
        (string, IReadOnlyCollection<int>)[] members = [("c", [4, 5]), ("a", [0, 1]), ("b", [2, 3])];
        Assert.Equal([2], StandbyPlacement.Plan(members, "a", 6, 1));
        Assert.Equal([0, 1, 4, 5], StandbyPlacement.Plan(members, "b", 6, 1));
        Assert.Equal([3], StandbyPlacement.Plan(members, "c", 6, 1));
        // Prepared for two losses, a also holds what it gets alone.
        Assert.Equal([2, 3, 4, 5], StandbyPlacement.Plan(members, "a", 6, 2));
        Assert.Empty(StandbyPlacement.Plan(members, "a", 6, 0));
        Assert.Empty(StandbyPlacement.Plan([("a", [0, 1, 2])], "a", 3, 1));
        Assert.Equal((0, 3), StandbyPlacement.RangeOf(0, 2, 5));
        Assert.Equal((3, 2), StandbyPlacement.RangeOf(1, 2, 5));
    }

    [Fact]
    public async Task A_lost_workers_partitions_resume_with_nothing_to_replay_on_workers_that_keep_standbys()
    {
        var without = await FailoverAsync(standbyReplicas: 0);
        var with = await FailoverAsync(standbyReplicas: 1);
        output.WriteLine($"changelog records replayed by the survivors after a worker was lost: {without} without standbys, {with} with one");

        // Without standbys the survivors rebuild every partition new to them (two or three of the six, by the
        // members' order: about 300 records each); with one, none.
        Assert.True(without >= 400, $"without standbys the survivors rebuild the partitions new to them ({without} records)");
        Assert.Equal(0, with);
    }

    /// <summary>Three workers count 1800 words over 6 partitions, one stops, and the survivors take over its
    /// partitions; returns how many changelog records the survivors replayed to rebuild them.</summary>
    private async Task<long> FailoverAsync(int standbyReplicas)
    {
        using var broker = TestBroker.Start();
        var topic = broker.CreateTopic("words", 6);
        using var replays = new ReplayMeter();
        var id = broker.Name($"failover-{standbyReplicas}");
        var workers = Enumerable.Range(0, 3).Select(_ => new CountApp(id, broker.BrokerUrl, topic, s => s.StandbyReplicas = standbyReplicas)).ToList();
        try
        {
            await Task.WhenAll(workers.Select(w => w.StartAsync()));
            await Wait.UntilAsync(() => workers.All(w => w.Assignment.Count == 2 && w.Recovery.IsComplete), "the three workers share the partitions");
            var words = Enumerable.Range(0, 1800).Select(i => $"w{i % 300}").ToList();
            Kafka.Feed(broker.BootstrapServers, topic, words);
            await Wait.UntilAsync(() => workers.Sum(w => w.Processed) == 1800, "1800 words are counted");

            // Everything is committed before the loss, so nothing is processed twice (the embedded broker refuses the
            // commit a revocation makes during a rebalance) and the counts below are exact.
            await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, id, topic, 6).Sum() == 1800, "the offsets of the 1800 words are committed");
            if (standbyReplicas > 0)
            {
                // The survivors' standby copies have read their changelogs to the end.
                var ends = Kafka.Ends(broker.BootstrapServers, $"{id}-counts-changelog", 6);
                await Wait.UntilAsync(
                    () => workers.All(w => w.Standbys.Count > 0 && replays.Standby(w) >= w.Standbys.Sum(tp => ends[tp.Partition])),
                    "the standby copies are up to date");
            }

            var survivors = workers.Take(2).ToList();
            var before = survivors.Sum(replays.Recovered);
            await workers[2].StopAsync();
            await Wait.UntilAsync(() => survivors.Sum(w => w.Assignment.Count) == 6 && survivors.All(w => w.Recovery.IsComplete),
                "the survivors own every partition and have rebuilt it");

            // Nothing was lost: every word's count is right wherever it lives now.
            var processed = survivors.Sum(w => w.Processed);
            Kafka.Feed(broker.BootstrapServers, topic, ["w0", "w1", "w2", "w3", "w4", "w5"]);
            await Wait.UntilAsync(() => survivors.Sum(w => w.Processed) == processed + 6, "six more words are counted");
            output.WriteLine(string.Join(", ", Enumerable.Range(0, 6).Select(i => $"w{i}: " + string.Join("/", survivors.Select(w => w.Counts[$"w{i}"])))));
            Assert.All(Enumerable.Range(0, 6), i => Assert.Equal(7, survivors.Max(w => w.Counts[$"w{i}"])));
            return survivors.Sum(replays.Recovered) - before;
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
