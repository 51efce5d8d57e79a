using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using FaustGen.Codecs;
using FaustGen.Stores;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen.RocksDb;

/// <summary>
/// The <c>rocksdb://</c> store of one table: a RocksDB instance per table partition in
/// <c>{data directory}/{table}/{partition}</c>, holding keys and values in the changelog's encoding (so a replay
/// copies bytes without decoding them) and the changelog position. A revoked partition is flushed, closed and
/// marked; it is deleted once its mark is older than <see cref="AppSettings.RevokedStateRetention"/>, and reopened
/// with its position if the worker gets it back before. An open partition is marked <c>DIRTY</c> until it is
/// flushed and closed: a partition found marked was left by a worker that died, and under exactly-once it is
/// discarded when opened (its data may hold changes of a transaction that was aborted). Each open partition is
/// fronted by a <see cref="PartitionCache{TKey, TValue}"/>: agents' writes reach RocksDB in a batch at the next
/// checkpoint, together with the changelog position (or sooner, when <see cref="RocksDbOptions.CacheEntries"/> keys wait).
/// </summary>
internal sealed partial class RocksDbStore<TKey, TValue> : IStore<TKey, TValue>
    where TKey : notnull
{
    private const string RevokedMark = "REVOKED";
    private const string DirtyMark = "DIRTY";

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? keyBuffer;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? changeBytes;

    [ThreadStatic]
    private static List<Change>? changeList;

    private readonly StoreContext<TKey, TValue> context;
    private readonly RocksDbEnvironment environment;
    private readonly string directory;
    private readonly TimeSpan retention;
    private readonly bool discardUnclean;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<int, RocksDbPartition> open = new();
    private readonly ConcurrentDictionary<int, PartitionCache<TKey, TValue>> caches = new();
    private readonly Lock lifecycle = new();
    private readonly ReadSpan<ICodec<TValue>, TValue> decode = static (bytes, codec) => codec.Decode(bytes);
    private bool disposed;

    /// <param name="context">The table the store is for.</param>
    /// <param name="environment">What the app's instances share.</param>
    /// <param name="directory">The table's directory, holding a directory per partition.</param>
    /// <param name="retention">How long a revoked partition is kept.</param>
    /// <param name="discardUnclean">Whether a partition that was not closed cleanly is discarded when opened
    /// (exactly-once: its data may be ahead of the committed changelog).</param>
    public RocksDbStore(StoreContext<TKey, TValue> context, RocksDbEnvironment environment, string directory, TimeSpan retention, bool discardUnclean)
    {
        this.context = context;
        this.environment = environment;
        this.directory = directory;
        this.retention = retention;
        this.discardUnclean = discardUnclean;
        logger = context.LoggerFactory.CreateLogger("FaustGen.RocksDb");
        environment.Acquire();
        Expire();
    }

    public bool TryGet(int partition, TKey key, out TValue value)
    {
        if (!open.TryGetValue(partition, out var db) || !caches.TryGetValue(partition, out var cache))
        {
            value = default!;
            return false;
        }

        if (cache.TryGet(key, out var present, out value))
        {
            return present;
        }

        var generation = cache.Generation;
        present = db.TryGet(EncodeKey(key), context.ValueCodec, decode, out value);
        cache.Remember(key, present, value, generation);
        return present;
    }

    public void Set(int partition, TKey key, TValue value)
    {
        Partition(partition);
        Write(partition, key, value is not null, value);
    }

    public bool Remove(int partition, TKey key)
    {
        if (!open.TryGetValue(partition, out var db) || !caches.TryGetValue(partition, out var cache))
        {
            return false;
        }

        var present = cache.TryGet(key, out var known, out _) ? known : db.TryGet(EncodeKey(key), 0, static (_, _) => true, out _);
        if (present)
        {
            Write(partition, key, false, default!);
        }

        return present;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Items(int partition) =>
        Flush(partition, null) is { } db
            ? db.Entries().Select(e => new KeyValuePair<TKey, TValue>(context.KeyCodec.Decode(e.Key), context.ValueCodec.Decode(e.Value)))
            : [];

    public long Count(int partition) => Flush(partition, null)?.Count() ?? 0;

    public void Assign(int partition)
    {
        lock (lifecycle)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (open.ContainsKey(partition))
            {
                return;
            }
        }

        // Opening (or creating) an instance takes tens of milliseconds of file system work: outside the lock, so
        // the recovery of several partitions opens them side by side. One partition is never assigned twice at once.
        var path = PathOf(partition);
        var mark = Path.Combine(path, RevokedMark);
        if (File.Exists(mark))
        {
            File.Delete(mark);
        }

        var dirty = Path.Combine(path, DirtyMark);
        if (discardUnclean && File.Exists(dirty))
        {
            // RocksDB flushes memtables whenever they fill, so a worker that died mid-transaction may have left
            // changes on disk whose changelog records were aborted: a replay from the stored position cannot undo them.
            LogDiscardingUnclean(logger, context.Settings.Id, context.Table, partition, path);
            Directory.Delete(path, recursive: true);
        }

        // Marked before any write can reach the disk; only a flush and close (Revoke, Dispose) removes the mark.
        Directory.CreateDirectory(path);
        File.WriteAllBytes(dirty, []);
        var db = RocksDbPartition.Open(environment, path);
        lock (lifecycle)
        {
            if (disposed || open.ContainsKey(partition))
            {
                db.Dispose();
                ObjectDisposedException.ThrowIf(disposed, this);
                return;
            }

            // The cache first: an open partition always has one.
            caches[partition] = new PartitionCache<TKey, TValue>(environment.Options.CacheEntries);
            open[partition] = db;
        }
    }

    public void Revoke(int partition)
    {
        lock (lifecycle)
        {
            Flush(partition, null);
            caches.TryRemove(partition, out _);
            if (!open.TryRemove(partition, out var db))
            {
                return;
            }

            Close(db);
            if (retention > TimeSpan.Zero)
            {
                File.WriteAllText(Path.Combine(db.Path, RevokedMark), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                Directory.Delete(db.Path, recursive: true);
            }

            Expire();
        }
    }

    public long Position(int partition) => open.TryGetValue(partition, out var db) ? db.Position : 0;

    public void Apply(int partition, ReadOnlySpan<ConsumedRecord> records, long position)
    {
        // Replayed records are newer than any change that waits: those go first, and the replay overwrites them.
        Flush(partition, null);
        Partition(partition).Apply(records, position);

        // The replayed records changed keys the cache does not decode.
        caches.GetValueOrDefault(partition)?.Clear();
    }

    public void Checkpoint(int partition, long position) => Flush(partition, position);

    public void Discard(int partition)
    {
        lock (lifecycle)
        {
            // Writes that wait are dropped with the data.
            caches.TryRemove(partition, out _);
            if (open.TryRemove(partition, out var db))
            {
                db.Dispose();
            }

            var path = PathOf(partition);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    /// <summary>Flushes and closes every open partition; they stay on disk unmarked, so a restart reopens them
    /// (static membership gives a restarted worker its partitions back).</summary>
    public void Dispose()
    {
        lock (lifecycle)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            foreach (var (partition, db) in open)
            {
                Flush(partition, null);
                Close(db);
            }

            open.Clear();
            caches.Clear();
            environment.Release();
        }
    }

    /// <summary>Flushes and closes <paramref name="db"/>; its data and position now agree on disk, so it is no longer dirty.</summary>
    private static void Close(RocksDbPartition db)
    {
        db.Dispose();
        File.Delete(Path.Combine(db.Path, DirtyMark));
    }

    private static ReadOnlySpan<byte> Encode<T>(ICodec<T> codec, T value, ref ArrayBufferWriter<byte>? buffer)
    {
        var writer = buffer ??= new ArrayBufferWriter<byte>(64);
        writer.ResetWrittenCount();
        codec.Encode(value, writer);
        return writer.WrittenSpan;
    }

    private ReadOnlySpan<byte> EncodeKey(TKey key) => Encode(context.KeyCodec, key, ref keyBuffer);

    /// <summary>Records a change in the partition's cache, and writes the waiting changes once there are enough.</summary>
    private void Write(int partition, TKey key, bool present, TValue value)
    {
        if (caches[partition].Write(key, present, value) >= environment.Options.CacheEntries)
        {
            Flush(partition, null);
        }
    }

    /// <summary>Writes the changes that wait in the cache of open partition <paramref name="partition"/> to RocksDB, with
    /// <paramref name="position"/> when given; returns the partition's instance, or null when it is not open.</summary>
    private RocksDbPartition? Flush(int partition, long? position)
    {
        if (!open.TryGetValue(partition, out var db) || !caches.TryGetValue(partition, out var cache))
        {
            return null;
        }

        cache.Flush((Store: this, Db: db, Position: position), static (state, waiting) => state.Store.WriteChanges(state.Db, waiting, state.Position));
        return db;
    }

    private void WriteChanges(RocksDbPartition db, Dictionary<TKey, PartitionCache<TKey, TValue>.Entry> waiting, long? position)
    {
        if (waiting.Count == 0 && position is null)
        {
            return;
        }

        var bytes = changeBytes ??= new ArrayBufferWriter<byte>(4096);
        var changes = changeList ??= [];
        bytes.ResetWrittenCount();
        changes.Clear();
        foreach (var (key, entry) in waiting)
        {
            var keyStart = bytes.WrittenCount;
            context.KeyCodec.Encode(key, bytes);
            var valueStart = bytes.WrittenCount;
            if (entry.Present)
            {
                context.ValueCodec.Encode(entry.Value, bytes);
            }

            changes.Add(new Change(keyStart, valueStart - keyStart, valueStart, entry.Present ? bytes.WrittenCount - valueStart : -1));
        }

        db.Write(bytes.WrittenSpan, CollectionsMarshal.AsSpan(changes), position);
    }

    private RocksDbPartition Partition(int partition)
    {
        if (open.TryGetValue(partition, out var db))
        {
            return db;
        }

        Assign(partition);
        return open[partition];
    }

    private string PathOf(int partition) => Path.Combine(directory, partition.ToString(CultureInfo.InvariantCulture));

    /// <summary>Deletes revoked partitions whose mark is older than the retention time.</summary>
    private void Expire()
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var oldest = DateTimeOffset.UtcNow - retention;
        foreach (var path in Directory.EnumerateDirectories(directory))
        {
            var mark = Path.Combine(path, RevokedMark);
            if (File.Exists(mark) &&
                long.TryParse(File.ReadAllText(mark), NumberStyles.Integer, CultureInfo.InvariantCulture, out var revoked) &&
                DateTimeOffset.FromUnixTimeMilliseconds(revoked) < oldest &&
                int.TryParse(Path.GetFileName(path), NumberStyles.Integer, CultureInfo.InvariantCulture, out var partition) &&
                !open.ContainsKey(partition))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App}: partition {Partition} of table {Table} was not closed cleanly (its worker stopped without flushing it) and is discarded, as exactly-once requires: its data may hold changes of an aborted transaction. It is rebuilt from the committed changelog. ({Path})")]
    private static partial void LogDiscardingUnclean(ILogger logger, string app, string table, int partition, string path);
}

/// <summary>
/// Makes <c>rocksdb://</c> stores. Every table of an app shares one block cache and one memtable budget (see
/// <see cref="RocksDbOptions"/>); each worker needs a data directory of its own
/// (<see cref="AppSettings.DataDirectory"/>, or the directory the URL names, under which each app id gets one).
/// </summary>
public sealed class RocksDbStoreFactory : IStoreFactory
{
    private readonly Lock gate = new();
    private RocksDbEnvironment? environment;

    /// <inheritdoc />
    public string Scheme => "rocksdb";

    /// <inheritdoc />
    public IStore<TKey, TValue> Create<TKey, TValue>(StoreContext<TKey, TValue> context)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var options = RocksDbOptions.Parse(settings.Store);
        RocksDbEnvironment shared;
        lock (gate)
        {
            shared = environment ??= new RocksDbEnvironment(options);
        }

        var root = options.Directory is { } named ? Path.Combine(named, settings.Id) : settings.DataDirectory;
        return new RocksDbStore<TKey, TValue>(context, shared, Path.Combine(root, context.Table), settings.RevokedStateRetention,
            discardUnclean: settings.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnce);
    }
}
