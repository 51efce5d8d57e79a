namespace FaustGen;

/// <summary>
/// Declares a topic of an <see cref="AppAttribute">[App]</see> class on a <c>partial</c> property of type
/// <see cref="Topic{TKey, TValue}"/>. The generator implements the property.
/// </summary>
/// <param name="name">The topic's name in the broker.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class TopicAttribute(string name) : Attribute
{
    /// <summary>The topic's name in the broker.</summary>
    public string Name { get; } = name;

    /// <summary>The number of partitions, when the app creates the topic or checks it (0: as the broker has it).</summary>
    public int Partitions { get; set; }

    /// <summary>The codec for keys; defaults to the app's <see cref="AppSettings.KeySerializer"/>.</summary>
    public string? KeySerializer { get; set; }

    /// <summary>The codec for values; defaults to the app's <see cref="AppSettings.ValueSerializer"/>.</summary>
    public string? ValueSerializer { get; set; }

    /// <summary>Whether the app owns the topic: an internal topic is created by the app when missing.</summary>
    public bool Internal { get; set; }

    /// <summary>Whether the topic is compacted (keeps the last value per key).</summary>
    public bool Compacted { get; set; }

    /// <summary>How long the broker keeps messages, in seconds (0: the broker's default).</summary>
    public double RetentionSeconds { get; set; }
}
