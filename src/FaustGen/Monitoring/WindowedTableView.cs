namespace FaustGen.Monitoring;

/// <summary>
/// The view of a <see cref="WindowedTable{TKey, TValue}"/>: its keys are read without a window, and live in the
/// partition their own encoding hashes to (that of the events that write them); a key's values are read by window.
/// </summary>
internal sealed class WindowedTableView<TKey, TValue>(WindowedTable<TKey, TValue> table) : TableView<Windowed<TKey>, TValue>(table)
    where TKey : notnull
{
    public override Window Window => table.Window;

    public override TableKey ParseKey(string key) => ParseKey(key, table.KeyCodec);

    public override string? ReadJson(TableKey key) =>
        key.Value is TKey typed && table.WindowsOf(typed, key.Partition).Count > 0 ? Json(table[typed].Now()) : null;

    public override WindowValue ReadWindow(TableKey key, DateTimeOffset? time = null)
    {
        var typed = Typed(key);
        var window = table.Window.Current(time ?? table.Clock.GetUtcNow());
        return new WindowValue(window, Json(table[typed].Value(window)));
    }

    public override IReadOnlyList<WindowValue> ReadWindows(TableKey key, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        [.. table.WindowsOf(Typed(key), key.Partition)
            .Where(w => (from is null || w.Key.Start >= from) && (to is null || w.Key.Start < to))
            .Select(w => new WindowValue(w.Key, Json(w.Value)))];

    private TKey Typed(TableKey key) =>
        key.Value is TKey typed ? typed : throw new ArgumentException($"The key was not read by table '{Name}': parse it with its ParseKey.", nameof(key));
}
