using Confluent.Kafka;
using FaustGen.Kafka.Embedded;

namespace FaustGen.Kafka.Tests;

/// <summary>Faults injected through the mock cluster: the real client retries, and nothing is lost.</summary>
public sealed class FaultInjectionTests
{
    [EmbeddedFact("injects request errors")]
    public async Task Request_errors_on_fetch_commit_produce_and_heartbeat_lose_nothing()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 3);
        await using var app = new Counter(broker.Name("request-errors"), broker.BrokerUrl, words);
        await app.StartAsync();
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("a", 100));
        await Wait.UntilAsync(() => app.Seen.Count >= 10, "the app is counting");

        broker.Embedded.PushRequestErrors(KafkaApiKey.Fetch, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition);
        broker.Embedded.PushRequestErrors(KafkaApiKey.OffsetCommit, ErrorCode.RequestTimedOut, ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.NotCoordinatorForGroup);
        broker.Embedded.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotEnoughReplicas, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition);
        broker.Embedded.PushRequestErrors(KafkaApiKey.Heartbeat, ErrorCode.GroupLoadInProgress, ErrorCode.GroupCoordinatorNotAvailable);
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("b", 200));

        var expected = Kafka.Words("a", 100).Concat(Kafka.Words("b", 200)).ToHashSet();
        await Wait.UntilAsync(() => expected.IsSubsetOf(app.Seen), "every input was counted at least once");
        await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, broker.Name("request-errors"), words, 3).Sum() == 300, "every offset is committed");
        Assert.Equal(0, app.Log.Count("was not delivered"));
    }

    [EmbeddedFact("sets a broker of three down")]
    public async Task A_broker_going_down_and_up_loses_nothing()
    {
        using var broker = TestBroker.Start(brokers: 3);
        var words = broker.CreateTopic("words", 3, replicationFactor: 3);
        await using var app = new Counter(broker.Name("broker-down"), broker.BrokerUrl, words, configure: s => s.ReplicationFactor = 3);
        await app.StartAsync();
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("a", 100));
        await Wait.UntilAsync(() => app.Seen.Count >= 10, "the app is counting");

        broker.Embedded.SetBrokerDown(2);
        var feeding = Task.Run(() => Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("b", 100)));
        await Task.Delay(1500);
        broker.Embedded.SetBrokerUp(2);
        await feeding;

        var expected = Kafka.Words("a", 100).Concat(Kafka.Words("b", 100)).ToHashSet();
        await Wait.UntilAsync(() => expected.IsSubsetOf(app.Seen), "every input was counted at least once", seconds: 30);
        await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, broker.Name("broker-down"), words, 3).Sum() == 200, "every offset is committed", seconds: 30);
    }

    [EmbeddedFact("cuts a worker off from the cluster")]
    public async Task A_worker_cut_off_from_the_cluster_still_stops_when_asked()
    {
        // Only a cluster with transactions can cut clients off (its brokers are reached through a proxy).
        using var broker = TestBroker.Start(transactions: true);
        var words = broker.CreateTopic("words", 2);
        await using var app = new Counter(broker.Name("cut-off"), broker.BrokerUrl, words, configure: s =>
        {
            s.ClientId = "cut-off-worker";
            s.ShutdownTimeout = TimeSpan.FromSeconds(2);
            s.CommitInterval = TimeSpan.FromHours(1);
        });
        await app.StartAsync();
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("a", 50));
        await Wait.UntilAsync(() => app.Seen.Count == 50, "the app counted the words");

        // Its final commit and its leaving the group can never reach the coordinator: each gives up after its timeout
        // (librdkafka's synchronous commit and close alone would wait for good).
        broker.Embedded.Isolate("cut-off-worker");
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(AppState.Stopped, app.State);
        Assert.Equal(1, app.Log.Count("did not complete within"));
    }

    [EmbeddedFact("injects a heartbeat error")]
    public async Task A_worker_that_loses_its_membership_drops_its_partitions_without_committing_and_rejoins()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 2);
        await using var app = new Counter(broker.Name("lost"), broker.BrokerUrl, words);
        await app.StartAsync();
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("a", 50));
        await Wait.UntilAsync(() => app.Seen.Count == 50, "the app counted the first words");

        // The coordinator forgets the member: librdkafka reports the assignment as lost and joins again.
        broker.Embedded.PushRequestErrors(KafkaApiKey.Heartbeat, ErrorCode.UnknownMemberId);
        await Wait.UntilAsync(() => app.Log.Count("lost partitions") == 1, "the lost partitions are reported");
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("b", 50));
        var expected = Kafka.Words("a", 50).Concat(Kafka.Words("b", 50)).ToHashSet();
        await Wait.UntilAsync(() => expected.IsSubsetOf(app.Seen), "every input was counted at least once");
        await Wait.UntilAsync(() => app.Assignment.Count == 2, "the worker holds both partitions again");
    }
}
