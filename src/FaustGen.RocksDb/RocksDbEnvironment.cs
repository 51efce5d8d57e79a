namespace FaustGen.RocksDb;

/// <summary>
/// What every RocksDB instance of one app shares: the block cache, the memtable budget (a write buffer manager
/// charged to the cache), and the options instances are opened with. Freed when the last store of the app is.
/// </summary>
internal sealed class RocksDbEnvironment
{
    private readonly Lock gate = new();
    private int users;

    public RocksDbEnvironment(RocksDbOptions options)
    {
        Options = options;
    }

    public RocksDbOptions Options { get; }

    /// <summary>The options instances open with (valid between <see cref="Acquire"/> and the last <see cref="Release"/>).</summary>
    public nint DbOptions { get; private set; }

    /// <summary>Write options: RocksDB's write-ahead log is off, as the changelog is the log (see docs/tables.md).</summary>
    public nint WriteOptions { get; private set; }

    public nint ReadOptions { get; private set; }

    private nint Cache { get; set; }

    private nint WriteBufferManager { get; set; }

    private nint TableOptions { get; set; }

    public void Acquire()
    {
        lock (gate)
        {
            if (users++ > 0)
            {
                return;
            }

            Cache = RocksDbNative.CacheCreateLru((nuint)Options.BlockCacheSize);
            WriteBufferManager = RocksDbNative.WriteBufferManagerCreateWithCache((nuint)Options.MemtableBudget, Cache, 0);
            TableOptions = RocksDbNative.BlockBasedOptionsCreate();
            RocksDbNative.BlockBasedOptionsSetBlockCache(TableOptions, Cache);
            // Point reads of keys that are absent (a first count of a key) skip the data blocks.
            RocksDbNative.BlockBasedOptionsSetFilterPolicy(TableOptions, RocksDbNative.FilterPolicyCreateBloom(10));
            var options = RocksDbNative.OptionsCreate();
            RocksDbNative.OptionsSetCreateIfMissing(options, 1);
            RocksDbNative.OptionsSetCreateMissingColumnFamilies(options, 1);
            // Data and position live in two column families: they must reach disk together.
            RocksDbNative.OptionsSetAtomicFlush(options, 1);
            RocksDbNative.OptionsSetWriteBufferSize(options, (nuint)Options.WriteBufferSize);
            RocksDbNative.OptionsSetMaxWriteBufferNumber(options, Options.MaxWriteBuffers);
            RocksDbNative.OptionsSetWriteBufferManager(options, WriteBufferManager);
            RocksDbNative.OptionsSetBlockBasedTableFactory(options, TableOptions);
            RocksDbNative.OptionsSetMaxBackgroundJobs(options, Math.Clamp(Environment.ProcessorCount, 2, 8));
            // Warnings and worse only, and few info logs per instance: a worker may hold hundreds of instances.
            RocksDbNative.OptionsSetInfoLogLevel(options, 2);
            RocksDbNative.OptionsSetKeepLogFileNum(options, 2);
            if (RocksDbOptions.CompressionCode(Options.Compression) is { } compression)
            {
                RocksDbNative.OptionsSetCompression(options, compression);
            }

            DbOptions = options;
            WriteOptions = RocksDbNative.WriteOptionsCreate();
            RocksDbNative.WriteOptionsDisableWal(WriteOptions, 1);
            ReadOptions = RocksDbNative.ReadOptionsCreate();
        }
    }

    public void Release()
    {
        lock (gate)
        {
            if (--users > 0)
            {
                return;
            }

            RocksDbNative.ReadOptionsDestroy(ReadOptions);
            RocksDbNative.WriteOptionsDestroy(WriteOptions);
            RocksDbNative.OptionsDestroy(DbOptions);
            RocksDbNative.BlockBasedOptionsDestroy(TableOptions);
            RocksDbNative.WriteBufferManagerDestroy(WriteBufferManager);
            RocksDbNative.CacheDestroy(Cache);
            (ReadOptions, WriteOptions, DbOptions, TableOptions, WriteBufferManager, Cache) = (0, 0, 0, 0, 0, 0);
        }
    }
}
