using System.Collections.Concurrent;
using FaustGen.Testing;

namespace FaustGen.Tests;

/// <summary>[Retry], [Middleware&lt;T&gt;] and lifecycle hooks wired by the source generator, run on the memory transport.</summary>
public sealed class GeneratedResilienceTests
{
    [Fact]
    public async Task Generated_retries_middlewares_and_hooks_run()
    {
        var app = new Shop();
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(app.Orders, "a", "flaky");
        await test.PutAsync(app.Orders, "b", "fine");
        await test.WaitIdleAsync();
        await Wait.UntilAsync(() => app.Signals.Contains("recovered"), "the recovery hook ran");

        Assert.Equal(["flaky", "fine"], app.Placed.ToArray());
        Assert.Equal(3, app.Attempts);
        Assert.Equal(["shop flaky 1", "agent flaky 1", "shop flaky 2", "agent flaky 2", "shop flaky 3", "agent flaky 3", "shop fine 1", "agent fine 1"], Log.Entries(app));
        Assert.Contains("started", app.Signals);
        Assert.Contains(app.Signals, h => h.StartsWith("assigned ", StringComparison.Ordinal));
    }

    public sealed class AppWide : AgentMiddleware
    {
        public override ValueTask<bool> OnEventAsync(AgentEvent e) => Log.Add(e, "shop");
    }

    public sealed class PerAgent : AgentMiddleware
    {
        public override ValueTask<bool> OnEventAsync(AgentEvent e) => Log.Add(e, "agent");
    }

    private static class Log
    {
        private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> ByApp = new();

        public static ValueTask<bool> Add(AgentEvent e, string who)
        {
            e.TryGetValue<string>(out var value);
            ByApp.GetOrAdd(e.Topic, _ => new()).Enqueue($"{who} {value} {e.Attempt}");
            return new(true);
        }

        public static string[] Entries(Shop app) => [.. ByApp.GetOrAdd(app.Orders.Name, _ => new())];
    }
}

[App("generated-shop", ValueSerializer = "json")]
[Middleware<GeneratedResilienceTests.AppWide>]
public sealed partial class Shop
{
    private int attempts;

    [Topic("generated-shop-orders")] public partial Topic<string, string> Orders { get; }

    public ConcurrentQueue<string> Placed { get; } = new();

    public ConcurrentQueue<string> Signals { get; } = new();

    public int Attempts => Volatile.Read(ref attempts);

    [Agent("generated-shop-orders")]
    [Retry(MaxAttempts = 3, Delay = 0.05, Backoff = RetryBackoff.Constant, RetryOn = new[] { typeof(TimeoutException) })]
    [Middleware<GeneratedResilienceTests.PerAgent>]
    public void Place(string order)
    {
        if (order == "flaky" && Interlocked.Increment(ref attempts) < 3)
        {
            throw new TimeoutException("not yet");
        }

        Placed.Enqueue(order);
    }

    [OnStarted] public void Started() => Signals.Enqueue("started");

    [OnPartitionsAssigned]
    public ValueTask Assigned(IReadOnlyCollection<TopicPartition> partitions)
    {
        Signals.Enqueue("assigned " + partitions.Count);
        return default;
    }

    [OnRecoveryComplete] public Task Recovered(CancellationToken cancellationToken)
    {
        Signals.Enqueue("recovered");
        return Task.CompletedTask;
    }
}
