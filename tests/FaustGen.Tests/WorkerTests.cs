using System.Collections.Concurrent;
using FaustGen.Testing;
using FaustGen.Transport.Memory;
using static FaustGen.Tests.AgentTests;

namespace FaustGen.Tests;

/// <summary>Apps and workers sharing a broker: groups, rebalances, timers, shutdown, threads.</summary>
public sealed class WorkerTests
{
    private static TestApps.Defined Recorder(string id, string broker, ConcurrentQueue<(string Worker, int Value)> log, string worker, Func<int, Task>? slow = null)
    {
        var app = new TestApps.Defined(id, d =>
        {
            var numbers = d.Topic<string, int>("numbers", new TopicOptions { Partitions = 4 });
            d.EventAgent("record", numbers, async (e, _) =>
            {
                if (slow is not null)
                {
                    await slow(e.Value);
                }

                log.Enqueue((worker, e.Value));
            });
        });
        app.Settings.Broker = broker;
        app.Settings.TopicPartitions = 4;
        app.Settings.CommitInterval = TimeSpan.FromMilliseconds(50);
        return app;
    }

    private static string NewBroker() => $"memory://workers-{Guid.NewGuid():N}";

    [Fact]
    public async Task Two_instances_of_one_app_share_the_partitions_and_take_over_when_one_stops()
    {
        var broker = NewBroker();
        var log = new ConcurrentQueue<(string Worker, int Value)>();
        await using var a = Recorder("shared", broker, log, "a");
        await using var b = Recorder("shared", broker, log, "b");
        await a.StartAsync();
        await b.StartAsync();
        await WaitForAsync(() => a.Assignment.Count == 2 && b.Assignment.Count == 2);
        Assert.Empty(a.Assignment.Intersect(b.Assignment));

        var numbers = a.GetTopic<string, int>("numbers");
        for (var i = 0; i < 200; i++)
        {
            await numbers.SendAsync($"key-{i}", i);
        }

        await WaitForAsync(() => log.Count == 200);
        Assert.Contains(log, l => l.Worker == "a");
        Assert.Contains(log, l => l.Worker == "b");

        await a.StopAsync();
        await WaitForAsync(() => b.Assignment.Count == 4);
        for (var i = 200; i < 300; i++)
        {
            await b.GetTopic<string, int>("numbers").SendAsync($"key-{i}", i);
        }

        await WaitForAsync(() => log.Select(l => l.Value).Distinct().Count() == 300);
        Assert.All(log.Where(l => l.Value >= 200), l => Assert.Equal("b", l.Worker));
    }

    [Fact]
    public async Task A_stopped_worker_commits_what_it_acknowledged_so_its_successor_does_not_repeat_it()
    {
        var broker = NewBroker();
        var log = new ConcurrentQueue<(string Worker, int Value)>();
        var first = Recorder("handover", broker, log, "first");
        await first.StartAsync();
        var numbers = first.GetTopic<string, int>("numbers");
        for (var i = 0; i < 100; i++)
        {
            await numbers.SendAsync($"k{i}", i);
        }

        await WaitForAsync(() => log.Count == 100);
        await first.StopAsync();

        await using var second = Recorder("handover", broker, log, "second");
        await second.StartAsync();
        await second.GetTopic<string, int>("numbers").SendAsync("last", 100);
        await WaitForAsync(() => log.Count == 101);
        await Task.Delay(100);
        Assert.Equal(("second", 100), Assert.Single(log, l => l.Worker == "second"));
    }

    [Fact]
    public async Task Revocation_waits_for_events_in_flight_and_the_successor_redoes_none_of_them()
    {
        var broker = NewBroker();
        var log = new ConcurrentQueue<(string Worker, int Value)>();
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var a = Recorder("inflight", broker, log, "a", async value =>
        {
            if (value == 0)
            {
                inside.TrySetResult();
                await release.Task;
            }
        });
        await a.StartAsync();
        await a.GetTopic<string, int>("numbers").SendAsync("k", 0, partition: 0);
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // A second worker joins while event 0 is in flight on the first: the rebalance waits for it.
        await using var b = Recorder("inflight", broker, log, "b");
        var joining = b.StartAsync();
        await Task.Delay(200);
        release.SetResult();
        await joining;
        await WaitForAsync(() => a.Assignment.Count + b.Assignment.Count == 4 && a.Assignment.Count > 0 && b.Assignment.Count > 0);
        await Task.Delay(200);
        Assert.Equal(("a", 0), Assert.Single(log));
        Assert.Equal(1, MemoryBroker.Get(broker["memory://".Length..]).CommittedOffset("inflight", new TopicPartition("numbers", 0)));
    }

    [Fact]
    public async Task A_table_change_made_after_the_event_s_partition_was_taken_away_is_refused_and_reaches_no_changelog()
    {
        var broker = NewBroker();
        var refused = new ConcurrentQueue<(int Partition, string Message)>();
        var inside = new ConcurrentDictionary<string, TaskCompletionSource>(StringComparer.Ordinal);
        var release = new TaskCompletionSource();
        TestApps.Defined Worker(bool holds)
        {
            Table<string, long>? counts = null;
            var app = new TestApps.Defined("zombie", d =>
            {
                counts = d.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
                foreach (var name in new[] { "x", "y" })
                {
                    d.EventAgent("count-" + name, d.Topic<string, int>(name, new TopicOptions { Partitions = 4 }), async (e, _) =>
                    {
                        if (holds)
                        {
                            inside.GetOrAdd(name, _ => new TaskCompletionSource()).TrySetResult();
                            await release.Task;
                        }

                        try
                        {
                            counts![e.Key] += 1;
                        }
                        catch (InvalidOperationException error)
                        {
                            refused.Enqueue((e.Partition, error.Message));
                        }
                    });
                }
            });
            app.Settings.Broker = broker;
            app.Settings.TopicPartitions = 4;
            app.Settings.CommitInterval = TimeSpan.FromMilliseconds(50);
            // A revocation waits this long for events in flight, then goes on without them.
            app.Settings.ShutdownTimeout = TimeSpan.FromMilliseconds(300);
            return app;
        }

        // The first worker holds one event of partition 0 and one of partition 3 when a second worker joins: one of the
        // two partitions goes to the newcomer while its event is still running on the first.
        await using var a = Worker(holds: true);
        await a.StartAsync();
        await a.GetTopic<string, int>("x").SendAsync("on-0", 1, partition: 0);
        await a.GetTopic<string, int>("y").SendAsync("on-3", 1, partition: 3);
        await WaitForAsync(() => inside.Count == 2 && inside.Values.All(t => t.Task.IsCompleted));
        await using var b = Worker(holds: false);
        await b.StartAsync();
        await WaitForAsync(() => a.Assignment.Count > 0 && b.Assignment.Count > 0 && a.IsReady && b.IsReady);
        var moved = b.Assignment.Any(tp => tp.Partition == 0) ? (Partition: 0, Key: "on-0") : (Partition: 3, Key: "on-3");

        release.SetResult();
        await WaitForAsync(() => !refused.IsEmpty);
        var (partition, message) = Assert.Single(refused);
        Assert.Equal(moved.Partition, partition);
        Assert.Contains("no longer this worker's", message, StringComparison.Ordinal);

        // The newcomer counted the event again; the first worker's change never reached the changelog.
        var changelog = MemoryBroker.Get(broker["memory://".Length..]);
        await WaitForAsync(() => changelog.ReadAll("zombie-counts-changelog").Any(r => r.Partition == moved.Partition));
        await Task.Delay(200);
        Assert.Single(changelog.ReadAll("zombie-counts-changelog"), r => r.Partition == moved.Partition);
    }

    [Fact]
    public async Task Several_apps_in_one_process_each_see_every_event()
    {
        var broker = NewBroker();
        var log = new ConcurrentQueue<(string Worker, int Value)>();
        await using var billing = Recorder("billing", broker, log, "billing");
        await using var audit = Recorder("audit", broker, log, "audit");
        await billing.StartAsync();
        await audit.StartAsync();
        for (var i = 0; i < 50; i++)
        {
            await billing.GetTopic<string, int>("numbers").SendAsync($"k{i}", i);
        }

        await WaitForAsync(() => log.Count == 100);
        Assert.Equal(50, log.Count(l => l.Worker == "billing"));
        Assert.Equal(50, log.Count(l => l.Worker == "audit"));
    }

    [Fact]
    public async Task One_app_is_safe_to_share_between_threads()
    {
        var app = new TestApps.Counter();
        await using var test = await AppTestContext.StartAsync(app);
        var words = Enumerable.Range(0, 20).Select(i => $"w{i}").ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var word = words[i % words.Length];
            await app.Words.SendAsync(word, word, cancellationToken: ct);
            _ = app.Counts[word];
            if (i % 100 == 0)
            {
                await app.CommitAsync();
            }
        });
        await test.WaitIdleAsync();
        Assert.All(words, w => Assert.Equal(100, app.Counts[w]));
        Assert.Equal(2000, app.Counts.Sum(c => c.Value));
    }

    [Fact]
    public async Task Timers_tick_and_on_leader_timers_tick_only_on_the_leader()
    {
        var broker = NewBroker();
        var ticks = new ConcurrentQueue<string>();
        TestApps.Defined Worker(string name) => Configure(new TestApps.Defined("timers", d =>
        {
            d.EventAgent("idle", d.Topic<string, int>("numbers"), (_, _) => default);
            d.Timer("every", TimeSpan.FromMilliseconds(30), _ =>
            {
                ticks.Enqueue(name + ":every");
                return default;
            });
            d.Timer("leader", TimeSpan.FromMilliseconds(30), _ =>
            {
                ticks.Enqueue(name + ":leader");
                return default;
            }, onLeader: true);
        }), broker);

        await using var a = Worker("a");
        await using var b = Worker("b");
        await a.StartAsync();
        await b.StartAsync();
        await WaitForAsync(() => a.IsLeader != b.IsLeader);
        ticks.Clear();
        await WaitForAsync(() => ticks.Count(t => t.EndsWith(":leader", StringComparison.Ordinal)) >= 5);
        var leader = a.IsLeader ? "a" : "b";
        Assert.All(ticks.Where(t => t.EndsWith(":leader", StringComparison.Ordinal)), t => Assert.Equal(leader + ":leader", t));
        Assert.Contains("a:every", ticks);
        Assert.Contains("b:every", ticks);
    }

    [Fact]
    public async Task Startup_tasks_run_once_and_timers_stop_with_the_app()
    {
        var started = 0;
        var ticks = 0;
        var app = new TestApps.Defined("lifecycle", d =>
        {
            d.StartupTask("hello", _ =>
            {
                Interlocked.Increment(ref started);
                return default;
            });
            d.Timer("tick", TimeSpan.FromMilliseconds(20), _ =>
            {
                Interlocked.Increment(ref ticks);
                return default;
            });
        });
        await using (var test = await AppTestContext.StartAsync(app))
        {
            await WaitForAsync(() => Volatile.Read(ref ticks) >= 3 && Volatile.Read(ref started) == 1);
        }

        var afterStop = Volatile.Read(ref ticks);
        await Task.Delay(100);
        Assert.Equal(afterStop, Volatile.Read(ref ticks));
        Assert.Equal(1, started);
        Assert.Equal(AppState.Stopped, app.State);
    }

    [Fact]
    public async Task A_blocked_agent_pauses_its_partitions_while_the_poll_loop_serves_other_topics()
    {
        var release = new TaskCompletionSource();
        var slow = new ConcurrentQueue<int>();
        var fast = new ConcurrentQueue<int>();
        Topic<string, int> stuck = null!;
        Topic<string, int> flowing = null!;
        var app = new TestApps.Defined("pressure", d =>
        {
            stuck = d.Topic<string, int>("stuck");
            flowing = d.Topic<string, int>("flowing");
            d.EventAgent("slow", stuck, async (e, ct) =>
            {
                if (e.Value == 0)
                {
                    await release.Task.WaitAsync(ct);
                }

                slow.Enqueue(e.Value);
            });
            d.EventAgent("fast", flowing, (e, _) =>
            {
                fast.Enqueue(e.Value);
                return default;
            });
        });
        app.Settings.StreamBufferMaxSize = 16;
        app.Settings.TopicPartitions = 1;
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 500; i++)
        {
            await stuck.SendAsync("k", i);
        }

        for (var i = 0; i < 500; i++)
        {
            await flowing.SendAsync("k", i);
        }

        await WaitForAsync(() => fast.Count == 500);
        Assert.Empty(slow);
        Assert.InRange(app.Outstanding(new TopicPartition("stuck", 0)), 16, 16 + 2048);

        release.SetResult();
        await WaitForAsync(() => slow.Count == 500);
        Assert.Equal(Enumerable.Range(0, 500), slow);
    }

    private static TestApps.Defined Configure(TestApps.Defined app, string broker)
    {
        app.Settings.Broker = broker;
        return app;
    }
}
