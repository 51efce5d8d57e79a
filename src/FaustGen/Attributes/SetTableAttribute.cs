namespace FaustGen;

/// <summary>
/// Declares a set table of an <see cref="AppAttribute">[App]</see> class on a <c>partial</c> property of type
/// <see cref="SetTable{TKey, TMember}"/>: a set of members per key, each change recorded in the changelog topic
/// <c>{app-id}-{name}-changelog</c>.
/// </summary>
/// <param name="name">The table's name, unique within the app.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SetTableAttribute(string name) : Attribute
{
    /// <summary>The table's name, unique within the app.</summary>
    public string Name { get; } = name;

    /// <summary>The number of partitions of the changelog (0: the app's).</summary>
    public int Partitions { get; set; }

    /// <summary>The codec for keys in the changelog; defaults to the app's <see cref="AppSettings.KeySerializer"/>.</summary>
    public string? KeySerializer { get; set; }

    /// <summary>The codec for each member of a set; defaults to the app's <see cref="AppSettings.ValueSerializer"/>.</summary>
    public string? MemberSerializer { get; set; }

    /// <summary>A description shown by the command line and the web site.</summary>
    public string? Help { get; set; }
}
