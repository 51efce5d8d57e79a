using System.Collections.Concurrent;
using FaustGen.Codecs;
using FaustGen.Processing;

namespace FaustGen;

/// <summary>
/// A table that keeps a value per key and window of time (Faust's windowed tables): an agent's write goes to every
/// window the event falls into, reads pick a window by time, and windows expire after <see cref="Window.Expires"/>.
/// </summary>
/// <remarks>
/// <para>
/// Its store and changelog are keyed by <see cref="Windowed{TKey}"/> (the key and a window), so it is recovered,
/// kept as a standby copy and moved between workers like any table. The changelog is compacted and also deletes what
/// is older than the expiry plus a day (<c>cleanup.policy=compact,delete</c>), since expired windows are never read again.
/// </para>
/// <para>
/// Each table partition has a time: the latest time of the events written to it (by <see cref="Time"/>). When an
/// event moves it past a window's start plus <see cref="Window.Expires"/>, that window closes before the event is
/// written: it is deleted from the store, a tombstone goes to the changelog, and
/// <see cref="WindowedTableOptions{TKey, TValue}.OnWindowClose"/> gets its final value. An event that falls into a window
/// that has closed is late: that window is left alone, and the event is counted in <see cref="LateEvents"/> and the
/// app's <c>faustgen.table.late_events</c> counter. A partition's time is kept in memory; after a rebalance or a
/// restart it starts again from the latest window start in the partition's data.
/// </para>
/// </remarks>
/// <typeparam name="TKey">The key's type.</typeparam>
/// <typeparam name="TValue">The value's type.</typeparam>
public class WindowedTable<TKey, TValue> : Table<Windowed<TKey>, TValue>
    where TKey : notnull
{
    /// <summary>
    /// How long past a window's expiry the changelog keeps its records (as Kafka Streams' additional changelog retention):
    /// the broker deletes by its own clock, which can run ahead of the time events are filed under.
    /// </summary>
    public static readonly TimeSpan AdditionalRetention = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<int, PartitionClock> clocks = new();
    private readonly WindowClosedHandler<TKey, TValue>? onWindowClose;
    private long lateEvents;

    /// <summary>Creates a windowed table of <paramref name="app"/>; apps declare tables through their definition.</summary>
    /// <exception cref="FaustConfigurationException">An <c>OnWindowClose</c> handler for windows that never expire.</exception>
    protected internal WindowedTable(App app, string name, Window window, WindowedTableOptions<TKey, TValue> options)
        : base(app, name, TableOptionsOf(app, name, options))
    {
        ArgumentNullException.ThrowIfNull(window);
        Window = window;
        Time = options.Time ?? throw new ArgumentException("A windowed table needs a WindowTime.", nameof(options));
        Clock = options.Clock ?? throw new ArgumentException("A windowed table needs a clock.", nameof(options));
        onWindowClose = options.OnWindowClose;
        if (onWindowClose is not null && window.Expires is null)
        {
            throw new FaustConfigurationException(
                $"Windowed table '{name}' has an OnWindowClose handler but its windows never expire, so it would never be called; give the window an expiry.");
        }
    }

    /// <summary>How the table cuts time into windows and how long it keeps them.</summary>
    public Window Window { get; }

    /// <summary>Which time events are filed under.</summary>
    public WindowTime Time { get; }

    /// <summary>The clock <see cref="WindowSet{TKey, TValue}.Now"/> and <see cref="WindowTime.Now"/> read.</summary>
    public TimeProvider Clock { get; }

    /// <summary>How many writes this worker dropped, wholly or partly, because a window they fell into had expired.</summary>
    public long LateEvents => Interlocked.Read(ref lateEvents);

    /// <summary>The windows of <paramref name="key"/>, to read one of them.</summary>
    public WindowSet<TKey, TValue> this[TKey key] => new(this, key);

    /// <summary>
    /// Replaces the value of <paramref name="key"/> in every window the event being processed falls into with what
    /// <paramref name="update"/> makes of it (the window's value, or <see cref="Table{TKey, TValue}.Default"/>), and
    /// writes each change to the changelog (Faust's <c>table[key] += 1</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside an agent's event.</exception>
    public void Update(TKey key, Func<TValue, TValue> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        Write(key, default!, update);
    }

    /// <summary>Sets the value of <paramref name="key"/> in every window the event being processed falls into.</summary>
    /// <exception cref="InvalidOperationException">Called outside an agent's event.</exception>
    public void Set(TKey key, TValue value) => Write(key, value, null);

    /// <summary>The time of the event being processed, by <see cref="Time"/> (the clock's time when it is <see cref="WindowTime.Now"/>).</summary>
    /// <exception cref="InvalidOperationException">No event is being processed and <see cref="Time"/> needs one.</exception>
    internal long CurrentTime()
    {
        var context = EventContext.Current is { HasEvent: true } current ? current : null;
        if (context is null && Time.NeedsEvent)
        {
            throw new InvalidOperationException(
                $"Windowed table '{Name}' files events under their {Time} time, so its current window is that of the event an agent is " +
                "processing, and none is. Read Now(), At(time) or Value(window) instead, or read from an agent.");
        }

        return Time.Of(context, Clock, Name);
    }

    /// <summary>The value of <paramref name="key"/> in the window starting at <paramref name="start"/>.</summary>
    internal TValue Read(TKey key, long start) =>
        TryGetValue(new Windowed<TKey>(key, Window.RangeAt(start)), out var value) ? value : Default;

    /// <summary>The codec of the key itself, inside the changelog's windowed keys: what the events that write the key
    /// are keyed by, so what chooses its partition.</summary>
    internal ICodec<TKey> KeyCodec => WindowedKeyCodec<TKey>.KeyCodecOf(Changelog.KeyCodec);

    /// <summary>The windows of <paramref name="key"/> in <paramref name="partition"/>, earliest first; none unless this
    /// worker owns the partition and has rebuilt it.</summary>
    /// <remarks>A scan of the partition: stores are keyed by key and window together, with no index by key.</remarks>
    internal List<KeyValuePair<WindowRange, TValue>> WindowsOf(TKey key, int partition)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsActive(partition))
        {
            return [];
        }

        var comparer = EqualityComparer<TKey>.Default;
        var windows = Store.Items(partition)
            .Where(item => comparer.Equals(item.Key.Key, key))
            .Select(item => KeyValuePair.Create(item.Key.Window, item.Value))
            .ToList();
        windows.Sort(static (a, b) => a.Key.Start.CompareTo(b.Key.Start));
        return windows;
    }

    private protected override Monitoring.TableView CreateView() => new Monitoring.WindowedTableView<TKey, TValue>(this);

    private protected override TopicOptions ChangelogOptions(TopicOptions options) =>
        Window.Expires is { } expires ? options with { Deleting = true, Retention = expires + AdditionalRetention } : options;

    // The data under a partition may have changed while it was elsewhere (or is being replayed): its time and
    // next expiry are derived from the data again on the next write.
    private protected override void OnPartitionReset(int partition) => clocks.TryRemove(partition, out _);

    private static TableOptions<TValue> TableOptionsOf(App app, string name, WindowedTableOptions<TKey, TValue> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TableOptions<TValue>
        {
            Default = options.Default,
            Partitions = options.Partitions,
            KeySerializer = new WindowedKeyCodec<TKey>(app, name, options.KeySerializer),
            ValueSerializer = options.ValueSerializer,
            Help = options.Help,
        };
    }

    private void Write(TKey key, TValue value, Func<TValue, TValue>? update)
    {
        ArgumentNullException.ThrowIfNull(key);
        var context = EventContext.Current is { HasEvent: true } current
            ? current
            : throw new InvalidOperationException(
                $"Windowed table '{Name}' can only be changed while an agent processes an event; this write came from elsewhere " +
                "(a timer, a startup task, or code outside the app). Send an event to an agent that changes the table instead.");
        var time = Time.Of(context, Clock, Name);
        var partition = context.Partition;
        var clock = clocks.GetOrAdd(partition, static _ => new PartitionClock());
        lock (clock.Gate)
        {
            clock.Time = Math.Max(clock.Time, time);
            if (Window.HasExpiry && clock.Time >= clock.NextExpiry)
            {
                Sweep(partition, clock);
            }

            var late = false;
            var (first, last) = Window.Starts(time);
            for (var start = first; start <= last; start += Window.StepMs)
            {
                if (clock.Time - start >= Window.ExpiresMs)
                {
                    late = true;
                    continue;
                }

                var windowed = new Windowed<TKey>(key, Window.RangeAt(start));
                base.Set(windowed, update is null ? value : update(TryGetValue(windowed, out var existing) ? existing : Default));
                if (Window.HasExpiry)
                {
                    clock.NextExpiry = Math.Min(clock.NextExpiry, start + Window.ExpiresMs);
                }
            }

            if (late)
            {
                Interlocked.Increment(ref lateEvents);
                if (App.Metrics.LateEvents.Enabled)
                {
                    App.Metrics.LateEvents.Add(1, new KeyValuePair<string, object?>("table", Name));
                }
            }
        }
    }

    /// <summary>Closes every window of <paramref name="partition"/> that has expired by its time; called under the clock's lock
    /// while an event of the partition is processed, so the deletions go to its changelog partition.</summary>
    private void Sweep(int partition, PartitionClock clock)
    {
        var items = Store.Items(partition);
        if (!clock.Seeded)
        {
            // After a reset the partition's time is unknown; no event it holds was earlier than the latest window start.
            foreach (var item in items)
            {
                clock.Time = Math.Max(clock.Time, item.Key.Window.Start.ToUnixTimeMilliseconds());
            }

            clock.Seeded = true;
        }

        List<KeyValuePair<Windowed<TKey>, TValue>>? expired = null;
        var next = long.MaxValue;
        foreach (var item in items)
        {
            var start = item.Key.Window.Start.ToUnixTimeMilliseconds();
            if (clock.Time - start >= Window.ExpiresMs)
            {
                (expired ??= []).Add(item);
            }
            else
            {
                next = Math.Min(next, start + Window.ExpiresMs);
            }
        }

        clock.NextExpiry = next;
        if (expired is null)
        {
            return;
        }

        // Oldest first, so a close handler sees a key's windows in the order they ended.
        expired.Sort(static (a, b) => a.Key.Window.Start.CompareTo(b.Key.Window.Start));
        try
        {
            foreach (var (windowed, value) in expired)
            {
                Remove(windowed);
                onWindowClose?.Invoke(windowed.Key, windowed.Window, value);
            }
        }
        catch
        {
            // Windows not yet closed are closed by the next write's sweep.
            clock.NextExpiry = long.MinValue;
            throw;
        }
    }

    /// <summary>The time of one table partition and when its next window expires.</summary>
    private sealed class PartitionClock
    {
        public readonly Lock Gate = new();

        /// <summary>The latest time of the partition's events (milliseconds since the Unix epoch).</summary>
        public long Time = long.MinValue;

        /// <summary>When the earliest window kept expires; <see cref="long.MinValue"/> until a sweep has looked.</summary>
        public long NextExpiry = long.MinValue;

        /// <summary>Whether <see cref="Time"/> has taken the partition's data into account.</summary>
        public bool Seeded;
    }
}
