using System.Collections.Concurrent;
using FaustGen.Testing;
using static FaustGen.Tests.AgentTests;

namespace FaustGen.Tests;

public sealed class ChannelTests
{
    [Fact]
    public async Task Agents_consume_a_channel_without_the_broker_seeing_it()
    {
        var seen = new ConcurrentQueue<string>();
        Channel<string, string> jobs = null!;
        var app = new TestApps.Defined("channels", d =>
        {
            jobs = d.Channel<string, string>("jobs");
            d.EventAgent("work", jobs, (e, _) =>
            {
                seen.Enqueue($"{e.Key}={e.Value}@{e.Offset}");
                return default;
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(jobs, "a", "1");
        await test.PutAsync(jobs, "b", "2");

        Assert.Equal(["a=1@0", "b=2@1"], seen);
        Assert.False(test.Broker.TryGetPartitionCount("jobs", out _));
    }

    [Fact]
    public async Task Sending_to_a_channel_waits_while_its_agents_are_behind()
    {
        var release = new TaskCompletionSource();
        var processed = 0;
        Channel<string, int> jobs = null!;
        var app = new TestApps.Defined("channel-pressure", d =>
        {
            jobs = d.Channel<string, int>("jobs");
            d.EventAgent("slow", jobs, async (e, ct) =>
            {
                await release.Task.WaitAsync(ct);
                Interlocked.Increment(ref processed);
            });
        });
        app.Settings.StreamBufferMaxSize = 8;
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 8; i++)
        {
            await jobs.SendAsync("k", i);
        }

        var ninth = jobs.SendAsync("k", 8).AsTask();
        await Task.Delay(100);
        Assert.False(ninth.IsCompleted);

        release.SetResult();
        await ninth.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitForAsync(() => Volatile.Read(ref processed) == 9);
    }

    [Fact]
    public async Task Send_attached_to_a_channel_stays_in_process()
    {
        var relayed = new ConcurrentQueue<string>();
        Topic<string, string> input = null!;
        Channel<string, string> local = null!;
        var app = new TestApps.Defined("channel-attached", d =>
        {
            input = d.Topic<string, string>("input");
            local = d.Channel<string, string>("local");
            d.EventAgent("relay", input, (e, _) =>
            {
                local.SendAttached(e.Key, e.Value);
                return default;
            });
            d.EventAgent("sink", local, (e, _) =>
            {
                relayed.Enqueue(e.Value);
                return default;
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(input, "k", "hello");
        await WaitForAsync(() => relayed.Count == 1);
        Assert.False(test.Broker.TryGetPartitionCount("local", out _));
    }

    [Fact]
    public void A_channel_and_a_topic_cannot_share_a_name()
    {
        var error = Assert.Throws<FaustConfigurationException>(() => new TestApps.Defined("clash", d =>
        {
            d.Topic<string, string>("jobs");
            d.Channel<string, string>("jobs");
        }));
        Assert.Contains("'jobs'", error.Message, StringComparison.Ordinal);
    }
}
