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

    /// <summary>Reads <paramref name="key"/> as the table's key type, the way <see cref="TopicView.Encode"/> reads text,
    /// and finds the partition it lives in.</summary>
    /// <exception cref="FormatException">The text is not a key of this table; the message says what was expected.</exception>
    public abstract TableKey ParseKey(string key);

    /// <summary>The value of <paramref name="key"/> on this worker as JSON, or null when this worker does not have it.</summary>
    public abstract string? ReadJson(TableKey key);
}

/// <summary>A key of a table, read from text.</summary>
/// <param name="Text">The text it was read from.</param>
/// <param name="Partition">The table partition it lives in.</param>
/// <param name="Value">The key itself.</param>
public sealed record TableKey(string Text, int Partition, object Value);

/// <summary>The view of a <see cref="Table{TKey, TValue}"/>.</summary>
internal sealed class TableView<TKey, TValue>(Table<TKey, TValue> table) : TableView
    where TKey : notnull
{
    public override string Name => table.Name;

    public override string? Help => table.Options.Help;

    public override string KeyType => CSharpTypeNames.Of(typeof(TKey));

    public override string ValueType => CSharpTypeNames.Of(typeof(TValue));

    public override string Changelog => table.Changelog.Name;

    public override int Partitions => table.Changelog.Options.Partitions ?? table.App.PartitionCount;

    public override long Count => table.Count;

    public override TableKey ParseKey(string key)
    {
        var parsed = TextValues.Parse(key, table.Changelog.KeyCodec, "Key");
        var bytes = Payload.Encode(table.Changelog.KeyCodec, parsed) ?? [];
        return new TableKey(key, Partitioner.ForKey(bytes, Partitions), parsed);
    }

    public override string? ReadJson(TableKey key) =>
        key.Value is TKey typed && table.TryGetValue(typed, out var value)
            ? TextValues.Json(value) ?? TextValues.Json(Convert.ToBase64String(Payload.Encode(table.Changelog.ValueCodec, value) ?? []))
            : null;
}
