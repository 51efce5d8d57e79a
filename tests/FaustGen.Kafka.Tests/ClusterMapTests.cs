namespace FaustGen.Kafka.Tests;

/// <summary>The cluster map and leader election, on the in-process transport and on a Kafka broker.</summary>
public sealed class ClusterMapTests
{
    [Theory]
    [InlineData("memory")]
    [InlineData("embedded")]
    public async Task Every_worker_sees_the_same_members_owners_and_leader_and_the_map_follows_a_worker_leaving(string scheme)
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 6);
        var brokerUrl = scheme == "embedded" ? broker.BrokerUrl : "memory://cluster-map-" + Guid.NewGuid().ToString("N");
        var topic = scheme == "embedded" ? words : "words";
        var urls = new[] { "http://w1:6066", "http://w2:6066", "http://w3:6066" };
        var workers = new List<Counter>();
        foreach (var url in urls)
        {
            var worker = new Counter(broker.Name("mapped"), brokerUrl, topic, configure: s =>
            {
                s.CanonicalUrl = url;
                s.TopicPartitions = 6;
            });
            workers.Add(worker);
            await worker.StartAsync();
            // Start times are kept in milliseconds; workers started within one are ordered by id instead.
            await Task.Delay(5);
        }

        try
        {
            await Wait.UntilAsync(() => workers.All(w => w.Assignment.Count == 2), "each worker holds 2 of the 6 partitions");
            await Wait.UntilAsync(() => workers.All(w => Agrees(w, workers)), "every worker's map shows every worker's partitions");

            var first = workers[0];
            Assert.All(workers, w => Assert.Equal(first.Cluster.MemberId, w.Cluster.Leader?.Id));
            Assert.Single(workers, w => w.IsLeader);
            Assert.True(first.IsLeader);
            Assert.Equal(urls, first.Cluster.Members.Select(m => m.Url));

            await first.StopAsync();
            var rest = workers.Skip(1).ToList();
            await Wait.UntilAsync(() => rest.All(w => w.Assignment.Count == 3), "the two remaining workers hold 3 partitions each");
            await Wait.UntilAsync(() => rest.All(w => w.Cluster.Members.Count == 2 && Agrees(w, rest)), "the maps drop the worker that left");
            Assert.All(rest, w => Assert.Equal(workers[1].Cluster.MemberId, w.Cluster.Leader?.Id));
            Assert.True(workers[1].IsLeader);
            Assert.False(first.IsLeader);
            Assert.Empty(first.Cluster.Members);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_worker_that_stops_publishing_expires_from_the_map_and_its_leadership_passes_on()
    {
        var name = "cluster-expiry-" + Guid.NewGuid().ToString("N");
        await using var app = new Counter("expiry", "memory://" + name, configure: s => s.ClusterHeartbeatInterval = TimeSpan.FromMilliseconds(200));
        await app.StartAsync();
        Assert.True(app.IsLeader);

        // A worker that started earlier, holds words[0] and then crashes: it publishes once and never again.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var entry = $$"""{"url":"http://crashed:6066","started":{{now - 60_000}},"updated":{{now}},"partitions":[{"topic":"words","partitions":[0]}]}""";
        Transport.Memory.MemoryBroker.Get(name).Append(
            new Transport.OutgoingMessage("expiry-__cluster", 0, "crashed"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(entry)), 1);
        await Wait.UntilAsync(() => app.Cluster.Members.Count == 2, "the map shows the other worker");
        Assert.Equal("crashed", app.Cluster.Leader?.Id);
        Assert.Equal("http://crashed:6066", app.Cluster.Leader?.Url);
        Assert.False(app.IsLeader);

        await Wait.UntilAsync(() => app.Cluster.Members.Count == 1, "the silent worker expires after three intervals", seconds: 5);
        Assert.True(app.IsLeader);
    }

    /// <summary>Whether <paramref name="viewer"/>'s map names, for every partition, the worker that holds it.</summary>
    private static bool Agrees(Counter viewer, List<Counter> workers) =>
        viewer.Cluster.Members.Count == workers.Count &&
        workers.All(owner => owner.Assignment.All(p => viewer.Cluster.OwnerOf(p)?.Id == owner.Cluster.MemberId));
}
