namespace FaustGen.Transport;

/// <summary>A message as a transport delivers it: still bytes, with where it was read from.</summary>
/// <param name="Topic">The topic it was read from.</param>
/// <param name="Partition">The partition it was read from.</param>
/// <param name="Offset">Its offset. Offsets grow but need not be contiguous.</param>
/// <param name="Timestamp">Its timestamp.</param>
/// <param name="Key">The key's bytes, or null.</param>
/// <param name="Value">The value's bytes, or null (a tombstone).</param>
/// <param name="Headers">Its headers, or null when it has none.</param>
public readonly record struct ConsumedRecord(
    string Topic,
    int Partition,
    long Offset,
    DateTimeOffset Timestamp,
    byte[]? Key,
    byte[]? Value,
    MessageHeaders? Headers);

/// <summary>A message to send, already encoded.</summary>
/// <param name="Topic">The topic to write to.</param>
/// <param name="Partition">The partition, or null to let the key choose (murmur2 of the key, as Kafka's Java
/// client does, so keys land where other Kafka clients put them; a null key spreads messages).</param>
/// <param name="Key">The key's bytes, or null.</param>
/// <param name="Value">The value's bytes, or null (a tombstone).</param>
/// <param name="Headers">Headers, or null.</param>
/// <param name="Timestamp">The timestamp, or null for the time of sending.</param>
public readonly record struct OutgoingMessage(
    string Topic,
    int? Partition,
    byte[]? Key,
    byte[]? Value,
    MessageHeaders? Headers = null,
    DateTimeOffset? Timestamp = null);
