using FaustGen.Codecs;

namespace FaustGen;

/// <summary>How a table is declared.</summary>
/// <typeparam name="TValue">The table's value type.</typeparam>
public sealed record TableOptions<TValue>
{
    /// <summary>The value a missing key reads as (default: the type's default). Use immutable values: the
    /// same instance is returned for every missing key.</summary>
    public TValue Default { get; init; } = default!;

    /// <summary>The changelog's partition count, or null for the partition count of the app's source topics
    /// (or <see cref="AppSettings.TopicPartitions"/>).</summary>
    public int? Partitions { get; init; }

    /// <summary>The codec for keys, or null for the app's <see cref="AppSettings.KeySerializer"/>.</summary>
    public Codec? KeySerializer { get; init; }

    /// <summary>The codec for values, or null for the app's <see cref="AppSettings.ValueSerializer"/>.</summary>
    public Codec? ValueSerializer { get; init; }

    /// <summary>A description shown by tools.</summary>
    public string? Help { get; init; }
}
