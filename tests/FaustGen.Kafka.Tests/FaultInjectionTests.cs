using Confluent.Kafka;
using FaustGen.Kafka.Embedded;

namespace FaustGen.Kafka.Tests;

/// <summary>Faults injected through the mock cluster: the real client retries, and nothing is lost.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Request_errors_on_fetch_commit_produce_and_heartbeat_lose_nothing()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("words", 3);
        await using var app = new Counter("request-errors", cluster.BrokerUrl);
        await app.StartAsync();
        Kafka.Feed(cluster, "words", Kafka.Words("a", 100));
        await Wait.UntilAsync(() => app.Seen.Count >= 10, "the app is counting");

        cluster.PushRequestErrors(KafkaApiKey.Fetch, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition);
        cluster.PushRequestErrors(KafkaApiKey.OffsetCommit, ErrorCode.RequestTimedOut, ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.NotCoordinatorForGroup);
        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotEnoughReplicas, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition);
        cluster.PushRequestErrors(KafkaApiKey.Heartbeat, ErrorCode.GroupLoadInProgress, ErrorCode.GroupCoordinatorNotAvailable);
        Kafka.Feed(cluster, "words", Kafka.Words("b", 200));

        var expected = Kafka.Words("a", 100).Concat(Kafka.Words("b", 200)).ToHashSet();
        await Wait.UntilAsync(() => expected.IsSubsetOf(app.Seen), "every input was counted at least once");
        await Wait.UntilAsync(() => Kafka.Committed(cluster, "request-errors", "words", 3).Sum() == 300, "every offset is committed");
        Assert.Equal(0, app.Log.Count("was not delivered"));
    }

    [Fact]
    public async Task A_broker_going_down_and_up_loses_nothing()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        cluster.CreateTopic("words", 3, replicationFactor: 3);
        await using var app = new Counter("broker-down", cluster.BrokerUrl, configure: s => s.ReplicationFactor = 3);
        await app.StartAsync();
        Kafka.Feed(cluster, "words", Kafka.Words("a", 100));
        await Wait.UntilAsync(() => app.Seen.Count >= 10, "the app is counting");

        cluster.SetBrokerDown(2);
        var feeding = Task.Run(() => Kafka.Feed(cluster, "words", Kafka.Words("b", 100)));
        await Task.Delay(1500);
        cluster.SetBrokerUp(2);
        await feeding;

        var expected = Kafka.Words("a", 100).Concat(Kafka.Words("b", 100)).ToHashSet();
        await Wait.UntilAsync(() => expected.IsSubsetOf(app.Seen), "every input was counted at least once", seconds: 30);
        await Wait.UntilAsync(() => Kafka.Committed(cluster, "broker-down", "words", 3).Sum() == 200, "every offset is committed", seconds: 30);
    }

    [Fact]
    public async Task A_worker_cut_off_from_the_cluster_still_stops_when_asked()
    {
        // Only a cluster with transactions can cut clients off (its brokers are reached through a proxy).
        using var cluster = EmbeddedKafkaCluster.Start(transactions: true);
        cluster.CreateTopic("words", 2);
        await using var app = new Counter("cut-off", cluster.BrokerUrl, configure: s =>
        {
            s.ClientId = "cut-off-worker";
            s.ShutdownTimeout = TimeSpan.FromSeconds(2);
            s.CommitInterval = TimeSpan.FromHours(1);
        });
        await app.StartAsync();
        Kafka.Feed(cluster, "words", Kafka.Words("a", 50));
        await Wait.UntilAsync(() => app.Seen.Count == 50, "the app counted the words");

        // Its final commit and its leaving the group can never reach the coordinator: each gives up after its timeout
        // (librdkafka's synchronous commit and close alone would wait for good).
        cluster.Isolate("cut-off-worker");
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(AppState.Stopped, app.State);
        Assert.Equal(1, app.Log.Count("did not complete within"));
    }

    [Fact]
    public async Task A_worker_that_loses_its_membership_drops_its_partitions_without_committing_and_rejoins()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("words", 2);
        await using var app = new Counter("lost", cluster.BrokerUrl);
        await app.StartAsync();
        Kafka.Feed(cluster, "words", Kafka.Words("a", 50));
        await Wait.UntilAsync(() => app.Seen.Count == 50, "the app counted the first words");

        // The coordinator forgets the member: librdkafka reports the assignment as lost and joins again.
        cluster.PushRequestErrors(KafkaApiKey.Heartbeat, ErrorCode.UnknownMemberId);
        await Wait.UntilAsync(() => app.Log.Count("lost partitions") == 1, "the lost partitions are reported");
        Kafka.Feed(cluster, "words", Kafka.Words("b", 50));
        var expected = Kafka.Words("a", 50).Concat(Kafka.Words("b", 50)).ToHashSet();
        await Wait.UntilAsync(() => expected.IsSubsetOf(app.Seen), "every input was counted at least once");
        await Wait.UntilAsync(() => app.Assignment.Count == 2, "the worker holds both partitions again");
    }
}
