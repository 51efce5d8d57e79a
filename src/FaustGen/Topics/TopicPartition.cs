namespace FaustGen;

/// <summary>A partition of a topic.</summary>
/// <param name="Topic">The topic's name.</param>
/// <param name="Partition">The partition number, from 0.</param>
public readonly record struct TopicPartition(string Topic, int Partition)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Topic}[{Partition}]";
}

/// <summary>A position in a partition of a topic.</summary>
/// <param name="Topic">The topic's name.</param>
/// <param name="Partition">The partition number, from 0.</param>
/// <param name="Offset">The offset: for commits, the offset of the next message to read.</param>
public readonly record struct TopicPartitionOffset(string Topic, int Partition, long Offset)
{
    /// <summary>The topic and partition.</summary>
    public TopicPartition TopicPartition => new(Topic, Partition);

    /// <inheritdoc/>
    public override string ToString() => $"{Topic}[{Partition}]@{Offset}";
}

/// <summary>Where a sent message was written.</summary>
/// <param name="Topic">The topic's name.</param>
/// <param name="Partition">The partition it was written to.</param>
/// <param name="Offset">Its offset in that partition.</param>
/// <param name="Timestamp">Its timestamp.</param>
public readonly record struct RecordMetadata(string Topic, int Partition, long Offset, DateTimeOffset Timestamp);
