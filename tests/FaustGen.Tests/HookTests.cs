using System.Collections.Concurrent;
using FaustGen.Testing;

namespace FaustGen.Tests;

public sealed class HookTests
{
    [Fact]
    public async Task Lifecycle_hooks_fire_in_the_order_of_the_app_s_life()
    {
        var log = new ConcurrentQueue<string>();
        var app = new TestApps.Defined("hooked", d =>
        {
            d.Settings.TopicPartitions = 2;
            var words = d.Topic<string, string>("words");
            d.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
            d.EventAgent("count", words, (Event<string, string> _, CancellationToken _) => default);
            d.OnStarted(_ =>
            {
                log.Enqueue("started");
                return default;
            });
            d.OnPartitionsAssigned((partitions, _) =>
            {
                log.Enqueue("assigned " + string.Join(",", partitions.Where(p => p.Topic == "words").Select(p => p.Partition).Order()));
                return default;
            });
            d.OnRecoveryComplete(_ =>
            {
                log.Enqueue("recovered");
                return default;
            });
            d.OnPartitionsRevoked((partitions, _) =>
            {
                log.Enqueue("revoked " + string.Join(",", partitions.Where(p => p.Topic == "words").Select(p => p.Partition).Order()));
                return default;
            });
            d.OnStopping(async token =>
            {
                await Task.Delay(10, token);
                log.Enqueue("stopping");
            });
        });
        var test = await AppTestContext.StartAsync(app);
        await Wait.UntilAsync(() => log.Contains("recovered") && log.Contains("started"), "the first assignment's tables are rebuilt");
        await test.DisposeAsync();

        var order = log.ToArray();
        Assert.Equal(["assigned 0,1", "recovered"], order.Where(o => o is not "started").Take(2));
        Assert.Equal(["stopping", "revoked 0,1"], order.TakeLast(2));
        Assert.Single(order, "started");
    }

    [Fact]
    public async Task A_hook_that_throws_is_logged_and_the_next_still_runs()
    {
        var ran = new TaskCompletionSource();
        var app = new TestApps.Defined("throwing-hook", d =>
        {
            var words = d.Topic<string, string>("words");
            d.EventAgent("count", words, (Event<string, string> _, CancellationToken _) => default);
            d.OnStarted(_ => throw new InvalidOperationException("hook"));
            d.OnStarted(_ =>
            {
                ran.TrySetResult();
                return default;
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await ran.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AppState.Running, app.State);
    }
}
