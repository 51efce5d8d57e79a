using FaustGen.Processing;
using FaustGen.Transport;

namespace FaustGen;

/// <summary>
/// An in-memory channel of an app (Faust's <c>app.channel()</c>): agents consume it like a topic, but what is
/// sent to it goes straight to those agents in this process — it never reaches the broker, has one partition,
/// and is not kept. Sending waits while the agents have <see cref="AppSettings.StreamBufferMaxSize"/> events
/// of it unprocessed; <see cref="Topic{TKey, TValue}.SendSoon"/> does not wait.
/// </summary>
/// <typeparam name="TKey">The key's type.</typeparam>
/// <typeparam name="TValue">The value's type.</typeparam>
public sealed class Channel<TKey, TValue> : Topic<TKey, TValue>, IChannel
{
    private readonly Lock gate = new();
    private readonly List<ISubscriber> subscribers = [];
    private readonly AssignedPartition partition;
    private long nextOffset;

    internal Channel(App app, string name)
        : base(app, name, new TopicOptions { Partitions = 1 })
    {
        partition = new AssignedPartition(new TopicPartition(name, 0));
    }

    void IChannel.Subscribe(ISubscriber subscriber)
    {
        lock (gate)
        {
            subscribers.Add(subscriber);
        }
    }

    bool IChannel.IsProcessed(long offset) => partition.Tracker.Committable > offset;

    void IChannel.Close() => partition.Revoke();

    private protected override async ValueTask<RecordMetadata> WriteAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var limit = App.Settings.StreamBufferMaxSize;
        if (partition.Tracker.Outstanding >= limit)
        {
            var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            partition.Tracker.NotifyWhenDrained(limit - 1, drained.SetResult);
            await drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return Deliver(message);
    }

    private protected override void WriteSoon(in OutgoingMessage message) => Deliver(message);

    private RecordMetadata Deliver(in OutgoingMessage message)
    {
        var timestamp = message.Timestamp ?? DateTimeOffset.UtcNow;
        lock (gate)
        {
            var offset = nextOffset++;
            ReadOnlySpan<ConsumedRecord> record = [new ConsumedRecord(Name, 0, offset, timestamp, message.Key, message.Value, message.Headers)];
            var first = partition.Tracker.Register(record, subscribers.Count);
            if (subscribers.Count > 0)
            {
                var batch = RecordBatch.Rent(partition, record, first, subscribers.Count);
                foreach (var subscriber in subscribers)
                {
                    subscriber.Deliver(batch);
                }
            }

            return new RecordMetadata(Name, 0, offset, timestamp);
        }
    }
}

/// <summary>What the app needs of a channel whatever its types.</summary>
internal interface IChannel
{
    /// <summary>Delivers what is sent to the channel to <paramref name="subscriber"/> too.</summary>
    void Subscribe(ISubscriber subscriber);

    /// <summary>Whether every agent of the channel has processed the message at <paramref name="offset"/>.</summary>
    bool IsProcessed(long offset);

    /// <summary>Stops agents from starting the channel's queued events (the app stops).</summary>
    void Close();
}
