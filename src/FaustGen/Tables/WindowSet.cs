namespace FaustGen;

/// <summary>
/// The windows of one key of a <see cref="WindowedTable{TKey, TValue}"/> (Faust's <c>WindowSet</c>, what
/// <c>table[key]</c> returns): pick the window to read by time. A window nothing was written to reads as the
/// table's default.
/// </summary>
/// <typeparam name="TKey">The table's key type.</typeparam>
/// <typeparam name="TValue">The table's value type.</typeparam>
public readonly struct WindowSet<TKey, TValue>
    where TKey : notnull
{
    private readonly WindowedTable<TKey, TValue> table;

    internal WindowSet(WindowedTable<TKey, TValue> table, TKey key)
    {
        this.table = table;
        Key = key;
    }

    /// <summary>The key.</summary>
    public TKey Key { get; }

    /// <summary>
    /// The value in the current window of the event being processed: the window its time falls into, the time being
    /// the table's <see cref="WindowedTable{TKey, TValue}.Time"/> (so with <see cref="WindowTime.Now"/> it is the clock's,
    /// and it can be read outside agents too). This is Faust's <c>value()</c>; Faust's <c>current()</c> always took
    /// the message's timestamp, which for a table filed by a field reads a window its events were never written to.
    /// </summary>
    /// <exception cref="InvalidOperationException">No event is being processed and the table's time needs one.</exception>
    public TValue Current() => table.Read(Key, table.Window.CurrentStart(table.CurrentTime()));

    /// <summary>The value in the window the table's clock is in now (Faust's <c>now()</c>).</summary>
    public TValue Now() => table.Read(Key, table.Window.CurrentStart(table.Clock.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>The value in the window that was current <paramref name="ago"/> before the event being processed (Faust's <c>delta()</c>).</summary>
    /// <exception cref="InvalidOperationException">No event is being processed and the table's time needs one.</exception>
    public TValue Delta(TimeSpan ago) => table.Read(Key, table.Window.CurrentStart(table.CurrentTime() - ago.Ticks / TimeSpan.TicksPerMillisecond));

    /// <summary>The value in the window current at <paramref name="time"/> (see <see cref="Window.Current"/>).</summary>
    public TValue At(DateTimeOffset time) => table.Read(Key, table.Window.CurrentStart(time.ToUnixTimeMilliseconds()));

    /// <summary>The value in exactly <paramref name="window"/> (one of <see cref="Window.Ranges"/>), as stored.</summary>
    public TValue Value(WindowRange window) =>
        table.TryGetValue(new Windowed<TKey>(Key, window), out var value) ? value : table.Default;
}
