namespace FaustGen.RocksDb;

/// <summary>
/// What one table partition's RocksDB instance is fronted by: agents' writes not yet written to RocksDB, and the
/// decoded values of recently read keys. Writes collect here and reach RocksDB in one batch at the next checkpoint
/// (with the changelog position they follow) or when <c>cache_entries</c> keys are waiting; so a key changed many
/// times between two commits costs one RocksDB write, and the read of a read-modify-write (<c>table[key] += 1</c>)
/// costs neither a RocksDB lookup nor a decode.
/// </summary>
/// <remarks>
/// Waiting writes are kept until they are written (never evicted). Read values sit in a direct-mapped array: each key
/// has one slot, chosen by its hash, and a key that lands in an occupied slot takes it, which bounds the memory with
/// no bookkeeping per read. Every member takes one lock: the agent that owns the partition is its only writer, and
/// reads from other threads (the web site, the command line) are rare.
/// </remarks>
internal sealed class PartitionCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> waiting = [];
    private readonly int size;
    // Made on the first value kept: a partition that is only replayed into (a standby, a recovery) needs none.
    private Slot[]? slots;
    private readonly Lock gate = new();
    private int generation;

    /// <param name="size">The number of read slots, rounded up to a power of two.</param>
    public PartitionCache(int size)
    {
        this.size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, size));
    }

    /// <summary>Changes on every <see cref="Clear"/>: a value read from RocksDB under an older generation may be older
    /// than what the clear made current, so <see cref="Remember"/> drops it.</summary>
    public int Generation => Volatile.Read(ref generation);

    /// <summary>How many written keys wait to be written to RocksDB.</summary>
    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>Whether the cache knows <paramref name="key"/>; if so, <paramref name="present"/> says whether it has a
    /// value, and <paramref name="value"/> is that value.</summary>
    public bool TryGet(TKey key, out bool present, out TValue value)
    {
        var hash = Hash(key);
        lock (gate)
        {
            if (waiting.TryGetValue(key, out var entry))
            {
                (present, value) = (entry.Present, entry.Value);
                return true;
            }

            if (slots is null)
            {
                present = false;
                value = default!;
                return false;
            }

            ref var slot = ref slots[hash & (size - 1)];
            if (slot.Used && slot.Hash == hash && EqualityComparer<TKey>.Default.Equals(slot.Key, key))
            {
                (present, value) = (slot.Present, slot.Value);
                return true;
            }
        }

        present = false;
        value = default!;
        return false;
    }

    /// <summary>Records what a read from RocksDB found, unless the cache was cleared since
    /// <paramref name="readGeneration"/> (taken before the read).</summary>
    public void Remember(TKey key, bool present, TValue value, int readGeneration)
    {
        lock (gate)
        {
            if (generation == readGeneration)
            {
                Keep(key, present, value);
            }
        }
    }

    /// <summary>Records a write to be written to RocksDB: <paramref name="key"/> now has <paramref name="value"/>, or
    /// none when <paramref name="present"/> is false. Returns how many keys wait.</summary>
    public int Write(TKey key, bool present, TValue value)
    {
        lock (gate)
        {
            waiting[key] = new Entry(present, present ? value : default!);
            return waiting.Count;
        }
    }

    /// <summary>
    /// Hands the waiting writes to <paramref name="write"/> (which writes them to RocksDB) and, once it returns, keeps
    /// them as read values. Holds the lock throughout, so no read finds a write neither here nor in RocksDB.
    /// </summary>
    public void Flush<TState>(TState state, Action<TState, Dictionary<TKey, Entry>> write)
    {
        lock (gate)
        {
            write(state, waiting);
            foreach (var (key, entry) in waiting)
            {
                Keep(key, entry.Present, entry.Value);
            }

            waiting.Clear();
        }
    }

    /// <summary>Forgets the read values, after changes to RocksDB the cache did not see (writes that wait stay).</summary>
    public void Clear()
    {
        lock (gate)
        {
            slots = null;
            generation++;
        }
    }

    private static int Hash(TKey key) => EqualityComparer<TKey>.Default.GetHashCode(key);

    private void Keep(TKey key, bool present, TValue value)
    {
        var hash = Hash(key);
        slots ??= new Slot[size];
        ref var slot = ref slots[hash & (size - 1)];
        slot.Used = true;
        slot.Present = present;
        slot.Hash = hash;
        slot.Key = key;
        slot.Value = present ? value : default!;
    }

    /// <summary>A written key's state: its value, or none (a deletion).</summary>
    internal readonly record struct Entry(bool Present, TValue Value);

    private struct Slot
    {
        public bool Used;
        public bool Present;
        public int Hash;
        public TKey Key;
        public TValue Value;
    }
}
