using System.Collections.Concurrent;
using FaustGen.Testing;

namespace FaustGen.Tests;

public sealed class MiddlewareTests
{
    [Fact]
    public async Task App_and_agent_middlewares_run_in_order_before_the_agent_and_the_other_way_round_after_it()
    {
        var log = new ConcurrentQueue<string>();
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("ordered", d =>
        {
            d.Settings.ValueSerializer = "json";
            numbers = d.Topic<string, int>("numbers");
            d.Use(new Recording("app", log));
            d.EventAgent("sum", numbers, (Event<string, int> e, CancellationToken _) =>
            {
                log.Enqueue("agent " + e.Value);
                return default;
            }, new AgentOptions { Middlewares = [new Recording("first", log), new Recording("second", log)] });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(numbers, "k", 7);
        Assert.Equal(
            ["app before", "first before", "second before", "agent 7", "second Processed", "first Processed", "app Processed"],
            log.ToArray());
    }

    [Fact]
    public async Task A_middleware_sees_where_the_event_came_from_its_headers_and_its_decoded_key_and_value()
    {
        var seen = new ConcurrentQueue<string>();
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("inspected", d =>
        {
            d.Settings.ValueSerializer = "json";
            numbers = d.Topic<string, int>("numbers");
            d.EventAgent("sum", numbers, (Event<string, int> _, CancellationToken _) => default, new AgentOptions
            {
                Middlewares = [new Inspecting(e => seen.Enqueue(
                    $"{e.Agent} {e.Topic}[{e.Partition}]@{e.Offset} {(e.TryGetKey<string>(out var key) ? key : "?")}={(e.TryGetValue<int>(out var value) ? value : -1)} " +
                    $"{e.Headers?.GetLastString("h")} {e.Timestamp.Year > 2000} attempt {e.Attempt}"))],
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await numbers.SendAsync("k", 42, partition: 1, headers: new MessageHeaders().Add("h", "v"));
        await test.WaitIdleAsync();
        Assert.Equal("sum numbers[1]@0 k=42 v True attempt 1", Assert.Single(seen));
    }

    [Fact]
    public async Task A_middleware_that_short_circuits_keeps_the_event_from_the_agent_and_it_counts_as_processed()
    {
        var values = new ConcurrentQueue<int>();
        var outcomes = new ConcurrentQueue<EventOutcome>();
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("short", d =>
        {
            d.Settings.ValueSerializer = "json";
            numbers = d.Topic<string, int>("numbers");
            d.EventAgent("evens", numbers, (Event<string, int> e, CancellationToken _) =>
            {
                values.Enqueue(e.Value);
                return default;
            }, new AgentOptions { Middlewares = [new Inspecting(null, outcomes), new OddFilter()] });
        });
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 6; i++)
        {
            await test.PutAsync(numbers, "k", i);
        }

        Assert.Equal([0, 2, 4], values.ToArray());
        Assert.Equal(6, app.Agents.Single().Processed);
        Assert.Equal(3, outcomes.Count(o => o == EventOutcome.ShortCircuited));
        Assert.Equal(3, outcomes.Count(o => o == EventOutcome.Processed));
    }

    [Fact]
    public async Task A_middleware_catches_an_error_and_decides_over_the_agents_policy()
    {
        var outcomes = new ConcurrentQueue<EventOutcome>();
        var errors = new ConcurrentQueue<string?>();
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("caught", d =>
        {
            d.Settings.ValueSerializer = "json";
            numbers = d.Topic<string, int>("numbers");
            d.EventAgent("strict", numbers, (Event<string, int> e, CancellationToken _) =>
                e.Value == 1 ? throw new TimeoutException("slow") : default, new AgentOptions
            {
                OnError = AgentErrorPolicy.Stop,
                Middlewares = [new Inspecting(e => errors.Enqueue(e.Error?.Message), outcomes, completedOnly: true), new SkipTimeouts()],
            });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(numbers, "k", 1);
        await test.PutAsync(numbers, "k", 2);

        var agent = app.Agents.Single();
        Assert.False(agent.Crashed);
        Assert.Equal(1, agent.Failed);
        Assert.Equal([EventOutcome.Skipped, EventOutcome.Processed], outcomes.ToArray());
        Assert.Equal<string?>(["slow", null], errors.ToList());
    }

    [Fact]
    public async Task Without_a_decision_from_a_middleware_the_policy_decides()
    {
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("undecided", d =>
        {
            d.Settings.ValueSerializer = "json";
            d.Settings.OnAgentStopped = AgentStoppedAction.KeepRunning;
            numbers = d.Topic<string, int>("numbers");
            d.EventAgent("strict", numbers, (Event<string, int> _, CancellationToken _) => throw new InvalidOperationException("no"),
                new AgentOptions { OnError = AgentErrorPolicy.Stop, Middlewares = [new SkipTimeouts()] });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await numbers.SendAsync("k", 1);
        await Wait.UntilAsync(() => app.Agents.Single().Crashed, "the agent stopped, as its policy says");
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("yielding")]
    [InlineData("noack")]
    [InlineData("take")]
    [InlineData("concurrent")]
    public async Task Every_agent_shape_sends_each_event_through_the_middlewares_once(string shape)
    {
        var begun = new ConcurrentQueue<long>();
        var completed = new ConcurrentQueue<(long Offset, EventOutcome Outcome)>();
        var middleware = new Inspecting(e => begun.Enqueue(e.Offset), completed: null, onCompleted: (e, o) => completed.Enqueue((e.Offset, o)));
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("shapes-" + shape, d =>
        {
            d.Settings.ValueSerializer = "json";
            d.Settings.TopicPartitions = 1;
            numbers = d.Topic<string, int>("numbers");
            var sink = d.Topic<string, int>("doubled");
            var options = new AgentOptions { Middlewares = [middleware], Concurrency = shape == "concurrent" ? 4 : 1 };
            switch (shape)
            {
                case "stream":
                    d.StreamAgent("s", numbers, async (stream, token) =>
                    {
                        await foreach (var _ in stream.WithCancellation(token))
                        {
                        }
                    }, options);
                    break;
                case "yielding":
                    d.YieldingAgent("y", numbers, (stream, token) => Double(stream, token), [sink], options);
                    break;
                case "noack":
                    d.StreamAgent("n", numbers, async (stream, token) =>
                    {
                        var manual = stream.NoAck();
                        await foreach (var e in manual.Events(token))
                        {
                            manual.Ack(e);
                        }
                    }, options);
                    break;
                case "take":
                    d.StreamAgent("t", numbers, async (stream, token) =>
                    {
                        await foreach (var _ in stream.Take(3, TimeSpan.FromMilliseconds(50), token))
                        {
                        }
                    }, options);
                    break;
                default:
                    d.EventAgent("c", numbers, (Event<string, int> _, CancellationToken _) => default, options);
                    break;
            }
        });
        await using var test = await AppTestContext.StartAsync(app);
        for (var i = 0; i < 10; i++)
        {
            await numbers.SendAsync("k" + i, i, partition: 0);
        }

        await test.WaitIdleAsync();
        await Wait.UntilAsync(() => completed.Count == 10, "every event was completed");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), begun.Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => ((long)i, EventOutcome.Processed)), completed.OrderBy(c => c.Offset));
    }

    private static async IAsyncEnumerable<int> Double(IAgentStream<string, int> stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
    {
        await foreach (var value in stream.WithCancellation(token))
        {
            yield return value * 2;
        }
    }

    private sealed class Recording(string name, ConcurrentQueue<string> log) : AgentMiddleware
    {
        public override ValueTask<bool> OnEventAsync(AgentEvent e)
        {
            log.Enqueue(name + " before");
            return new(true);
        }

        public override void OnCompleted(AgentEvent e, EventOutcome outcome) => log.Enqueue(name + " " + outcome);
    }

    private sealed class Inspecting(
        Action<AgentEvent>? onEvent, ConcurrentQueue<EventOutcome>? completed = null, bool completedOnly = false, Action<AgentEvent, EventOutcome>? onCompleted = null)
        : AgentMiddleware
    {
        public override ValueTask<bool> OnEventAsync(AgentEvent e)
        {
            if (!completedOnly)
            {
                onEvent?.Invoke(e);
            }

            return new(true);
        }

        public override void OnCompleted(AgentEvent e, EventOutcome outcome)
        {
            if (completedOnly)
            {
                onEvent?.Invoke(e);
            }

            completed?.Enqueue(outcome);
            onCompleted?.Invoke(e, outcome);
        }
    }

    private sealed class OddFilter : AgentMiddleware
    {
        public override ValueTask<bool> OnEventAsync(AgentEvent e) => new(e.TryGetValue<int>(out var value) && value % 2 == 0);
    }

    private sealed class SkipTimeouts : AgentMiddleware
    {
        public override ValueTask<ErrorAction?> OnErrorAsync(AgentEvent e, Exception error) => new(error is TimeoutException ? ErrorAction.Skip : null);
    }
}
