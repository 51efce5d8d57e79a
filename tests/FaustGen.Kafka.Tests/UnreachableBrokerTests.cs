using System.Diagnostics;
using FaustGen.Kafka.Embedded;
using FaustGen.Transport;

namespace FaustGen.Kafka.Tests;

/// <summary>A broker that cannot be reached fails the start once, in bounded time, and is not logged on every retry.</summary>
public sealed class UnreachableBrokerTests
{
    [Fact]
    public async Task A_closed_port_fails_the_start_within_the_connect_timeout_with_one_error_naming_the_setting_and_the_host()
    {
        await using var app = new Counter("unreachable", "kafka://127.0.0.1:1", configure: s => s.BrokerConnectTimeout = TimeSpan.FromSeconds(3));
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<BrokerUnreachableException>(() => app.StartAsync());
        watch.Stop();

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(10));
        Assert.StartsWith("Could not connect to the brokers of setting 'Broker' (kafka://127.0.0.1:1, hosts 127.0.0.1:1) within 3 s: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("'BrokerConnectTimeout'", error.Message, StringComparison.Ordinal);
        Assert.Equal(["127.0.0.1:1"], error.Hosts);
        Assert.Equal(AppState.Failed, app.State);
        // librdkafka retries the connection every few milliseconds; each kind of failure is logged once.
        var about = app.Log.Lines.Where(l => l.Contains("127.0.0.1:1", StringComparison.Ordinal)).ToList();
        Assert.InRange(about.Count, 1, 3);
    }

    [EmbeddedFact("sets a broker down")]
    public async Task A_broker_that_goes_down_is_logged_once_per_kind_of_failure_and_not_on_every_retry()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("words", 2);
        await using var app = new Counter("down", cluster.BrokerUrl);
        await app.StartAsync();
        Kafka.Feed(cluster.BootstrapServers, "words", Kafka.Words("w", 10));
        await Wait.UntilAsync(() => app.Seen.Count == 10, "the words are counted");
        var before = app.Log.Lines.Count;

        cluster.SetBrokerDown(1);
        await Task.Delay(TimeSpan.FromSeconds(4));
        cluster.SetBrokerUp(1);
        var failures = app.Log.Lines.Skip(before).Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)).ToList();

        // The group member, the cluster-map reader, the producer and the admin client all retry, several times a second.
        Assert.NotEmpty(failures);
        Assert.Equal(failures.Count, failures.Distinct().Count());
        Assert.True(failures.Count <= 8, $"{failures.Count} lines: {string.Join(Environment.NewLine, failures)}");
        Kafka.Feed(cluster.BootstrapServers, "words", Kafka.Words("v", 10));
        // The group member lost its partitions meanwhile: events may be counted again (at least once).
        await Wait.UntilAsync(() => Kafka.Words("v", 10).All(app.Seen.Contains), "counting goes on once the broker is back");
    }

    [Fact]
    public void The_throttle_lets_one_entry_of_a_kind_through_per_interval_and_counts_the_rest()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var throttle = new LogThrottle(TimeSpan.FromSeconds(30), clock);
        Assert.True(throttle.TryPass("refused b1", out var held));
        Assert.Equal(0, held);
        Assert.False(throttle.TryPass("refused b1", out _));
        Assert.False(throttle.TryPass("refused b1", out _));
        Assert.True(throttle.TryPass("refused b2", out _));

        clock.Set(DateTimeOffset.UnixEpoch.AddSeconds(29));
        Assert.False(throttle.TryPass("refused b1", out _));
        clock.Set(DateTimeOffset.UnixEpoch.AddSeconds(30));
        Assert.True(throttle.TryPass("refused b1", out held));
        Assert.Equal(3, held);
        Assert.False(throttle.TryPass("refused b1", out _));
    }
}
