using System.Text;
using FaustGen.Codecs;
using FaustGen.RocksDb;
using FaustGen.Stores;
using FaustGen.Transport;

namespace FaustGen.Tables.Tests;

/// <summary>Both stores behave alike: positions move with applied changelog records, revoked partitions are kept
/// for the retention time, and rocksdb:// keeps data and position across a restart.</summary>
public sealed class StoreTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public static TheoryData<string> Stores => ["memory", "rocksdb"];

    public void Dispose() => directory.Dispose();

    [Theory]
    [MemberData(nameof(Stores))]
    public void Applies_changelog_records_and_tombstones_with_their_position(string scheme)
    {
        using var store = Create(scheme, TimeSpan.FromMinutes(1));
        store.Assign(2);
        Assert.Equal(0, store.Position(2));
        store.Apply(2, [Record("a", 1, 0), Record("b", 2, 1), Record("a", 3, 2), Tombstone("b", 3)], 4);
        Assert.Equal(4, store.Position(2));
        Assert.True(store.TryGet(2, "a", out var a));
        Assert.Equal(3, a);
        Assert.False(store.TryGet(2, "b", out _));
        Assert.False(store.TryGet(1, "a", out _));
        Assert.Equal(1, store.Count(2));
        store.Set(2, "c", 7);
        Assert.True(store.Remove(2, "a"));
        Assert.False(store.Remove(2, "a"));
        Assert.Equal([new KeyValuePair<string, long>("c", 7)], store.Items(2));
        store.Checkpoint(2, 9);
        Assert.Equal(9, store.Position(2));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Keeps_a_revoked_partition_with_its_position_until_the_retention_time_passes(string scheme)
    {
        using var store = Create(scheme, TimeSpan.FromMinutes(1));
        store.Assign(0);
        store.Apply(0, [Record("a", 1, 0)], 1);
        store.Revoke(0);
        Assert.False(store.TryGet(0, "a", out _));
        store.Assign(0);
        Assert.Equal(1, store.Position(0));
        Assert.True(store.TryGet(0, "a", out var a));
        Assert.Equal(1, a);

        using var forgetful = Create(scheme, TimeSpan.Zero, "forgetful");
        forgetful.Assign(0);
        forgetful.Apply(0, [Record("a", 1, 0)], 1);
        forgetful.Revoke(0);
        forgetful.Assign(0);
        Assert.Equal(0, forgetful.Position(0));
        Assert.False(forgetful.TryGet(0, "a", out _));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Discards_a_partition_it_cannot_trust(string scheme)
    {
        using var store = Create(scheme, TimeSpan.FromMinutes(1));
        store.Assign(1);
        store.Apply(1, [Record("a", 1, 0)], 1);
        store.Discard(1);
        store.Assign(1);
        Assert.Equal(0, store.Position(1));
        Assert.Equal(0, store.Count(1));
    }

    [Fact]
    public void Rocksdb_reopens_data_and_position_after_a_restart()
    {
        using (var store = Create("rocksdb", TimeSpan.FromMinutes(1)))
        {
            store.Assign(3);
            store.Apply(3, [Record("a", 1, 10), Record("b", 2, 11)], 12);
            store.Set(3, "c", 5);
            store.Checkpoint(3, 13);
        }

        using var reopened = Create("rocksdb", TimeSpan.FromMinutes(1));
        reopened.Assign(3);
        Assert.Equal(13, reopened.Position(3));
        Assert.Equal(
            [new("a", 1L), new("b", 2L), new("c", 5L)],
            reopened.Items(3).OrderBy(e => e.Key, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Rocksdb_deletes_revoked_partitions_whose_retention_passed_when_it_opens()
    {
        using (var store = Create("rocksdb", TimeSpan.FromMinutes(1)))
        {
            store.Assign(0);
            store.Assign(1);
            store.Apply(0, [Record("a", 1, 0)], 1);
            store.Apply(1, [Record("b", 1, 0)], 1);
            store.Revoke(0);
        }

        var table = Path.Combine(directory.Path, "counts");
        File.WriteAllText(Path.Combine(table, "0", "REVOKED"), DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var reopened = Create("rocksdb", TimeSpan.FromMinutes(1));
        Assert.False(Directory.Exists(Path.Combine(table, "0")));
        reopened.Assign(1);
        Assert.Equal(1, reopened.Position(1));
    }

    [Fact]
    public void Rocksdb_marks_an_open_partition_dirty_until_it_is_flushed_and_closed()
    {
        var dirty = Path.Combine(directory.Path, "counts", "0", "DIRTY");
        using (var store = Create("rocksdb", TimeSpan.FromMinutes(1)))
        {
            store.Assign(0);
            Assert.True(File.Exists(dirty));
            store.Revoke(0);
            Assert.False(File.Exists(dirty));
            store.Assign(0);
            Assert.True(File.Exists(dirty));
        }

        Assert.False(File.Exists(dirty));
    }

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce, 1L, 1L)]
    [InlineData(ProcessingGuarantee.ExactlyOnce, 0L, 0L)]
    public void Rocksdb_discards_a_partition_left_dirty_only_under_exactly_once(ProcessingGuarantee guarantee, long position, long count)
    {
        using (var store = Create("rocksdb", TimeSpan.FromMinutes(1)))
        {
            store.Assign(0);
            store.Apply(0, [Record("a", 1, 0)], 1);
        }

        // The worker opens the partition again and dies: what it leaves is what is on disk at that moment, marked.
        var crashed = Path.Combine(directory.Path, "crashed", "counts");
        using (var store = Create("rocksdb", TimeSpan.FromMinutes(1)))
        {
            store.Assign(0);
            store.Set(0, "b", 2);
            Files.Copy(Path.Combine(directory.Path, "counts", "0"), Path.Combine(crashed, "0"));
        }

        Assert.True(File.Exists(Path.Combine(crashed, "0", "DIRTY")));
        using var restarted = Create("rocksdb", TimeSpan.FromMinutes(1), "crashed", guarantee);
        restarted.Assign(0);
        Assert.Equal(position, restarted.Position(0));
        Assert.Equal(count, restarted.Count(0));
        Assert.True(File.Exists(Path.Combine(crashed, "0", "DIRTY")));
    }

    [Fact]
    public void Rocksdb_reads_changes_that_wait_for_a_checkpoint_and_replayed_records_replace_them_and_cached_reads()
    {
        using var store = Create("rocksdb", TimeSpan.FromMinutes(1));
        store.Assign(0);
        store.Apply(0, [Record("a", 1, 0), Record("b", 1, 1)], 2);
        Assert.True(store.TryGet(0, "a", out var a));
        Assert.Equal(1, a);

        // Agents' changes wait in the cache and are read from there.
        store.Set(0, "a", 2);
        store.Set(0, "c", 3);
        Assert.True(store.Remove(0, "b"));
        Assert.True(store.TryGet(0, "a", out a));
        Assert.Equal(2, a);
        Assert.False(store.TryGet(0, "b", out _));
        Assert.False(store.Remove(0, "b"));

        // A replay is newer than what waits and than what was read: both give way to it.
        store.Apply(0, [Record("a", 9, 2), Record("c", 8, 3), Record("b", 7, 4)], 5);
        Assert.Equal(5, store.Position(0));
        Assert.Equal(
            [new("a", 9L), new("b", 7L), new("c", 8L)],
            store.Items(0).OrderBy(e => e.Key, StringComparer.Ordinal).ToList());
        Assert.True(store.TryGet(0, "a", out a));
        Assert.Equal(9, a);
    }

    [Fact]
    public void Rocksdb_drops_the_changes_that_wait_with_a_discarded_partition_and_writes_them_when_it_closes()
    {
        using (var store = Create("rocksdb", TimeSpan.FromMinutes(1)))
        {
            store.Assign(0);
            store.Assign(1);
            store.Set(0, "lost", 1);
            store.Set(1, "kept", 2);
            store.Discard(0);
            store.Assign(0);
            Assert.False(store.TryGet(0, "lost", out _));
        }

        using var reopened = Create("rocksdb", TimeSpan.FromMinutes(1));
        reopened.Assign(1);
        Assert.True(reopened.TryGet(1, "kept", out var kept));
        Assert.Equal(2, kept);
    }

    [Fact]
    public void Rocksdb_options_come_from_the_store_url()
    {
        var options = RocksDbOptions.Parse("rocksdb:///var/lib/app?block_cache_size=128MiB&write_buffer_size=4MiB&max_write_buffers=2&memtable_budget=1GiB&compression=lz4");
        Assert.Equal("/var/lib/app", options.Directory);
        Assert.Equal(128L << 20, options.BlockCacheSize);
        Assert.Equal(4L << 20, options.WriteBufferSize);
        Assert.Equal(2, options.MaxWriteBuffers);
        Assert.Equal(1L << 30, options.MemtableBudget);
        Assert.Equal("lz4", options.Compression);
        Assert.Equal(8192, options.CacheEntries);
        Assert.Equal(16, RocksDbOptions.Parse("rocksdb://?cache_entries=16").CacheEntries);
        Assert.Contains("cache_entries", Assert.Throws<FaustConfigurationException>(() => RocksDbOptions.Parse("rocksdb://?cache_entries=0")).Message, StringComparison.Ordinal);
        Assert.Null(RocksDbOptions.Parse("rocksdb://").Directory);
        var error = Assert.Throws<FaustConfigurationException>(() => RocksDbOptions.Parse("rocksdb://?block_cache=1"));
        Assert.Contains("block_cache", error.Message, StringComparison.Ordinal);
        Assert.Throws<FaustConfigurationException>(() => RocksDbOptions.Parse("rocksdb://?compression=brotli"));
    }

    private static ConsumedRecord Record(string key, long value, long offset) =>
        new("counts-changelog", 0, offset, DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture)), null);

    private static ConsumedRecord Tombstone(string key, long offset) =>
        new("counts-changelog", 0, offset, DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes(key), null, null);

    private IStore<string, long> Create(string scheme, TimeSpan retention, string id = "stores", ProcessingGuarantee guarantee = ProcessingGuarantee.AtLeastOnce)
    {
        var app = new StoreHost(id, scheme + "://", Path.Combine(directory.Path, id == "stores" ? string.Empty : id), retention, guarantee);
        return app.Counts(scheme == "memory" ? new MemoryStoreFactory() : new RocksDbStoreFactory());
    }
}
