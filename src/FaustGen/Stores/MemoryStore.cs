using System.Collections.Concurrent;
using FaustGen.Codecs;
using FaustGen.Transport;

namespace FaustGen.Stores;

/// <summary>
/// The <c>memory://</c> store: a concurrent dictionary per partition, lost when the worker stops. A revoked
/// partition stays in memory, with its position, for <see cref="AppSettings.RevokedStateRetention"/>: the eager
/// protocol revokes every partition on every rebalance, and most come straight back to the same worker.
/// </summary>
internal sealed class MemoryStore<TKey, TValue>(StoreContext<TKey, TValue> context, TimeSpan retention) : IStore<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<int, Data> open = new();
    private readonly Dictionary<int, (Data Data, long RevokedAt)> retained = [];

    public bool TryGet(int partition, TKey key, out TValue value)
    {
        if (open.TryGetValue(partition, out var data) && data.Entries.TryGetValue(key, out value!))
        {
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(int partition, TKey key, TValue value) => Open(partition).Entries[key] = value;

    public bool Remove(int partition, TKey key) => open.TryGetValue(partition, out var data) && data.Entries.TryRemove(key, out _);

    public IEnumerable<KeyValuePair<TKey, TValue>> Items(int partition) =>
        open.TryGetValue(partition, out var data) ? data.Entries : [];

    public long Count(int partition) => open.TryGetValue(partition, out var data) ? data.Entries.Count : 0;

    public void Assign(int partition)
    {
        lock (retained)
        {
            Expire();
            if (retained.Remove(partition, out var kept))
            {
                open.TryAdd(partition, kept.Data);
                return;
            }
        }

        Open(partition);
    }

    public void Revoke(int partition)
    {
        if (!open.TryRemove(partition, out var data))
        {
            return;
        }

        lock (retained)
        {
            Expire();
            if (retention > TimeSpan.Zero)
            {
                retained[partition] = (data, Environment.TickCount64);
            }
        }
    }

    public long Position(int partition)
    {
        if (open.TryGetValue(partition, out var data))
        {
            return Volatile.Read(ref data.Position);
        }

        lock (retained)
        {
            return retained.TryGetValue(partition, out var kept) ? kept.Data.Position : 0;
        }
    }

    public void Apply(int partition, ReadOnlySpan<ConsumedRecord> records, long position)
    {
        var data = Open(partition);
        foreach (ref readonly var record in records)
        {
            var key = Payload.Decode(context.KeyCodec, record.Key);
            if (record.Value is null)
            {
                data.Entries.TryRemove(key, out _);
            }
            else
            {
                data.Entries[key] = context.ValueCodec.Decode(record.Value);
            }
        }

        Volatile.Write(ref data.Position, position);
    }

    public void Checkpoint(int partition, long position)
    {
        if (open.TryGetValue(partition, out var data))
        {
            Volatile.Write(ref data.Position, position);
        }
    }

    public void Discard(int partition)
    {
        open.TryRemove(partition, out _);
        lock (retained)
        {
            retained.Remove(partition);
        }
    }

    public void Dispose()
    {
        open.Clear();
        lock (retained)
        {
            retained.Clear();
        }
    }

    private Data Open(int partition) => open.GetOrAdd(partition, static _ => new Data());

    /// <summary>Drops retained partitions older than the retention time; called under the lock.</summary>
    private void Expire()
    {
        var oldest = Environment.TickCount64 - (long)retention.TotalMilliseconds;
        foreach (var (partition, kept) in retained)
        {
            if (kept.RevokedAt < oldest)
            {
                retained.Remove(partition);
            }
        }
    }

    private sealed class Data
    {
        public readonly ConcurrentDictionary<TKey, TValue> Entries = new();
        public long Position;
    }
}

/// <summary>Makes <c>memory://</c> stores.</summary>
internal sealed class MemoryStoreFactory : IStoreFactory
{
    public static readonly MemoryStoreFactory Instance = new();

    public string Scheme => "memory";

    public IStore<TKey, TValue> Create<TKey, TValue>(StoreContext<TKey, TValue> context)
        where TKey : notnull => new MemoryStore<TKey, TValue>(context, context.Settings.RevokedStateRetention);
}
