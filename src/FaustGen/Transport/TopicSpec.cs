namespace FaustGen.Transport;

/// <summary>A topic to create: name, partitions, replication and cleanup policy.</summary>
/// <param name="Name">The topic's name.</param>
/// <param name="Partitions">The partition count.</param>
/// <param name="ReplicationFactor">The replication factor.</param>
/// <param name="Compacted">Whether the cleanup policy includes <c>compact</c>.</param>
/// <param name="Deleting">Whether the cleanup policy includes <c>delete</c> (alone, or with compaction).</param>
/// <param name="Retention">Retention, or null for the broker's default.</param>
public readonly record struct TopicSpec(string Name, int Partitions, int ReplicationFactor, bool Compacted, bool Deleting, TimeSpan? Retention);
