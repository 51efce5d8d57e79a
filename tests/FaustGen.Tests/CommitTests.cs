using System.Text;
using FaustGen.Transport;
using FaustGen.Transport.Memory;

namespace FaustGen.Tests;

/// <summary>A commit never covers an event whose sends or changelog writes might still be lost.</summary>
public sealed class CommitTests
{
    [Fact]
    public async Task Offsets_stop_before_events_whose_changelog_writes_are_undelivered_and_events_whose_writes_were_lost_are_processed_again()
    {
        var transport = new FaultyTransportFactory();
        var brokerName = $"held-writes-{Guid.NewGuid():N}";
        var processed = 0;
        Table<string, long> counts = null!;
        Topic<string, string> events = null!;
        await using var app = new TestApps.Defined("held-writes", d =>
        {
            d.Transport(transport);
            events = d.Topic<string, string>("events");
            counts = d.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
            d.EventAgent("count", events, (e, _) =>
            {
                counts[e.Value] += 1;
                Interlocked.Increment(ref processed);
                return default;
            });
        });
        app.Settings.Broker = "faulty://" + brokerName;
        app.Settings.CommitInterval = TimeSpan.FromHours(1);
        app.Settings.ShutdownTimeout = TimeSpan.FromMilliseconds(500);
        await app.StartAsync();
        var broker = MemoryBroker.Get(brokerName);
        // Every event has key "a", so all go to one partition.
        long Committed() => Enumerable.Range(0, app.PartitionCount).Sum(p => broker.CommittedOffset("held-writes", new TopicPartition("events", p)) ?? 0);

        await SendAsync(10);
        await Wait.UntilAsync(() => Volatile.Read(ref processed) == 10, "the first 10 events are counted");
        Assert.True(await app.CommitAsync());
        Assert.Equal(10, Committed());

        // The changelog's broker stops answering: the next 10 events are counted, their changelog writes wait.
        transport.Hold = topic => topic.EndsWith("-changelog", StringComparison.Ordinal);
        await SendAsync(10);
        await Wait.UntilAsync(() => Volatile.Read(ref processed) == 20, "the next 10 events are counted");
        Assert.False(await app.CommitAsync());
        Assert.Equal(10, Committed());

        // The writes are lost for good (their message timeout passed): the worker goes back to its committed offset and
        // counts those events again, so the changelog gets a count for each.
        transport.Hold = null;
        transport.Release(lose: true);
        Assert.False(await app.CommitAsync());
        await Wait.UntilAsync(() => Volatile.Read(ref processed) >= 30, "the events whose writes were lost are processed again");
        await Wait.UntilAsync(() => app.CommitAsync().Result && Committed() == 20, "the second 10 events are committed");
        Assert.True(LastChangelogValue(broker, "held-writes-counts-changelog", "a") >= 20);
        Assert.Equal(AppState.Running, app.State);

        async Task SendAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await events.SendAsync("a", "a");
            }
        }
    }

    private static long LastChangelogValue(MemoryBroker broker, string changelog, string key)
    {
        var records = new ConsumedRecord[4096];
        var partition = Partitioner.ForKey(Encoding.UTF8.GetBytes(key), 8);
        var count = broker.Partition(new TopicPartition(changelog, partition)).Read(0, records, out _);
        var last = records.AsSpan(0, count).ToArray().Last(r => Encoding.UTF8.GetString(r.Key!) == key);
        return long.Parse(Encoding.UTF8.GetString(last.Value!), System.Globalization.CultureInfo.InvariantCulture);
    }
}
