using FaustGen.Codecs;

namespace FaustGen;

/// <summary>How a topic is declared: partitions, codecs and the flags internal topics are created with.</summary>
public sealed record TopicOptions
{
    /// <summary>The partition count, or null to take it from the broker (and <see cref="AppSettings.TopicPartitions"/>
    /// when the app creates the topic).</summary>
    public int? Partitions { get; init; }

    /// <summary>The codec for keys, or null for the app's <see cref="AppSettings.KeySerializer"/>.</summary>
    public Codec? KeySerializer { get; init; }

    /// <summary>The codec for values, or null for the app's <see cref="AppSettings.ValueSerializer"/>.</summary>
    public Codec? ValueSerializer { get; init; }

    /// <summary>Whether the app owns the topic and creates it when it is missing (changelogs, repartition topics).</summary>
    public bool Internal { get; init; }

    /// <summary>Whether the topic is compacted: the broker keeps the last message of each key.</summary>
    public bool Compacted { get; init; }

    /// <summary>Whether old messages are also deleted after <see cref="Retention"/> (with <see cref="Compacted"/>: <c>compact,delete</c>).</summary>
    public bool Deleting { get; init; }

    /// <summary>How long the broker keeps messages, or null for its default.</summary>
    public TimeSpan? Retention { get; init; }
}
