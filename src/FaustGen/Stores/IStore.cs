using FaustGen.Codecs;

namespace FaustGen.Stores;

/// <summary>
/// Where a table keeps its data, partition by partition: a table partition holds the keys whose changes
/// went to the same partition of the table's changelog.
/// </summary>
/// <typeparam name="TKey">The table's key type.</typeparam>
/// <typeparam name="TValue">The table's value type.</typeparam>
public interface IStore<TKey, TValue> : IDisposable
    where TKey : notnull
{
    /// <summary>Reads <paramref name="key"/> in <paramref name="partition"/>.</summary>
    bool TryGet(int partition, TKey key, out TValue value);

    /// <summary>Writes <paramref name="key"/> in <paramref name="partition"/>.</summary>
    void Set(int partition, TKey key, TValue value);

    /// <summary>Removes <paramref name="key"/> from <paramref name="partition"/>; returns whether it was there.</summary>
    bool Remove(int partition, TKey key);

    /// <summary>The entries of <paramref name="partition"/>.</summary>
    IEnumerable<KeyValuePair<TKey, TValue>> Items(int partition);

    /// <summary>How many keys <paramref name="partition"/> holds.</summary>
    long Count(int partition);

    /// <summary>The worker now owns <paramref name="partition"/>.</summary>
    void Assign(int partition);

    /// <summary>The worker no longer owns <paramref name="partition"/>.</summary>
    void Revoke(int partition);
}

/// <summary>Makes the stores of one URL scheme.</summary>
public interface IStoreFactory
{
    /// <summary>The URL scheme, for example <c>memory</c>.</summary>
    string Scheme { get; }

    /// <summary>Creates the store of one table.</summary>
    IStore<TKey, TValue> Create<TKey, TValue>(StoreContext<TKey, TValue> context)
        where TKey : notnull;
}

/// <summary>What a store is created for.</summary>
/// <param name="App">The app.</param>
/// <param name="Table">The table's name.</param>
/// <param name="KeyCodec">The codec of the table's keys.</param>
/// <param name="ValueCodec">The codec of the table's values.</param>
public sealed record StoreContext<TKey, TValue>(App App, string Table, ICodec<TKey> KeyCodec, ICodec<TValue> ValueCodec);
