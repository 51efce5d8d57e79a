
namespace FaustGen.Kafka.Tests;

public sealed class BackPressureTests
{
    [Fact]
    public async Task A_slow_agent_with_a_short_max_poll_interval_pauses_its_partition_and_is_never_evicted()
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 1);
        static async ValueTask Slow(Event<string, string> e, CancellationToken cancellationToken) => await Task.Delay(150, cancellationToken);
        await using var app = new Counter(broker.Name("slow"), broker.BrokerUrl, words, before: Slow, configure: s =>
        {
            // librdkafka leaves the group when Consume is not called for this long; the agent needs ~4.5 s for the input.
            s.BrokerProperties["consumer.max.poll.interval.ms"] = "2000";
            s.StreamBufferMaxSize = 4;
        });
        await app.StartAsync();
        Kafka.Feed(broker.BootstrapServers, words, Kafka.Words("w", 30));
        await Wait.UntilAsync(() => app.Seen.Count == 30, "the slow agent counted every word");

        Assert.Equal(1, app.Log.Count("was assigned"));
        Assert.Equal(0, app.Log.Count("lost partitions"));
        Assert.Equal(0, app.Log.Count("maximum poll interval"));
        await Wait.UntilAsync(() => Kafka.Committed(broker.BootstrapServers, broker.Name("slow"), words, 1)[0] == 30, "every offset is committed");
    }
}
