using FaustGen.Codecs;
using FaustGen.Transport;

namespace FaustGen.Monitoring;

/// <summary>A table of a running app seen without its types, for the web site and the command line.</summary>
public abstract class TableView
{
    private protected TableView()
    {
    }

    /// <summary>The table's name.</summary>
    public abstract string Name { get; }

    /// <summary>Its help text, or null.</summary>
    public abstract string? Help { get; }

    /// <summary>The key's type as C# writes it (<c>string</c>; <c>Windowed&lt;string&gt;</c> for a windowed table, whose
    /// store and changelog are keyed by key and window).</summary>
    public abstract string KeyType { get; }

    /// <summary>The value's type as C# writes it (<c>long</c>, <c>Dictionary&lt;string, List&lt;int&gt;&gt;</c>).</summary>
    public abstract string ValueType { get; }

    /// <summary>Its changelog topic (known once the app has started).</summary>
    public abstract string Changelog { get; }

    /// <summary>How many partitions it has (known once the app has started).</summary>
    public abstract int Partitions { get; }

    /// <summary>How many keys the partitions this worker holds contain.</summary>
    public abstract long Count { get; }

    /// <summary>How a windowed table cuts time into windows, or null for a table of another kind (which has no windows
    /// to read with <see cref="ReadWindow"/> and <see cref="ReadWindows"/>).</summary>
    public virtual Window? Window => null;

    /// <summary>Reads <paramref name="key"/> as the table's key type (for a windowed table, the key without a window),
    /// the way <see cref="TopicView.Encode"/> reads text, and finds the partition it lives in.</summary>
    /// <exception cref="FormatException">The text is not a key of this table; the message says what was expected.</exception>
    public abstract TableKey ParseKey(string key);

    /// <summary>The value of <paramref name="key"/> on this worker as JSON, or null when this worker does not have it;
    /// for a windowed table, its value in the window its clock is in now, or null when it has no window of the key.</summary>
    public abstract string? ReadJson(TableKey key);

    /// <summary>A windowed table's value of <paramref name="key"/> in the window current at <paramref name="time"/>
    /// (<see cref="FaustGen.Window.Current"/>; by default the table's clock's time now, as <see cref="WindowSet{TKey, TValue}.Now"/>
    /// reads), as JSON: the table's default when nothing was written to that window on this worker.</summary>
    /// <exception cref="NotSupportedException">The table is not windowed (<see cref="Window"/> is null).</exception>
    public virtual WindowValue ReadWindow(TableKey key, DateTimeOffset? time = null) => throw NotWindowed();

    /// <summary>A windowed table's windows of <paramref name="key"/> on this worker that start at or after
    /// <paramref name="from"/> and before <paramref name="to"/> (each bound only when given), earliest first, values as JSON.</summary>
    /// <exception cref="NotSupportedException">The table is not windowed (<see cref="Window"/> is null).</exception>
    public virtual IReadOnlyList<WindowValue> ReadWindows(TableKey key, DateTimeOffset? from = null, DateTimeOffset? to = null) => throw NotWindowed();

    private NotSupportedException NotWindowed() => new($"Table '{Name}' is not a windowed table: it keeps one value per key, with no windows.");
}

/// <summary>A windowed table's value of a key in one window.</summary>
/// <param name="Window">The window.</param>
/// <param name="Json">The value as JSON.</param>
public sealed record WindowValue(WindowRange Window, string Json);

/// <summary>A key of a table, read from text.</summary>
/// <param name="Text">The text it was read from.</param>
/// <param name="Partition">The table partition it lives in.</param>
/// <param name="Value">The key itself.</param>
public sealed record TableKey(string Text, int Partition, object Value);

/// <summary>The view of a <see cref="Table{TKey, TValue}"/>.</summary>
internal class TableView<TKey, TValue>(Table<TKey, TValue> table) : TableView
    where TKey : notnull
{
    public override string Name => table.Name;

    public override string? Help => table.Options.Help;

    public override string KeyType => CSharpTypeNames.Of(typeof(TKey));

    public override string ValueType => CSharpTypeNames.Of(typeof(TValue));

    public override string Changelog => table.Changelog.Name;

    public override int Partitions => table.Changelog.Options.Partitions ?? table.App.PartitionCount;

    public override long Count => table.Count;

    public override TableKey ParseKey(string key) => ParseKey(key, table.Changelog.KeyCodec);

    public override string? ReadJson(TableKey key) =>
        key.Value is TKey typed && table.TryGetValue(typed, out var value) ? Json(value) : null;

    /// <summary>Reads <paramref name="text"/> as a key <paramref name="codec"/> encodes; its partition is that of its encoding.</summary>
    private protected TableKey ParseKey<T>(string text, ICodec<T> codec)
        where T : notnull
    {
        var parsed = TextValues.Parse(text, codec, "Key");
        return new TableKey(text, Partitioner.ForKey(Payload.Encode(codec, parsed) ?? [], Partitions), parsed);
    }

    /// <summary>A value as JSON: by the JSON codec when one carries its type, else its encoding in base64.</summary>
    private protected string Json(TValue value) =>
        TextValues.Json(value) ?? TextValues.Json(Convert.ToBase64String(Payload.Encode(table.Changelog.ValueCodec, value) ?? []))!;
}
