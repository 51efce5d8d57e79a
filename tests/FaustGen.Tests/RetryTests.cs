using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using FaustGen.Testing;

namespace FaustGen.Tests;

public sealed class RetryTests
{
    [Fact]
    public async Task An_event_retried_in_place_holds_back_only_its_own_partition_and_keeps_its_order()
    {
        var processed = new ConcurrentQueue<string>();
        var attempts = new ConcurrentQueue<(int Attempt, long At)>();
        var clock = Stopwatch.StartNew();
        Topic<string, string> orders = null!;
        var app = new TestApps.Defined("in-place", d =>
        {
            d.Settings.ValueSerializer = "json";
            d.Settings.TopicPartitions = 2;
            orders = d.Topic<string, string>("orders");
            d.EventAgent("take", orders, (Event<string, string> e, CancellationToken _) =>
            {
                if (e.Value == "bad" && attempts.Count(a => true) < 2)
                {
                    attempts.Enqueue((attempts.Count + 1, clock.ElapsedMilliseconds));
                    throw new TimeoutException("not yet");
                }

                processed.Enqueue(e.Value);
                return default;
            }, new AgentOptions { Retry = new RetryOptions { MaxAttempts = 3, Delay = TimeSpan.FromMilliseconds(400), Backoff = RetryBackoff.Constant } });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await orders.SendAsync("a", "bad", partition: 0);
        await orders.SendAsync("a", "after", partition: 0);
        await Wait.UntilAsync(() => attempts.Count == 1, "the first attempt failed");
        await orders.SendAsync("b", "other", partition: 1);
        await Wait.UntilAsync(() => processed.Contains("other"), "the other partition's event was processed while partition 0 waits");
        Assert.DoesNotContain("after", processed);

        // Nothing of partition 0 is committed past the event being retried; partition 1 is.
        Assert.True(await app.CommitAsync());
        Assert.True(test.Broker.CommittedOffset("in-place", new TopicPartition("orders", 0)) is null or 0);
        Assert.Equal(1, test.Broker.CommittedOffset("in-place", new TopicPartition("orders", 1)));

        await test.WaitIdleAsync();
        Assert.Equal(["other", "bad", "after"], processed.ToArray());
        var times = attempts.Select(a => a.At).ToArray();
        Assert.True(times[1] - times[0] >= 350, $"the second attempt came {times[1] - times[0]} ms after the first, before the 400 ms backoff");
        var agent = app.Agents.Single();
        Assert.Equal(2, agent.Failed);
        Assert.Equal(3, agent.Processed);
        Assert.Equal(2, app.Monitor.Snapshot().Value("faustgen.retries", "where", "in_place"));
    }

    [Fact]
    public async Task Errors_the_retry_settings_do_not_name_go_to_the_policy_at_once()
    {
        var tries = 0;
        Topic<string, string> orders = null!;
        var app = new TestApps.Defined("retry-on", d =>
        {
            d.Settings.ValueSerializer = "json";
            orders = d.Topic<string, string>("orders");
            d.EventAgent("take", orders, (Event<string, string> _, CancellationToken _) =>
            {
                Interlocked.Increment(ref tries);
                throw new ArgumentException("bad input");
            }, new AgentOptions { Retry = new RetryOptions { Delay = TimeSpan.FromMilliseconds(10), RetryOn = e => e is TimeoutException } });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(orders, "a", "x");
        Assert.Equal(1, tries);
        Assert.Equal(1, app.Monitor.Snapshot().Value("faustgen.errors", "outcome", "skipped"));
    }

    [Fact]
    public async Task A_stream_agent_gets_the_retried_event_again_on_its_restarted_stream()
    {
        var processed = new ConcurrentQueue<string>();
        var failures = 0;
        Topic<string, string> orders = null!;
        var app = new TestApps.Defined("stream-retry", d =>
        {
            d.Settings.ValueSerializer = "json";
            d.Settings.TopicPartitions = 1;
            orders = d.Topic<string, string>("orders");
            d.StreamAgent("take", orders, async (stream, token) =>
            {
                await foreach (var value in stream.WithCancellation(token))
                {
                    if (value == "bad" && Interlocked.Increment(ref failures) <= 2)
                    {
                        throw new TimeoutException("not yet");
                    }

                    processed.Enqueue(value);
                }
            }, new AgentOptions { Retry = new RetryOptions { Delay = TimeSpan.FromMilliseconds(50) } });
        });
        await using var test = await AppTestContext.StartAsync(app);
        foreach (var value in new[] { "first", "bad", "last" })
        {
            await orders.SendAsync("k", value, partition: 0);
        }

        await test.WaitIdleAsync();
        Assert.Equal(["first", "bad", "last"], processed.ToArray());
        Assert.Equal(3, failures);
    }

    [Fact]
    public async Task An_event_goes_through_two_retry_topics_to_the_dead_letter_topic_with_its_history_in_headers()
    {
        var seen = new ConcurrentQueue<(string Topic, int Attempt, long At)>();
        var clock = Stopwatch.StartNew();
        Topic<string, string> orders = null!;
        var app = new TestApps.Defined("by-topic", d =>
        {
            d.Settings.ValueSerializer = "json";
            d.Settings.TopicPartitions = 2;
            orders = d.Topic<string, string>("orders");
            d.EventAgent("take", orders, (Event<string, string> e, CancellationToken _) =>
            {
                seen.Enqueue((e.Topic, e.Headers?.GetLastString("faustgen.retry.attempt") is { } a ? int.Parse(a, System.Globalization.CultureInfo.InvariantCulture) : 0, clock.ElapsedMilliseconds));
                throw new InvalidOperationException("always");
            }, new AgentOptions { Retry = new RetryOptions { MaxAttempts = 2, Delay = TimeSpan.FromMilliseconds(20), Topics = 2, TopicDelay = TimeSpan.FromMilliseconds(300) } });
        });
        await using var test = await AppTestContext.StartAsync(app);
        var written = await orders.SendAsync("key", "order", partition: 1, headers: new MessageHeaders().Add("trace", "kept"));
        await Wait.UntilAsync(() => test.Broker.ReadAll("by-topic-take-dead-letter").Count == 1, "the event reached the dead-letter topic");

        // Two attempts in place, then one in each retry topic, each read back once its delay had passed.
        Assert.Equal(["orders", "orders", "by-topic-take-retry-1", "by-topic-take-retry-2"], seen.Select(s => s.Topic).ToArray());
        var at = seen.Select(s => s.At).ToArray();
        Assert.True(at[2] - at[1] >= 250, $"retry topic 1 was read {at[2] - at[1]} ms after the failure, before its 300 ms");
        Assert.True(at[3] - at[2] >= 550, $"retry topic 2 was read {at[3] - at[2]} ms after, before its 600 ms");

        var first = Assert.Single(test.Broker.Read("by-topic-take-retry-1", 1));
        var second = Assert.Single(test.Broker.Read("by-topic-take-retry-2", 1));
        var dead = Assert.Single(test.Broker.ReadAll("by-topic-take-dead-letter"));
        Assert.Equal("2", first.Headers!.GetLastString("faustgen.retry.attempt"));
        Assert.Equal("3", second.Headers!.GetLastString("faustgen.retry.attempt"));
        Assert.Equal("4", dead.Headers!.GetLastString("faustgen.retry.attempt"));
        Assert.Equal("1", first.Headers.GetLastString("faustgen.retry.topic"));
        Assert.Equal("2", second.Headers.GetLastString("faustgen.retry.topic"));
        var firstFailure = first.Headers.GetLastString("faustgen.retry.first-failure");
        Assert.NotNull(firstFailure);
        Assert.Equal(firstFailure, dead.Headers.GetLastString("faustgen.retry.first-failure"));
        foreach (var record in new[] { first, second, dead })
        {
            Assert.Equal("orders", record.Headers!.GetLastString("faustgen.source.topic"));
            Assert.Equal("1", record.Headers.GetLastString("faustgen.source.partition"));
            Assert.Equal(written.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture), record.Headers.GetLastString("faustgen.source.offset"));
            Assert.Equal(typeof(InvalidOperationException).FullName, record.Headers.GetLastString("faustgen.error.type"));
            Assert.Equal("always", record.Headers.GetLastString("faustgen.error.message"));
            Assert.Equal("kept", record.Headers.GetLastString("trace"));
            Assert.Equal("key", Encoding.UTF8.GetString(record.Key!));
            Assert.Single(record.Headers, h => h.Key == "faustgen.error.type");
        }

        Assert.Null(dead.Headers.GetLastString("faustgen.retry.due"));
        await test.WaitIdleAsync();
    }

    [Fact]
    public async Task A_processing_error_handler_decides_per_error_and_a_deserialization_handler_for_payloads_that_do_not_decode()
    {
        var decisions = new ConcurrentQueue<string>();
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("handled", d =>
        {
            d.Settings.ValueSerializer = "json";
            d.Settings.TopicPartitions = 1;
            numbers = d.Topic<string, int>("numbers");
            d.OnProcessingError((e, error) =>
            {
                decisions.Enqueue($"processing {e.Offset} {error.GetType().Name}");
                return error is ArgumentException ? ErrorAction.DeadLetter : null;
            });
            d.OnDeserializationError((e, error) =>
            {
                decisions.Enqueue($"deserialization {e.Offset} {error.Part}");
                return ErrorAction.Skip;
            });
            d.EventAgent("strict", numbers, (Event<string, int> e, CancellationToken _) => e.Value switch
            {
                1 => throw new ArgumentException("one"),
                2 => throw new FormatException("two"),
                _ => default,
            }, new AgentOptions { OnError = AgentErrorPolicy.Skip });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await numbers.SendAsync("k", 1);
        await numbers.SendAsync("k", 2);
        test.Broker.Append(new Transport.OutgoingMessage("numbers", 0, null, "not json"u8.ToArray()), 1);
        await numbers.SendAsync("k", 3);
        await test.WaitIdleAsync();

        Assert.Equal(["processing 0 ArgumentException", "processing 1 FormatException", "deserialization 2 value"], decisions.ToArray());
        Assert.Single(test.Broker.Read("handled-strict-dead-letter", 0));
        var snapshot = app.Monitor.Snapshot();
        var errors = snapshot.Find("faustgen.errors")!.Series;
        Assert.Equal(1, errors.Where(s => s.Tag("kind") == "processing" && s.Tag("outcome") == "dead_lettered").Sum(s => s.Value));
        Assert.Equal(1, errors.Where(s => s.Tag("kind") == "processing" && s.Tag("outcome") == "skipped").Sum(s => s.Value));
        Assert.Equal(1, errors.Where(s => s.Tag("kind") == "deserialization" && s.Tag("outcome") == "skipped").Sum(s => s.Value));
    }

    [Fact]
    public async Task A_handler_that_says_retry_retries_in_place_with_the_default_settings_even_without_retry_settings()
    {
        var tries = 0;
        Topic<string, int> numbers = null!;
        var app = new TestApps.Defined("handler-retry", d =>
        {
            d.Settings.ValueSerializer = "json";
            numbers = d.Topic<string, int>("numbers");
            d.EventAgent("flaky", numbers, (Event<string, int> _, CancellationToken _) =>
                Interlocked.Increment(ref tries) == 1 ? throw new TimeoutException("once") : default,
                new AgentOptions { OnProcessingError = (e, _) => e.Attempt < 3 ? ErrorAction.Retry : ErrorAction.Skip });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(numbers, "k", 1);
        Assert.Equal(2, tries);
    }

    [Fact]
    public async Task Stopping_the_app_cancels_a_retry_wait_and_leaves_the_event_unacknowledged()
    {
        Topic<string, int> numbers = null!;
        var failed = new TaskCompletionSource();
        var app = new TestApps.Defined("cancelled", d =>
        {
            d.Settings.ValueSerializer = "json";
            d.Settings.TopicPartitions = 1;
            numbers = d.Topic<string, int>("numbers");
            d.EventAgent("slow", numbers, (Event<string, int> _, CancellationToken _) =>
            {
                failed.TrySetResult();
                throw new TimeoutException("later");
            }, new AgentOptions { Retry = new RetryOptions { Delay = TimeSpan.FromMinutes(5), MaxDelay = null } });
        });
        var test = await AppTestContext.StartAsync(app);
        await numbers.SendAsync("k", 1);
        await numbers.SendAsync("k", 2);
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(AppState.Stopped, app.State);
        Assert.True(test.Broker.CommittedOffset("cancelled", new TopicPartition("numbers", 0)) is null or 0);
    }

    [Fact]
    public async Task A_channel_agent_retries_in_place_but_never_through_topics()
    {
        var tries = 0;
        Channel<string, string> jobs = null!;
        var app = new TestApps.Defined("channel-retry", d =>
        {
            jobs = d.Channel<string, string>("jobs");
            d.EventAgent("work", jobs, (Event<string, string> _, CancellationToken _) =>
            {
                Interlocked.Increment(ref tries);
                throw new TimeoutException("busy");
            }, new AgentOptions { Retry = new RetryOptions { MaxAttempts = 2, Delay = TimeSpan.FromMilliseconds(20), Topics = 1 } });
        });
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(jobs, "k", "1");

        Assert.Equal(2, tries);
        Assert.False(test.Broker.TryGetPartitionCount("channel-retry-work-retry-1", out _));
        Assert.Equal(1, app.Monitor.Snapshot().Value("faustgen.errors", "outcome", "skipped"));
    }
}
