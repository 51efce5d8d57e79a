using System.Collections.Concurrent;
using FaustGen.Testing;

namespace FaustGen.Tests;

public sealed class ProductionErrorTests
{
    [Fact]
    public async Task A_send_the_broker_refuses_goes_to_the_handler_which_can_retry_it_then_skip_it()
    {
        var asked = new ConcurrentQueue<string>();
        var offsets = new ConcurrentQueue<long>();
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("refused", d =>
        {
            d.Settings.ValueSerializer = "json";
            numbers = d.Topic<string, int>("numbers");
            var output = d.Topic<string, int>("output", new TopicOptions { Partitions = 1 });
            d.OnProductionError(error =>
            {
                asked.Enqueue($"{error.Topic} {error.Kind} {error.Attempt}");
                return error.Attempt < 3 ? ProductionAction.Retry : ProductionAction.Skip;
            });
            d.EventAgent("forward", numbers, async (Event<string, int> e, CancellationToken token) =>
                offsets.Enqueue((await output.SendAsync(e.Key, e.Value, partition: 99, cancellationToken: token)).Offset));
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(numbers, "k", 1);

        Assert.Equal(["output Other 1", "output Other 2", "output Other 3"], asked.ToArray());
        Assert.Equal(-1, Assert.Single(offsets));
        Assert.Equal(0, app.Agents.Single().Failed);
        var series = app.Monitor.Snapshot().Find("faustgen.production.errors")!.Series;
        Assert.Equal(2, series.Where(s => s.Tag("action") == "retry").Sum(s => s.Value));
        Assert.Equal(1, series.Where(s => s.Tag("action") == "skip" && s.Tag("topic") == "output").Sum(s => s.Value));
    }

    [Fact]
    public async Task Without_a_handler_a_refused_send_fails_the_event()
    {
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("unhandled", d =>
        {
            d.Settings.ValueSerializer = "json";
            numbers = d.Topic<string, int>("numbers");
            var output = d.Topic<string, int>("output", new TopicOptions { Partitions = 1 });
            d.EventAgent("forward", numbers, async (Event<string, int> e, CancellationToken token) =>
                await output.SendAsync(e.Key, e.Value, partition: 99, cancellationToken: token));
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(numbers, "k", 1);
        Assert.Equal(1, app.Agents.Single().Failed);
    }

    [Theory]
    [InlineData(ProductionAction.Skip, true)]
    [InlineData(ProductionAction.Fail, false)]
    public async Task A_message_sent_without_waiting_that_the_handler_skips_no_longer_holds_commits_back(ProductionAction action, bool commits)
    {
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("soon-" + action, d =>
        {
            d.Settings.ValueSerializer = "json";
            d.Settings.CommitInterval = TimeSpan.FromMinutes(10);
            numbers = d.Topic<string, int>("numbers");
            var output = d.Topic<string, int>("output", new TopicOptions { Partitions = 1 });
            d.OnProductionError(_ => action);
            d.EventAgent("forward", numbers, (Event<string, int> e, CancellationToken _) =>
            {
                output.SendSoon(e.Key, e.Value, partition: 99);
                return default;
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(numbers, "k", 1);
        Assert.Equal(commits, await app.CommitAsync());
    }
}
