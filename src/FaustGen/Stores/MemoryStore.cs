using System.Collections.Concurrent;

namespace FaustGen.Stores;

/// <summary>The <c>memory://</c> store: a concurrent dictionary per partition, lost when the worker stops.</summary>
internal sealed class MemoryStore<TKey, TValue> : IStore<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<TKey, TValue>> partitions = new();

    public bool TryGet(int partition, TKey key, out TValue value)
    {
        if (partitions.TryGetValue(partition, out var data) && data.TryGetValue(key, out value!))
        {
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(int partition, TKey key, TValue value) => Partition(partition)[key] = value;

    public bool Remove(int partition, TKey key) => partitions.TryGetValue(partition, out var data) && data.TryRemove(key, out _);

    public IEnumerable<KeyValuePair<TKey, TValue>> Items(int partition) =>
        partitions.TryGetValue(partition, out var data) ? data : [];

    public long Count(int partition) => partitions.TryGetValue(partition, out var data) ? data.Count : 0;

    public void Assign(int partition) => Partition(partition);

    public void Revoke(int partition) => partitions.TryRemove(partition, out _);

    public void Dispose() => partitions.Clear();

    private ConcurrentDictionary<TKey, TValue> Partition(int partition) =>
        partitions.GetOrAdd(partition, static _ => new ConcurrentDictionary<TKey, TValue>());
}

/// <summary>Makes <c>memory://</c> stores.</summary>
internal sealed class MemoryStoreFactory : IStoreFactory
{
    public static readonly MemoryStoreFactory Instance = new();

    public string Scheme => "memory";

    public IStore<TKey, TValue> Create<TKey, TValue>(StoreContext<TKey, TValue> context)
        where TKey : notnull => new MemoryStore<TKey, TValue>();
}
