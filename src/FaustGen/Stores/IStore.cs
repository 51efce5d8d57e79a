using System.Diagnostics.Metrics;
using FaustGen.Codecs;
using Microsoft.Extensions.Logging;
using FaustGen.Transport;

namespace FaustGen.Stores;

/// <summary>
/// Where a table keeps its data, partition by partition: a table partition holds the keys whose changes
/// went to the same partition of the table's changelog, and knows how far into that changelog it is.
/// </summary>
/// <remarks>
/// <para>
/// A partition is <em>open</em> between <see cref="Assign"/> and <see cref="Revoke"/>, whether the worker owns it
/// (its agents change it) or keeps a standby copy (only the changelog changes it). A revoked partition's data is
/// kept for <see cref="AppSettings.RevokedStateRetention"/>, with its position, so that a quick reassignment
/// replays only the changelog records written since; after that it is dropped.
/// </para>
/// <para>
/// Calls for one partition never overlap: agents change an owned partition, the app's changelog reader applies
/// records to a partition being recovered or kept as standby, never both at once. Reads may come from any thread.
/// </para>
/// </remarks>
/// <typeparam name="TKey">The table's key type.</typeparam>
/// <typeparam name="TValue">The table's value type.</typeparam>
public interface IStore<TKey, TValue> : IDisposable
    where TKey : notnull
{
    /// <summary>Reads <paramref name="key"/> in <paramref name="partition"/>.</summary>
    bool TryGet(int partition, TKey key, out TValue value);

    /// <summary>Writes <paramref name="key"/> in <paramref name="partition"/> (an agent changed it).</summary>
    void Set(int partition, TKey key, TValue value);

    /// <summary>Removes <paramref name="key"/> from <paramref name="partition"/>; returns whether it was there.</summary>
    bool Remove(int partition, TKey key);

    /// <summary>The entries of <paramref name="partition"/>.</summary>
    IEnumerable<KeyValuePair<TKey, TValue>> Items(int partition);

    /// <summary>How many keys <paramref name="partition"/> holds.</summary>
    long Count(int partition);

    /// <summary>
    /// Opens <paramref name="partition"/>: the worker now owns it or keeps a standby copy. Data kept from an
    /// earlier assignment (in memory, or on disk for a persistent store) comes back with its <see cref="Position"/>.
    /// </summary>
    void Assign(int partition);

    /// <summary>Closes <paramref name="partition"/>, keeping its data and position for the retention time.</summary>
    void Revoke(int partition);

    /// <summary>
    /// The changelog offset <paramref name="partition"/>'s data is complete up to: the offset of the next changelog
    /// record it has not applied, or 0 when it holds nothing (replay from the start).
    /// </summary>
    long Position(int partition);

    /// <summary>
    /// Applies changelog <paramref name="records"/> of <paramref name="partition"/> in order (a record without a
    /// value deletes its key) and sets its <see cref="Position"/> to <paramref name="position"/>, together: a
    /// persistent store writes both in one atomic batch, so after a crash its data and position still agree.
    /// </summary>
    /// <param name="partition">The table partition.</param>
    /// <param name="records">Changelog records, as read: keys and values in the changelog's encoding.</param>
    /// <param name="position">The offset of the next changelog record after these (offsets may have gaps).</param>
    void Apply(int partition, ReadOnlySpan<ConsumedRecord> records, long position);

    /// <summary>
    /// Records that every change agents made to <paramref name="partition"/> is in the changelog before
    /// <paramref name="position"/> (the app calls it after its producer has flushed, at commits and revocations).
    /// Changes made since may be applied again by a replay from there, which leaves the same values.
    /// </summary>
    void Checkpoint(int partition, long position);

    /// <summary>Drops <paramref name="partition"/>'s data and position now (they cannot be trusted: the next
    /// assignment replays the changelog from the start).</summary>
    void Discard(int partition);
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
/// <param name="Settings">The app's settings (frozen).</param>
/// <param name="LoggerFactory">Where the app logs.</param>
/// <param name="Meter">The app's meter, for the store's own instruments.</param>
/// <param name="Table">The table's name.</param>
/// <param name="Partitions">The table's partition count (its changelog's).</param>
/// <param name="KeyCodec">The codec of the table's keys (the changelog's).</param>
/// <param name="ValueCodec">The codec of the table's values (the changelog's).</param>
public sealed record StoreContext<TKey, TValue>(
    AppSettings Settings, ILoggerFactory LoggerFactory, Meter Meter, string Table, int Partitions, ICodec<TKey> KeyCodec, ICodec<TValue> ValueCodec);
