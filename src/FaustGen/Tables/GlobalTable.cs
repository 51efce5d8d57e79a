using System.Collections;

namespace FaustGen;

/// <summary>
/// A table every worker of the app holds in full (Faust's <c>GlobalTable</c>): each worker reads every partition of
/// its changelog, and keeps reading it, whichever partitions it owns. Use it for data every event may need,
/// whatever its key: configuration, reference data, small lookups.
/// </summary>
/// <remarks>
/// <para>
/// A write is a message to the changelog, on the partition its key hashes to (as Kafka's producer places keys), so a
/// key lives in one partition whoever writes it. Every worker, the writer included, applies writes when its
/// changelog reader reaches them: all workers see the same values in the same order, the latest in the changelog
/// winning. The writer does not see its write until then (milliseconds on a healthy cluster), so a read right after
/// a write may return the old value; read-modify-write from several events (a counter) belongs in a partitioned
/// <see cref="Table{TKey, TValue}"/>.
/// </para>
/// <para>
/// A worker does not process events until it has read every partition of its global tables up to where they
/// ended when it started. Writes may come from agents, timers or startup tasks, and also from code outside the
/// app's flows once it has started.
/// </para>
/// </remarks>
/// <typeparam name="TKey">The key's type.</typeparam>
/// <typeparam name="TValue">The value's type.</typeparam>
public sealed class GlobalTable<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    private readonly Replica replica;

    internal GlobalTable(App app, string name, TableOptions<TValue> options)
    {
        replica = app.DeclareTable(name, () => new Replica(app, name, options));
    }

    /// <summary>The app the table belongs to.</summary>
    public App App => replica.App;

    /// <summary>The table's name.</summary>
    public string Name => replica.Name;

    /// <summary>How the table is declared.</summary>
    public TableOptions<TValue> Options => replica.Options;

    /// <summary>The changelog topic, <c>{app-id}-{name}-changelog</c> (named when the app starts).</summary>
    public Topic<TKey, TValue> Changelog => replica.Changelog;

    /// <summary>The value a missing key reads as.</summary>
    public TValue Default => replica.Default;

    /// <summary>How many keys the table holds (on this worker: every key once it has caught up).</summary>
    public long Count => replica.Count;

    /// <summary>Reads <paramref name="key"/> (its <see cref="Default"/> when missing), or writes a new value for it (see <see cref="Set"/>).</summary>
    public TValue this[TKey key]
    {
        get => replica[key];
        set => Set(key, value);
    }

    /// <summary>Reads <paramref name="key"/>; returns whether it is present.</summary>
    public bool TryGetValue(TKey key, out TValue value) => replica.TryGetValue(key, out value);

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(TKey key) => replica.ContainsKey(key);

    /// <summary>Writes <paramref name="value"/> for <paramref name="key"/> to the changelog; every worker applies it from there.</summary>
    /// <exception cref="InvalidOperationException">The app has not started.</exception>
    public void Set(TKey key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        App.Sender.SendSoon(Changelog.Encode(key, value, null, null));
        Measure(App.Metrics.TableWrites);
    }

    /// <summary>Writes a tombstone for <paramref name="key"/> to the changelog; every worker removes the key when it applies it.</summary>
    /// <exception cref="InvalidOperationException">The app has not started.</exception>
    public void Remove(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        App.Sender.SendSoon(Changelog.EncodeTombstone(key, null));
        Measure(App.Metrics.TableDeletes);
    }

    /// <summary>The entries this worker holds.</summary>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => replica.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Measure(System.Diagnostics.Metrics.Counter<long> counter)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>("table", Name));
        }
    }

    /// <summary>This worker's copy of the whole table: the app's changelog reader opens and tails every partition of it.</summary>
    private sealed class Replica(App app, string name, TableOptions<TValue> options) : Table<TKey, TValue>(app, name, options)
    {
        private protected override bool IsGlobal => true;
    }
}
