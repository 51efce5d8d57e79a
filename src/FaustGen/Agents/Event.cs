using FaustGen.Processing;
using FaustGen.Transport;

namespace FaustGen;

/// <summary>An event an agent processes: the decoded key and value, and the message they came from.</summary>
/// <typeparam name="TKey">The key's type.</typeparam>
/// <typeparam name="TValue">The value's type.</typeparam>
public readonly struct Event<TKey, TValue>
{
    internal Event(TKey key, TValue value, in ConsumedRecord message, EventHandle handle)
    {
        Key = key;
        Value = value;
        Message = message;
        Handle = handle;
    }

    /// <summary>The decoded key (the type's default when the agent's shape does not read keys).</summary>
    public TKey Key { get; }

    /// <summary>The decoded value.</summary>
    public TValue Value { get; }

    /// <summary>The message as read: topic, partition, offset, timestamp, headers and bytes.</summary>
    public ConsumedRecord Message { get; }

    /// <summary>The topic the event was read from.</summary>
    public string Topic => Message.Topic;

    /// <summary>The partition the event was read from.</summary>
    public int Partition => Message.Partition;

    /// <summary>The event's offset in its partition.</summary>
    public long Offset => Message.Offset;

    /// <summary>The event's timestamp.</summary>
    public DateTimeOffset Timestamp => Message.Timestamp;

    /// <summary>The event's headers, or null.</summary>
    public MessageHeaders? Headers => Message.Headers;

    internal EventHandle Handle { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Message.Topic}[{Message.Partition}]@{Message.Offset}: {Key} = {Value}";
}
