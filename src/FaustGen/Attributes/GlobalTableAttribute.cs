namespace FaustGen;

/// <summary>
/// Declares a global table of an <see cref="AppAttribute">[App]</see> class on a <c>partial</c> property of type
/// <see cref="GlobalTable{TKey, TValue}"/>: every worker holds all of it, from the changelog topic
/// <c>{app-id}-{name}-changelog</c>.
/// </summary>
/// <param name="name">The table's name, unique within the app.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class GlobalTableAttribute(string name) : Attribute
{
    /// <summary>The table's name, unique within the app.</summary>
    public string Name { get; } = name;

    /// <summary>The value a missing key reads as; a constant of the table's value type.</summary>
    public object? Default { get; set; }

    /// <summary>The number of partitions of the changelog (0: the app's). A global table need not be co-partitioned.</summary>
    public int Partitions { get; set; }

    /// <summary>The codec for keys in the changelog; defaults to the app's <see cref="AppSettings.KeySerializer"/>.</summary>
    public string? KeySerializer { get; set; }

    /// <summary>The codec for values in the changelog; defaults to the app's <see cref="AppSettings.ValueSerializer"/>.</summary>
    public string? ValueSerializer { get; set; }

    /// <summary>A description shown by the command line and the web site.</summary>
    public string? Help { get; set; }
}
