using FaustGen.Codecs;

namespace FaustGen;

/// <summary>
/// The stream of values an agent reads with <c>await foreach</c>. Each event is acknowledged when the next
/// one is asked for, so an event counts as processed once the loop body has finished with it.
/// </summary>
/// <typeparam name="TValue">The value's type.</typeparam>
public interface IAgentStream<TValue> : IAsyncEnumerable<TValue>
{
    /// <summary>The values for which <paramref name="predicate"/> holds; the others are acknowledged and dropped (Faust's <c>filter</c>).</summary>
    IAgentStream<TValue> Where(Func<TValue, bool> predicate);

    /// <summary>
    /// Groups up to <paramref name="max"/> values, waiting at most <paramref name="within"/> after the first
    /// of a group (Faust's <c>take</c>). A group's events are acknowledged when the next group is asked for.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<TValue>> Take(int max, TimeSpan within, CancellationToken cancellationToken = default);

    /// <summary>The values numbered from 0 (Faust's <c>enumerate</c>).</summary>
    IAsyncEnumerable<(long Index, TValue Value)> Enumerate(CancellationToken cancellationToken = default);
}

/// <summary>
/// The stream of events an agent reads, with keys. See <see cref="IAgentStream{TValue}"/>.
/// </summary>
/// <typeparam name="TKey">The key's type.</typeparam>
/// <typeparam name="TValue">The value's type.</typeparam>
public interface IAgentStream<TKey, TValue> : IAgentStream<TValue>
{
    /// <summary>The topic the events come from.</summary>
    string TopicName { get; }

    /// <summary>The events for which <paramref name="predicate"/> holds (Faust's <c>filter</c>).</summary>
    new IAgentStream<TKey, TValue> Where(Func<TValue, bool> predicate);

    /// <summary>Keys and values (Faust's <c>items</c>).</summary>
    IAsyncEnumerable<(TKey Key, TValue Value)> Items(CancellationToken cancellationToken = default);

    /// <summary>Whole events: key, value and message (Faust's <c>events</c>).</summary>
    IAsyncEnumerable<Event<TKey, TValue>> Events(CancellationToken cancellationToken = default);

    /// <summary>
    /// The same stream, except that events are not acknowledged when the loop moves on: call
    /// <see cref="Ack"/> for each (Faust's <c>noack</c>).
    /// </summary>
    IAgentStream<TKey, TValue> NoAck();

    /// <summary>Acknowledges <paramref name="e"/>, read from a <see cref="NoAck"/> stream.</summary>
    /// <exception cref="InvalidOperationException">The event was already acknowledged, or is not from this stream.</exception>
    void Ack(in Event<TKey, TValue> e);

    /// <summary>
    /// Re-keys the stream by <paramref name="key"/> (Faust's <c>group_by</c>): every event is sent to the internal
    /// topic <c>{app-id}-{name}-repartition</c>, partitioned by the new key, and the returned stream reads it back,
    /// so keyed state (tables) follows the new key. Each event is acknowledged once it is written there.
    /// </summary>
    /// <param name="key">The new key of a value.</param>
    /// <param name="name">The name of the grouping, unique in the app; it names the repartition topic.</param>
    /// <param name="keySerializer">The codec of the new keys, or null for the app's key serializer.</param>
    IAgentStream<TNewKey, TValue> GroupBy<TNewKey>(Func<TValue, TNewKey> key, string name, Codec? keySerializer = null);

    /// <summary>
    /// Sends every event to <paramref name="topic"/> and returns the stream that reads it back (Faust's
    /// <c>through</c>). Each event is acknowledged once it is written there.
    /// </summary>
    IAgentStream<TKey, TValue> Through(Topic<TKey, TValue> topic);
}
