namespace FaustGen;

/// <summary>
/// Declares an in-memory channel of an <see cref="AppAttribute">[App]</see> class (Faust's <c>app.channel()</c>) on a
/// <c>partial</c> property of type <see cref="Channel{TKey, TValue}"/>. Agents consume it by its name like a topic,
/// but what is sent to it stays in the process. The generator implements the property.
/// </summary>
/// <param name="name">The channel's name, unique among the app's topics and channels.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ChannelAttribute(string name) : Attribute
{
    /// <summary>The channel's name.</summary>
    public string Name { get; } = name;
}
