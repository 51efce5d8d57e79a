using FaustGen.Codecs;
using FaustGen.Transport.Memory;

namespace FaustGen.Testing;

/// <summary>
/// Runs an app for a test on a private in-memory broker, the way Faust's <c>agent.test_context()</c> does:
/// put events into its agents, wait until they are processed, then read what the agents sent or yielded
/// and what they changed in tables. The app runs on the same paths as in production (poll loop,
/// acknowledgements, commits), only the broker is in-process.
/// </summary>
public sealed class AppTestContext : IAsyncDisposable
{
    private AppTestContext(App app, MemoryBroker broker, TimeSpan timeout)
    {
        App = app;
        Broker = broker;
        Timeout = timeout;
    }

    /// <summary>The app under test.</summary>
    public App App { get; }

    /// <summary>The app's private broker: read any topic, committed offsets, or compact a topic.</summary>
    public MemoryBroker Broker { get; }

    /// <summary>How long waits for processing last before they fail.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Points <paramref name="app"/> at a new private <c>memory://</c> broker, starts it and waits for its
    /// partitions. Settings can be changed before calling this.
    /// </summary>
    /// <param name="app">An app that has not started.</param>
    /// <param name="timeout">How long waits for processing last (default 10 seconds).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<AppTestContext> StartAsync(App app, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var name = $"test-{Guid.NewGuid():N}";
        app.Settings.Broker = "memory://" + name;
        var context = new AppTestContext(app, MemoryBroker.Get(name), timeout ?? TimeSpan.FromSeconds(10));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        await app.FirstAssignment.WaitAsync(context.Timeout, cancellationToken).ConfigureAwait(false);
        return context;
    }

    /// <summary>Sends an event to <paramref name="topic"/> and waits until every agent that consumes it has processed it.</summary>
    /// <exception cref="TimeoutException">The event was not processed within <see cref="Timeout"/>.</exception>
    public async Task<RecordMetadata> PutAsync<TKey, TValue>(Topic<TKey, TValue> topic, TKey key, TValue value, int? partition = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var written = await topic.SendAsync(key, value, partition, null, cancellationToken).ConfigureAwait(false);
        if (topic is IChannel channel)
        {
            await WaitUntilAsync(() => channel.IsProcessed(written.Offset), $"the event at channel '{topic.Name}'@{written.Offset}", cancellationToken).ConfigureAwait(false);
        }
        else if (App.ConsumedTopics.Contains(topic.Name))
        {
            var tp = new TopicPartition(written.Topic, written.Partition);
            await WaitUntilAsync(() => IsProcessed(tp, written.Offset), $"the event at {tp}@{written.Offset}", cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    /// <summary>Sends an event to the topic of the agent named <paramref name="agent"/> and waits until it is processed.</summary>
    /// <exception cref="KeyNotFoundException">No such agent, or its topic has other key or value types.</exception>
    public Task<RecordMetadata> PutAsync<TKey, TValue>(string agent, TKey key, TValue value, int? partition = null, CancellationToken cancellationToken = default)
    {
        var status = App.Agents.FirstOrDefault(a => a.Name == agent)
            ?? throw new KeyNotFoundException($"App '{App.Settings.Id}' has no agent '{agent}'. Its agents: {string.Join(", ", App.Agents.Select(a => a.Name))}.");
        return PutAsync(App.GetTopic<TKey, TValue>(status.Topic), key, value, partition, cancellationToken);
    }

    /// <summary>Waits until every event in every topic the app consumes has been processed (including events that
    /// streams re-keyed or forwarded into other topics).</summary>
    /// <exception cref="TimeoutException">Events were still unprocessed after <see cref="Timeout"/>.</exception>
    public Task WaitIdleAsync(CancellationToken cancellationToken = default) =>
        WaitUntilAsync(
            () => App.ConsumedTopics.All(topic =>
                !Broker.TryGetPartitionCount(topic, out var count) ||
                Enumerable.Range(0, count).All(p =>
                {
                    var tp = new TopicPartition(topic, p);
                    var end = Broker.EndOffset(tp);
                    return end == 0 || IsProcessed(tp, end - 1);
                })),
            "every consumed event",
            cancellationToken);

    /// <summary>The keys and values in <paramref name="topic"/> (what agents sent or yielded there), partition by partition.</summary>
    public IReadOnlyList<KeyValuePair<TKey, TValue>> Sent<TKey, TValue>(Topic<TKey, TValue> topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return [.. Broker.ReadAll(topic.Name).Select(r => new KeyValuePair<TKey, TValue>(
            Payload.Decode(topic.KeyCodec, r.Key), Payload.Decode(topic.ValueCodec, r.Value)))];
    }

    /// <summary>Stops the app.</summary>
    public ValueTask DisposeAsync() => App.DisposeAsync();

    private bool IsProcessed(TopicPartition partition, long offset) =>
        App.IsProcessed(partition, offset) || Broker.CommittedOffset(App.Settings.Id, partition) > offset;

    private async Task WaitUntilAsync(Func<bool> done, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                var agents = string.Join("; ", App.Agents.Select(a => $"{a.Name}: processed {a.Processed}, failed {a.Failed}{(a.Crashed ? ", crashed" : string.Empty)}"));
                throw new TimeoutException($"Waited {Timeout.TotalSeconds} s for {what} to be processed by app '{App.Settings.Id}'. Agents: {agents}.");
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }
}
