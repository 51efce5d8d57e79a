namespace FaustGen;

/// <summary>
/// Declares a windowed table of an <see cref="AppAttribute">[App]</see> class on a <c>partial</c> property of type
/// <see cref="WindowedTable{TKey, TValue}"/>: a value per key and window of time, kept in the changelog topic
/// <c>{app-id}-{name}-changelog</c>. Durations are in seconds, whole milliseconds.
/// </summary>
/// <example><code>
/// [WindowedTable("views", Window = WindowKind.Hopping, Size = 60, Step = 10, Expires = 3600, Default = 0L)]
/// public partial WindowedTable&lt;string, long&gt; Views { get; }
/// </code></example>
/// <param name="name">The table's name, unique within the app.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class WindowedTableAttribute(string name) : Attribute
{
    /// <summary>The table's name, unique within the app.</summary>
    public string Name { get; } = name;

    /// <summary>The kind of window (default <see cref="WindowKind.Tumbling"/>).</summary>
    public WindowKind Window { get; set; }

    /// <summary>The window's size in seconds (a sliding window's reach on each side); required.</summary>
    public double Size { get; set; }

    /// <summary>How far apart windows start, in seconds: required for hopping windows, the resolution of sliding
    /// windows (default 1 s), not allowed for tumbling windows.</summary>
    public double Step { get; set; }

    /// <summary>How long after its start a window is kept, in seconds, at least its length (0: for ever).</summary>
    public double Expires { get; set; }

    /// <summary>Whether events are filed under the time they are processed (Faust's <c>relative_to_now</c>) rather than
    /// their timestamp.</summary>
    public bool RelativeToNow { get; set; }

    /// <summary>The name of a method of the app that reads the time from an event's value, <c>DateTimeOffset M(TEvent value)</c>,
    /// to file events under (Faust's <c>relative_to_field</c>).</summary>
    public string? RelativeToField { get; set; }

    /// <summary>The name of a method of the app called with each window that expires,
    /// <c>void M(TKey key, WindowRange window, TValue value)</c> (Faust's <c>on_window_close</c>); needs <see cref="Expires"/>.</summary>
    public string? OnWindowClose { get; set; }

    /// <summary>The value a window reads as before anything was written to it; a constant of the table's value type.</summary>
    public object? Default { get; set; }

    /// <summary>The number of partitions of the changelog (0: the app's).</summary>
    public int Partitions { get; set; }

    /// <summary>The codec for keys in the changelog; defaults to the app's <see cref="AppSettings.KeySerializer"/>.</summary>
    public string? KeySerializer { get; set; }

    /// <summary>The codec for values in the changelog; defaults to the app's <see cref="AppSettings.ValueSerializer"/>.</summary>
    public string? ValueSerializer { get; set; }

    /// <summary>A description shown by the command line and the web site.</summary>
    public string? Help { get; set; }
}
