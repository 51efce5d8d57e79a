using System.Collections.Concurrent;
using System.Text;
using FaustGen.Codecs;
using FaustGen.Testing;

namespace FaustGen.Tests;

public sealed class AgentTests
{
    [Fact]
    public async Task A_per_event_agent_counts_into_a_table()
    {
        var app = new TestApps.Counter();
        await using var test = await AppTestContext.StartAsync(app);
        foreach (var word in "the quick the lazy the end".Split(' '))
        {
            await test.PutAsync(app.Words, word, word);
        }

        Assert.Equal(3, app.Counts["the"]);
        Assert.Equal(1, app.Counts["lazy"]);
        Assert.Equal(0, app.Counts["missing"]);
        var changelog = test.Sent(app.Counts.Changelog);
        Assert.Equal(6, changelog.Count);
        Assert.Equal(new KeyValuePair<string, long>("the", 3), changelog.Last(c => c.Key == "the"));
    }

    [Fact]
    public async Task Changelog_writes_go_to_the_partition_of_the_event_that_made_them()
    {
        var app = new TestApps.Counter();
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 50; i++)
        {
            await test.PutAsync(app.Words, $"w{i}", $"w{i}", partition: i % app.PartitionCount);
        }

        for (var p = 0; p < app.PartitionCount; p++)
        {
            var source = test.Broker.Read("words", p).Select(r => Encoding.UTF8.GetString(r.Key!)).ToHashSet();
            var changes = test.Broker.Read(app.Counts.Changelog.Name, p).Select(r => Encoding.UTF8.GetString(r.Key!));
            Assert.All(changes, key => Assert.Contains(key, source));
        }
    }

    [Fact]
    public async Task Key_value_and_event_shapes_see_the_message()
    {
        var seen = new ConcurrentQueue<string>();
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("shapes", d =>
        {
            d.Settings.ValueSerializer = "json";
            numbers = d.Topic<string, int>("numbers");
            d.EventAgent("events", numbers, (Event<string, int> e, CancellationToken _) =>
            {
                seen.Enqueue($"{e.Topic}[{e.Partition}]@{e.Offset} {e.Key}={e.Value} {e.Headers?.GetLastString("h")}");
                return default;
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await numbers.SendAsync("k", 42, partition: 1, headers: new MessageHeaders().Add("h", "v"));
        await test.WaitIdleAsync();
        Assert.Equal("numbers[1]@0 k=42 v", Assert.Single(seen));
    }

    [Fact]
    public async Task Agents_that_take_only_the_value_leave_keys_undecoded()
    {
        // The key is not JSON: decoding it would fail; a value-only agent never decodes it.
        var values = new ConcurrentQueue<int>();
        var app = new TestApps.Defined("value-only", d =>
        {
            var topic = d.Topic<int, int>("numbers", new TopicOptions { KeySerializer = "json" });
            d.EventAgent("values", topic, (Event<int, int> e, CancellationToken _) =>
            {
                values.Enqueue(e.Value);
                return default;
            }, new AgentOptions { ReadsKey = false });
        });
        await using var test = await AppTestContext.StartAsync(app);
        test.Broker.Append(new Transport.OutgoingMessage("numbers", 0, [0xff, 0x00], "7"u8.ToArray()), 8);
        await test.WaitIdleAsync();
        Assert.Equal([7], values);
    }

    [Fact]
    public async Task Concurrent_actors_complete_out_of_order_and_commits_wait_for_the_slowest()
    {
        var gates = new ConcurrentDictionary<int, TaskCompletionSource>();
        var started = new ConcurrentQueue<int>();
        Topic<string, int> jobs = null!;
        var app = new TestApps.Defined("concurrency", d =>
        {
            jobs = d.Topic<string, int>("jobs", new TopicOptions { Partitions = 1 });
            d.EventAgent("work", jobs, async (Event<string, int> e, CancellationToken ct) =>
            {
                started.Enqueue(e.Value);
                await gates.GetOrAdd(e.Value, _ => new TaskCompletionSource()).Task.WaitAsync(ct);
            }, new AgentOptions { Concurrency = 4 });
        });
        app.Settings.TopicPartitions = 1;
        await using var test = await AppTestContext.StartAsync(app);

        // One batch is read by one actor; separate sends make separate batches the actors share.
        for (var i = 0; i < 4; i++)
        {
            await jobs.SendAsync("k", i, partition: 0);
            await WaitForAsync(() => started.Count == i + 1);
        }

        var tp = new TopicPartition("jobs", 0);
        gates[3].SetResult();
        gates[2].SetResult();
        gates[1].SetResult();
        await Task.Delay(50);
        await app.CommitAsync();
        Assert.Null(test.Broker.CommittedOffset("concurrency", tp));

        gates[0].SetResult();
        await test.WaitIdleAsync();
        await app.CommitAsync();
        Assert.Equal(4, test.Broker.CommittedOffset("concurrency", tp));
    }

    [Fact]
    public async Task Commits_follow_offsets_with_gaps_from_compaction()
    {
        var processed = new ConcurrentQueue<long>();
        Topic<string, string> topic = null!;
        var app = new TestApps.Defined("gaps", d =>
        {
            topic = d.Topic<string, string>("compacted", new TopicOptions { Partitions = 1 });
            d.EventAgent("read", topic, (Event<string, string> e, CancellationToken _) =>
            {
                processed.Enqueue(e.Offset);
                return default;
            });
        });
        app.Settings.TopicPartitions = 1;

        // Write before the app starts, compact (offsets 0..4 of key a collapse to 4), then consume.
        var name = $"gaps-{Guid.NewGuid():N}";
        var broker = Transport.Memory.MemoryBroker.Get(name);
        for (var i = 0; i < 5; i++)
        {
            broker.Append(new Transport.OutgoingMessage("compacted", 0, "a"u8.ToArray(), Encoding.UTF8.GetBytes($"\"{i}\"")), 1);
        }

        broker.Append(new Transport.OutgoingMessage("compacted", 0, "b"u8.ToArray(), "\"x\""u8.ToArray()), 1);
        Assert.Equal(4, broker.Compact("compacted"));

        app.Settings.Broker = "memory://" + name;
        await app.StartAsync();
        await WaitForAsync(() => processed.Count == 2);
        await app.CommitAsync();
        Assert.Equal([4L, 5L], processed);
        Assert.Equal(6, broker.CommittedOffset("gaps", new TopicPartition("compacted", 0)));
        await app.StopAsync();
    }

    [Fact]
    public async Task Skip_policy_logs_acknowledges_and_goes_on()
    {
        var processed = new ConcurrentQueue<int>();
        Topic<string, int> topic = null!;
        var app = new TestApps.Defined("skip", d =>
        {
            topic = d.Topic<string, int>("numbers");
            d.EventAgent("picky", topic, (Event<string, int> e, CancellationToken _) =>
            {
                if (e.Value == 13)
                {
                    throw new InvalidOperationException("unlucky");
                }

                processed.Enqueue(e.Value);
                return default;
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        foreach (var n in new[] { 12, 13, 14 })
        {
            await test.PutAsync(topic, "k", n, partition: 0);
        }

        Assert.Equal([12, 14], processed);
        var status = Assert.Single(app.Agents);
        Assert.Equal(2, status.Processed);
        Assert.Equal(1, status.Failed);
        Assert.False(status.Crashed);
        Assert.Equal("unlucky", status.LastError?.Message);
    }

    [Fact]
    public async Task Stop_policy_stops_the_agent_without_committing_past_the_failed_event()
    {
        var processed = new ConcurrentQueue<int>();
        var others = new ConcurrentQueue<int>();
        Topic<string, int> topic = null!;
        var app = new TestApps.Defined("stop", d =>
        {
            topic = d.Topic<string, int>("numbers", new TopicOptions { Partitions = 1 });
            d.EventAgent("strict", topic, (Event<string, int> e, CancellationToken _) =>
            {
                if (e.Value == 2)
                {
                    throw new InvalidOperationException("broken");
                }

                processed.Enqueue(e.Value);
                return default;
            }, new AgentOptions { OnError = AgentErrorPolicy.Stop });
            d.EventAgent("relaxed", topic, (Event<string, int> e, CancellationToken _) =>
            {
                others.Enqueue(e.Value);
                return default;
            });
        });
        app.Settings.TopicPartitions = 1;
        app.Settings.OnAgentStopped = AgentStoppedAction.KeepRunning;
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 5; i++)
        {
            await topic.SendAsync("k", i);
        }

        await WaitForAsync(() => others.Count == 5);
        await WaitForAsync(() => app.Agents.Single(a => a.Name == "strict").Crashed);
        await app.CommitAsync();
        Assert.Equal([0, 1], processed);
        Assert.Equal(2, test.Broker.CommittedOffset("stop", new TopicPartition("numbers", 0)));
        Assert.False(app.Agents.Single(a => a.Name == "relaxed").Crashed);
    }

    [Fact]
    public async Task An_agent_that_stops_on_an_error_fails_the_app_naming_the_agent()
    {
        Topic<string, int> topic = null!;
        var app = new TestApps.Defined("stop-fails", d =>
        {
            topic = d.Topic<string, int>("numbers");
            d.EventAgent("strict", topic, (Event<string, int> e, CancellationToken _) =>
                e.Value == 2 ? throw new InvalidOperationException("broken") : default,
                new AgentOptions { OnError = AgentErrorPolicy.Stop });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await topic.SendAsync("k", 2);

        var failure = await Assert.ThrowsAsync<AppFailedException>(() => app.Completion.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(AppState.Failed, app.State);
        Assert.False(app.IsLive);
        Assert.Contains("Agent 'strict' stopped on an error: broken", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_told_to_keep_running_without_a_stopped_agent_runs_and_reports_it()
    {
        Topic<string, int> topic = null!;
        var app = new TestApps.Defined("stop-reported", d =>
        {
            topic = d.Topic<string, int>("numbers");
            d.EventAgent("strict", topic, (Event<string, int> e, CancellationToken _) =>
                e.Value == 2 ? throw new InvalidOperationException("broken") : default,
                new AgentOptions { OnError = AgentErrorPolicy.Stop });
            d.EventAgent("other", d.Topic<string, int>("others"), (_, _) => default);
        });
        app.Settings.OnAgentStopped = AgentStoppedAction.KeepRunning;
        await using var test = await AppTestContext.StartAsync(app);
        Assert.True(app.IsLive);
        await topic.SendAsync("k", 2);
        await WaitForAsync(() => app.Agents.Single(a => a.Name == "strict").Crashed);

        Assert.Equal(AppState.Running, app.State);
        Assert.False(app.IsLive);
        var snapshot = app.Monitor.Snapshot();
        Assert.Equal(1, snapshot.Value("faustgen.agents.stopped", "agent", "strict"));
        Assert.Equal(0, snapshot.Value("faustgen.agents.stopped", "agent", "other"));
    }

    [Fact]
    public async Task Dead_letter_policy_forwards_the_original_bytes_with_the_error()
    {
        Topic<string, int> topic = null!;
        var app = new TestApps.Defined("dlq", d =>
        {
            topic = d.Topic<string, int>("numbers");
            d.EventAgent("fragile", topic, (Event<string, int> e, CancellationToken _) =>
                e.Value < 0 ? throw new ArgumentOutOfRangeException(nameof(e), "negative") : default,
                new AgentOptions { OnError = AgentErrorPolicy.DeadLetter });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(topic, "key-1", -5, partition: 2);
        await test.PutAsync(topic, "key-2", 5);

        var dead = Assert.Single(test.Broker.ReadAll("dlq-fragile-dead-letter"));
        Assert.Equal("key-1", Encoding.UTF8.GetString(dead.Key!));
        Assert.Equal("-5", Encoding.UTF8.GetString(dead.Value!));
        Assert.Equal("numbers", dead.Headers!.GetLastString("faustgen.source.topic"));
        Assert.Equal("2", dead.Headers!.GetLastString("faustgen.source.partition"));
        Assert.Contains("negative", dead.Headers!.GetLastString("faustgen.error.message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payload_that_does_not_decode_goes_through_the_error_policy_with_its_position()
    {
        var values = new ConcurrentQueue<int>();
        Topic<string, int> topic = null!;
        var app = new TestApps.Defined("garbage", d =>
        {
            topic = d.Topic<string, int>("numbers", new TopicOptions { Partitions = 1 });
            d.EventAgent("read", topic, (Event<string, int> e, CancellationToken _) =>
            {
                values.Enqueue(e.Value);
                return default;
            });
        });
        app.Settings.TopicPartitions = 1;
        await using var test = await AppTestContext.StartAsync(app);
        test.Broker.Append(new Transport.OutgoingMessage("numbers", 0, null, "not json"u8.ToArray()), 1);
        await test.PutAsync(topic, "k", 3);

        Assert.Equal([3], values);
        var error = Assert.IsType<DeserializationException>(app.Agents.Single().LastError);
        Assert.Equal("json", error.Codec);
        Assert.Equal(typeof(int), error.TargetType);
        Assert.Equal(new TopicPartitionOffset("numbers", 0, 0), error.Position);
        Assert.Contains("numbers[0]@0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_refuse_changes_outside_an_agent()
    {
        var app = new TestApps.Counter();
        await using var test = await AppTestContext.StartAsync(app);
        var error = Assert.Throws<InvalidOperationException>(() => app.Counts["x"] = 1);
        Assert.Contains("Table 'counts' can only be changed while an agent processes an event", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_attached_goes_out_only_when_the_event_is_acknowledged()
    {
        var release = new TaskCompletionSource();
        Topic<string, string> input = null!;
        Topic<string, string> output = null!;
        var app = new TestApps.Defined("attached", d =>
        {
            input = d.Topic<string, string>("in");
            output = d.Topic<string, string>("out");
            d.EventAgent("relay", input, async (Event<string, string> e, CancellationToken ct) =>
            {
                output.SendAttached(e.Key, e.Value + "!");
                if (e.Value == "fail")
                {
                    throw new InvalidOperationException("no");
                }

                await release.Task.WaitAsync(ct);
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await input.SendAsync("k", "hello");
        await Task.Delay(100);
        Assert.Empty(test.Broker.ReadAll("out"));

        release.SetResult();
        await test.WaitIdleAsync();
        Assert.Equal("hello!", Assert.Single(test.Sent(output)).Value);

        await test.PutAsync(input, "k", "fail");
        Assert.Single(test.Sent(output));
    }

    [Fact]
    public async Task Tables_say_when_they_are_read_after_the_app_stopped()
    {
        var app = new TestApps.Counter();
        await using (var test = await AppTestContext.StartAsync(app))
        {
            await test.PutAsync(app.Words, "a", "a");
            Assert.Equal(1, app.Counts["a"]);
        }

        var error = Assert.Throws<InvalidOperationException>(() => app.Counts["a"]);
        Assert.Contains("closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_before_start_says_so()
    {
        var app = new TestApps.Counter();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await app.Words.SendAsync("a", "b"));
        Assert.Contains("start", error.Message, StringComparison.Ordinal);
    }

    internal static async Task WaitForAsync(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(5);
        }
    }
}
