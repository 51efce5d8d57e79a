using System.Collections;
using FaustGen.Processing;
using FaustGen.Stores;
using FaustGen.Transport;
using FaustGen.Validation;

namespace FaustGen;

/// <summary>
/// Partitioned key/value state of an app. Agents read and change it while they process events; every change
/// is also written to the compacted changelog topic <c>{app-id}-{name}-changelog</c>, on the partition of the
/// event that made it, so the state can be rebuilt wherever that partition goes.
/// </summary>
/// <remarks>
/// A change is recorded when a value is assigned (<c>table[key] = value</c>, <c>table[key] += 1</c>); changing a
/// mutable value in place records nothing. Changes are allowed only while an agent processes an event.
/// Reads work anywhere and see the partitions this worker holds.
/// </remarks>
/// <typeparam name="TKey">The key's type.</typeparam>
/// <typeparam name="TValue">The value's type.</typeparam>
public class Table<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>, ITable
    where TKey : notnull
{
    private readonly HashSet<int> partitions = [];
    private readonly Lock partitionsGate = new();
    private readonly Action<RecordMetadata, Exception?> onChangelogWritten;
    private IStore<TKey, TValue>? store;
    private Topic<TKey, TValue>? changelog;
    // Per partition: the offset after the last changelog record of this worker's changes the broker confirmed.
    private long[] written = [];
    // Per partition, whether it is active (owned and rebuilt): the lock-free form of `partitions` that writes check.
    private bool[] active = [];
    private bool closed;

    /// <summary>Creates a table of <paramref name="app"/>; apps create tables through their definition.</summary>
    protected internal Table(App app, string name, TableOptions<TValue> options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        App = app;
        Name = name;
        Options = options;
        onChangelogWritten = OnChangelogWritten;
    }

    /// <summary>The app the table belongs to.</summary>
    public App App { get; }

    /// <summary>The table's name.</summary>
    public string Name { get; }

    /// <summary>How the table is declared.</summary>
    public TableOptions<TValue> Options { get; }

    /// <summary>The changelog topic, <c>{app-id}-{name}-changelog</c> (named when the app starts, as the id may change until then).</summary>
    public Topic<TKey, TValue> Changelog => changelog ?? throw NotStarted();

    /// <summary>The value a missing key reads as.</summary>
    public TValue Default => Options.Default;

    /// <summary>How many keys the partitions this worker holds contain.</summary>
    public long Count => HeldPartitions().Sum(p => Store.Count(p));

    string ITable.Name => Name;

    ITopic ITable.Changelog => Changelog;

    bool ITable.IsGlobal => IsGlobal;

    Monitoring.TableView ITable.CreateView() => CreateView();

    /// <summary>The store (created when the app starts).</summary>
    protected IStore<TKey, TValue> Store => store ?? throw NotStarted();

    /// <summary>Reads <paramref name="key"/> (its <see cref="Default"/> when missing), or records a new value for it.</summary>
    /// <exception cref="InvalidOperationException">Setting outside an agent's event.</exception>
    public TValue this[TKey key]
    {
        get => TryGetValue(key, out var value) ? value : Default;
        set => Set(key, value);
    }

    /// <summary>Reads <paramref name="key"/>; returns whether it is present.</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var store = Store;
        Measure(App.Metrics.TableReads);
        if (EventContext.Current is { HasEvent: true } context && store.TryGet(context.Partition, key, out value))
        {
            return true;
        }

        foreach (var partition in HeldPartitions())
        {
            if (store.TryGet(partition, key, out value))
            {
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(TKey key) => TryGetValue(key, out _);

    /// <summary>Records <paramref name="value"/> for <paramref name="key"/> and writes the change to the changelog.</summary>
    /// <exception cref="InvalidOperationException">Called outside an agent's event.</exception>
    public void Set(TKey key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var partition = RequireEvent("set").Partition;
        Store.Set(partition, key, value);
        Measure(App.Metrics.TableWrites);
        OnChanged(partition, key, value);
        App.Sender.SendSoon(Changelog.Encode(key, value, partition, null), onChangelogWritten);
    }

    /// <summary>Removes <paramref name="key"/> and writes a tombstone to the changelog; returns whether it was present.</summary>
    /// <exception cref="InvalidOperationException">Called outside an agent's event.</exception>
    public bool Remove(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var partition = RequireEvent("remove").Partition;
        if (!Store.Remove(partition, key))
        {
            return false;
        }

        Measure(App.Metrics.TableDeletes);
        OnRemoved(partition, key);
        App.Sender.SendSoon(Changelog.EncodeTombstone(key, partition), onChangelogWritten);
        return true;
    }

    /// <summary>The entries of the partitions this worker holds.</summary>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() =>
        HeldPartitions().SelectMany(p => Store.Items(p)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Called after <paramref name="key"/> was set in <paramref name="partition"/>; subclasses may observe changes.</summary>
    protected virtual void OnChanged(int partition, TKey key, TValue value)
    {
    }

    /// <summary>Called after <paramref name="key"/> was removed from <paramref name="partition"/>.</summary>
    protected virtual void OnRemoved(int partition, TKey key)
    {
    }

    /// <summary>The table seen without its types; table kinds whose keys are read differently make their own.</summary>
    private protected virtual Monitoring.TableView CreateView() => new Monitoring.TableView<TKey, TValue>(this);

    /// <summary>Whether every worker holds every partition and tails its changelog (a global table's state).</summary>
    private protected virtual bool IsGlobal => false;

    /// <summary>The options the changelog topic is declared with; table kinds add theirs (a windowed table's retention).</summary>
    private protected virtual TopicOptions ChangelogOptions(TopicOptions options) => options;

    /// <summary>Called when <paramref name="partition"/> becomes visible to reads or stops being so: what a subclass
    /// derived from its data (a windowed table's clock) is to be derived again.</summary>
    private protected virtual void OnPartitionReset(int partition)
    {
    }

    void ITable.Open(App app, int partitions)
    {
        var count = Options.Partitions ?? partitions;
        changelog = new Topic<TKey, TValue>(app, Names.ChangelogTopic(app.Settings.Id, Name), ChangelogOptions(new TopicOptions
        {
            Partitions = count,
            KeySerializer = Options.KeySerializer,
            ValueSerializer = Options.ValueSerializer,
            Internal = true,
            Compacted = true,
        }));
        ((ITopic)changelog).Resolve(app);
        written = new long[count];
        active = new bool[count];
        store = app.CreateStore(new StoreContext<TKey, TValue>(app.Settings, app.LoggerFactory, app.Meter, Name, count, Changelog.KeyCodec, Changelog.ValueCodec));
    }

    void ITable.Open(int partition)
    {
        Interlocked.Exchange(ref written[partition], 0);
        Store.Assign(partition);
    }

    void ITable.Activate(int partition)
    {
        lock (partitionsGate)
        {
            partitions.Add(partition);
            Volatile.Write(ref active[partition], true);
        }

        OnPartitionReset(partition);
    }

    void ITable.Close(int partition)
    {
        Deactivate(partition);
        Checkpoint(partition);
        Store.Revoke(partition);
        OnPartitionReset(partition);
    }

    long ITable.Position(int partition) => Store.Position(partition);

    void ITable.Apply(int partition, ReadOnlySpan<ConsumedRecord> records, long position) => Store.Apply(partition, records, position);

    void ITable.Checkpoint()
    {
        foreach (var partition in HeldPartitions())
        {
            Checkpoint(partition);
        }
    }

    void ITable.Discard(int partition)
    {
        Deactivate(partition);
        Store.Discard(partition);
        OnPartitionReset(partition);
    }

    void ITable.Close()
    {
        if (store is not null)
        {
            // A graceful stop: everything was flushed, so a persistent store reopens where it stopped.
            foreach (var partition in HeldPartitions())
            {
                Checkpoint(partition);
            }
        }

        closed = true;
        store?.Dispose();
        store = null;
    }

    /// <summary>Stores the position after this worker's confirmed changelog writes of <paramref name="partition"/>.</summary>
    private void Checkpoint(int partition)
    {
        var position = Interlocked.Read(ref written[partition]);
        if (position > Store.Position(partition))
        {
            Store.Checkpoint(partition, position);
        }
    }

    private void OnChangelogWritten(RecordMetadata metadata, Exception? error)
    {
        App.Sender.Report(metadata, error);
        if (error is null && (uint)metadata.Partition < (uint)written.Length)
        {
            ref var slot = ref written[metadata.Partition];
            var next = metadata.Offset + 1;
            var seen = Interlocked.Read(ref slot);
            while (next > seen && Interlocked.CompareExchange(ref slot, next, seen) is var found && found != seen)
            {
                seen = found;
            }
        }
    }

    private void Measure(System.Diagnostics.Metrics.Counter<long> counter)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>("table", Name));
        }
    }

    /// <summary>Whether this worker owns <paramref name="partition"/> and it is rebuilt (visible to reads).</summary>
    private protected bool IsActive(int partition) => (uint)partition < (uint)active.Length && Volatile.Read(ref active[partition]);

    private int[] HeldPartitions()
    {
        lock (partitionsGate)
        {
            return [.. partitions];
        }
    }

    private InvalidOperationException NotStarted() => closed
        ? new($"Table '{Name}' is closed: app '{App.Settings.Id}' has stopped.")
        : new($"Table '{Name}' gets its changelog and store when app '{App.Settings.Id}' starts; start the app first.");

    private void Deactivate(int partition)
    {
        lock (partitionsGate)
        {
            partitions.Remove(partition);
            Volatile.Write(ref active[partition], false);
        }
    }

    /// <summary>The event being processed, whose partition of the table this worker owns.</summary>
    /// <exception cref="InvalidOperationException">No event is being processed, or its partition is no longer this
    /// worker's (revoked or lost while the event ran: the change must not reach a partition another worker owns).</exception>
    private EventContext RequireEvent(string operation)
    {
        var context = EventContext.Current is { HasEvent: true } current
            ? current
            : throw new InvalidOperationException(
                $"Table '{Name}' can only be changed while an agent processes an event; this {operation} came from elsewhere " +
                "(a timer, a startup task, or code outside the app). Send an event to an agent that changes the table instead.");
        var partition = context.Partition;
        return IsActive(partition)
            ? context
            : throw new InvalidOperationException(
                $"Table '{Name}' partition {partition} is no longer this worker's: it was revoked or lost while the event was " +
                $"processed, so this {operation} is not made. The partition's next owner processes the event again.");
    }
}

/// <summary>What the app and its changelog reader need of a table whatever its types.</summary>
/// <remarks>
/// A table partition is opened (its store partition assigned) when the worker gets it, as owner or standby;
/// the changelog reader replays records into it; an owned partition is activated (visible to reads) once it is
/// rebuilt, and closed (kept by the store for its retention time) when the worker gives it up.
/// </remarks>
internal interface ITable
{
    string Name { get; }

    ITopic Changelog { get; }

    /// <summary>Whether every worker holds every partition and tails its changelog for good, whoever owns the partition
    /// (a global table): it is not recovered per owned partition, revoked, or kept as a standby copy.</summary>
    bool IsGlobal { get; }

    /// <summary>The table seen without its types, for the web site and the command line.</summary>
    Monitoring.TableView CreateView();

    /// <summary>Names the changelog (with <paramref name="partitions"/> partitions unless the table says), resolves codecs and creates the store.</summary>
    void Open(App app, int partitions);

    /// <summary>Opens <paramref name="partition"/> in the store, before it is replayed into.</summary>
    void Open(int partition);

    /// <summary>Makes the rebuilt <paramref name="partition"/> visible to reads.</summary>
    void Activate(int partition);

    /// <summary>Hides <paramref name="partition"/>, checkpoints it and closes it in the store (which keeps it for a while).</summary>
    void Close(int partition);

    /// <summary>The changelog offset <paramref name="partition"/> is rebuilt up to.</summary>
    long Position(int partition);

    /// <summary>Replays changelog <paramref name="records"/> into <paramref name="partition"/>.</summary>
    void Apply(int partition, ReadOnlySpan<ConsumedRecord> records, long position);

    /// <summary>Checkpoints every active partition: called after the producer has flushed.</summary>
    void Checkpoint();

    /// <summary>Drops <paramref name="partition"/>'s data: it cannot be trusted.</summary>
    void Discard(int partition);

    void Close();
}
