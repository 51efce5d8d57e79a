using System.Collections.Concurrent;
using FaustGen.Testing;
using static FaustGen.Tests.AgentTests;

namespace FaustGen.Tests;

/// <summary>An app wired by the source generator, run end to end on the memory transport.</summary>
public sealed class GeneratedAppTests
{
    [Fact]
    public async Task Generated_wiring_runs_agents_channels_tables_and_timers()
    {
        var app = new Orders();
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(app.Placed, "ann", 30);
        await test.PutAsync(app.Placed, "bob", 5);
        await test.PutAsync(app.Placed, "ann", 12);
        await test.WaitIdleAsync();

        Assert.Equal(42, app.Totals["ann"]);
        Assert.Equal(5, app.Totals["bob"]);
        Assert.Equal([30, 12], test.Sent(app.Large).Where(s => s.Key == "ann").Select(s => s.Value));
        Assert.DoesNotContain(test.Sent(app.Large), s => s.Key == "bob");
        Assert.False(test.Broker.TryGetPartitionCount("audit", out _));
        await WaitForAsync(() => app.Ticks > 0 && app.Started);
        Assert.Equal(["Record", "Audit"], app.Agents.Select(a => a.Name));
    }

    [Fact]
    public async Task A_sink_that_names_an_agent_feeds_that_agents_topic()
    {
        var app = new Pipeline();
        await using var test = await AppTestContext.StartAsync(app);
        foreach (var n in new[] { 1, 2, 3 })
        {
            await test.PutAsync(app.Numbers, "k", n);
        }

        await test.WaitIdleAsync();
        Assert.Equal([1, 4, 9], app.Squares.Order());
    }
}

[App("pipeline")]
public sealed partial class Pipeline
{
    [Topic("numbers")]
    public partial Topic<string, int> Numbers { get; }

    public ConcurrentQueue<int> Squares { get; } = new();

    [Agent("numbers", Sinks = new[] { nameof(Collect) })]
    public async IAsyncEnumerable<int> Square(IAgentStream<int> numbers, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var n in numbers.WithCancellation(cancellationToken))
        {
            yield return n * n;
        }
    }

    [Agent("squares")]
    public void Collect(int square) => Squares.Enqueue(square);
}

[App("orders", ValueSerializer = "json")]
public sealed partial class Orders
{
    private readonly ConcurrentQueue<string> audit = new();
    private int ticks;

    [Topic("placed")]
    public partial Topic<string, int> Placed { get; }

    [Topic("large")]
    public partial Topic<string, int> Large { get; }

    [Channel("audit")]
    public partial Channel<string, int> AuditLog { get; }

    [Table("totals", Default = 0)]
    public partial Table<string, int> Totals { get; }

    public int Ticks => Volatile.Read(ref ticks);

    public bool Started { get; private set; }

    [Agent("placed")]
    public async Task Record(string customer, int amount)
    {
        Totals[customer] += amount;
        await AuditLog.SendAsync(customer, amount);
    }

    [Agent("audit")]
    public async ValueTask Audit(Event<string, int> e, CancellationToken cancellationToken)
    {
        audit.Enqueue(e.Key);
        if (e.Value >= 10)
        {
            await Large.SendAsync(e.Key, e.Value, cancellationToken: cancellationToken);
        }
    }

    [Timer(0.02)]
    public void Tick() => Interlocked.Increment(ref ticks);

    [StartupTask]
    public Task Start()
    {
        Started = true;
        return Task.CompletedTask;
    }
}
