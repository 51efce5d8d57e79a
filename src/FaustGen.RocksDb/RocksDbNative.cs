using System.Reflection;
using System.Runtime.InteropServices;

namespace FaustGen.RocksDb;

/// <summary>
/// The part of RocksDB's C API (<c>c.h</c>) the store uses, bound with source-generated P/Invoke so it works under
/// Native AOT. The library is the <c>librocksdb</c> the RocksDB NuGet package ships under
/// <c>runtimes/{rid}/native</c>.
/// </summary>
internal static unsafe partial class RocksDbNative
{
    private const string Library = "librocksdb";

    static RocksDbNative() => NativeLibrary.SetDllImportResolver(typeof(RocksDbNative).Assembly, Resolve);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_create")]
    internal static partial nint OptionsCreate();

    [LibraryImport(Library, EntryPoint = "rocksdb_options_destroy")]
    internal static partial void OptionsDestroy(nint options);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_create_if_missing")]
    internal static partial void OptionsSetCreateIfMissing(nint options, byte value);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_create_missing_column_families")]
    internal static partial void OptionsSetCreateMissingColumnFamilies(nint options, byte value);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_write_buffer_size")]
    internal static partial void OptionsSetWriteBufferSize(nint options, nuint size);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_max_write_buffer_number")]
    internal static partial void OptionsSetMaxWriteBufferNumber(nint options, int count);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_max_background_jobs")]
    internal static partial void OptionsSetMaxBackgroundJobs(nint options, int count);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_compression")]
    internal static partial void OptionsSetCompression(nint options, int compression);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_atomic_flush")]
    internal static partial void OptionsSetAtomicFlush(nint options, byte value);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_info_log_level")]
    internal static partial void OptionsSetInfoLogLevel(nint options, int level);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_keep_log_file_num")]
    internal static partial void OptionsSetKeepLogFileNum(nint options, nuint count);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_write_buffer_manager")]
    internal static partial void OptionsSetWriteBufferManager(nint options, nint manager);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_block_based_table_factory")]
    internal static partial void OptionsSetBlockBasedTableFactory(nint options, nint tableOptions);

    [LibraryImport(Library, EntryPoint = "rocksdb_block_based_options_create")]
    internal static partial nint BlockBasedOptionsCreate();

    [LibraryImport(Library, EntryPoint = "rocksdb_block_based_options_destroy")]
    internal static partial void BlockBasedOptionsDestroy(nint tableOptions);

    [LibraryImport(Library, EntryPoint = "rocksdb_block_based_options_set_block_cache")]
    internal static partial void BlockBasedOptionsSetBlockCache(nint tableOptions, nint cache);

    /// <summary>Takes ownership of <paramref name="policy"/>.</summary>
    [LibraryImport(Library, EntryPoint = "rocksdb_block_based_options_set_filter_policy")]
    internal static partial void BlockBasedOptionsSetFilterPolicy(nint tableOptions, nint policy);

    [LibraryImport(Library, EntryPoint = "rocksdb_filterpolicy_create_bloom")]
    internal static partial nint FilterPolicyCreateBloom(double bitsPerKey);

    [LibraryImport(Library, EntryPoint = "rocksdb_cache_create_lru")]
    internal static partial nint CacheCreateLru(nuint capacity);

    [LibraryImport(Library, EntryPoint = "rocksdb_cache_destroy")]
    internal static partial void CacheDestroy(nint cache);

    [LibraryImport(Library, EntryPoint = "rocksdb_write_buffer_manager_create_with_cache")]
    internal static partial nint WriteBufferManagerCreateWithCache(nuint bufferSize, nint cache, byte allowStall);

    [LibraryImport(Library, EntryPoint = "rocksdb_write_buffer_manager_destroy")]
    internal static partial void WriteBufferManagerDestroy(nint manager);

    [LibraryImport(Library, EntryPoint = "rocksdb_open_column_families", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint OpenColumnFamilies(
        nint options, string name, int count, nint* names, nint* familyOptions, nint* handles, out nint error);

    [LibraryImport(Library, EntryPoint = "rocksdb_close")]
    internal static partial void Close(nint db);

    [LibraryImport(Library, EntryPoint = "rocksdb_column_family_handle_destroy")]
    internal static partial void ColumnFamilyHandleDestroy(nint handle);

    [LibraryImport(Library, EntryPoint = "rocksdb_writeoptions_create")]
    internal static partial nint WriteOptionsCreate();

    [LibraryImport(Library, EntryPoint = "rocksdb_writeoptions_destroy")]
    internal static partial void WriteOptionsDestroy(nint options);

    [LibraryImport(Library, EntryPoint = "rocksdb_writeoptions_disable_WAL")]
    internal static partial void WriteOptionsDisableWal(nint options, int disable);

    [LibraryImport(Library, EntryPoint = "rocksdb_readoptions_create")]
    internal static partial nint ReadOptionsCreate();

    [LibraryImport(Library, EntryPoint = "rocksdb_readoptions_destroy")]
    internal static partial void ReadOptionsDestroy(nint options);

    [LibraryImport(Library, EntryPoint = "rocksdb_get_pinned")]
    internal static partial nint GetPinned(nint db, nint readOptions, byte* key, nuint keyLength, out nint error);

    [LibraryImport(Library, EntryPoint = "rocksdb_get_pinned_cf")]
    internal static partial nint GetPinnedCf(nint db, nint readOptions, nint family, byte* key, nuint keyLength, out nint error);

    [LibraryImport(Library, EntryPoint = "rocksdb_pinnableslice_value")]
    internal static partial byte* PinnableSliceValue(nint slice, out nuint length);

    [LibraryImport(Library, EntryPoint = "rocksdb_pinnableslice_destroy")]
    internal static partial void PinnableSliceDestroy(nint slice);

    [LibraryImport(Library, EntryPoint = "rocksdb_writebatch_create")]
    internal static partial nint WriteBatchCreate();

    [LibraryImport(Library, EntryPoint = "rocksdb_writebatch_destroy")]
    internal static partial void WriteBatchDestroy(nint batch);

    [LibraryImport(Library, EntryPoint = "rocksdb_writebatch_clear")]
    internal static partial void WriteBatchClear(nint batch);

    [LibraryImport(Library, EntryPoint = "rocksdb_writebatch_put")]
    internal static partial void WriteBatchPut(nint batch, byte* key, nuint keyLength, byte* value, nuint valueLength);

    [LibraryImport(Library, EntryPoint = "rocksdb_writebatch_put_cf")]
    internal static partial void WriteBatchPutCf(nint batch, nint family, byte* key, nuint keyLength, byte* value, nuint valueLength);

    [LibraryImport(Library, EntryPoint = "rocksdb_writebatch_delete")]
    internal static partial void WriteBatchDelete(nint batch, byte* key, nuint keyLength);

    [LibraryImport(Library, EntryPoint = "rocksdb_write")]
    internal static partial void Write(nint db, nint writeOptions, nint batch, out nint error);

    [LibraryImport(Library, EntryPoint = "rocksdb_create_iterator")]
    internal static partial nint CreateIterator(nint db, nint readOptions);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_destroy")]
    internal static partial void IterDestroy(nint iterator);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_seek_to_first")]
    internal static partial void IterSeekToFirst(nint iterator);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_valid")]
    internal static partial byte IterValid(nint iterator);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_next")]
    internal static partial void IterNext(nint iterator);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_key")]
    internal static partial byte* IterKey(nint iterator, out nuint length);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_value")]
    internal static partial byte* IterValue(nint iterator, out nuint length);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_get_error")]
    internal static partial void IterGetError(nint iterator, out nint error);

    [LibraryImport(Library, EntryPoint = "rocksdb_flushoptions_create")]
    internal static partial nint FlushOptionsCreate();

    [LibraryImport(Library, EntryPoint = "rocksdb_flushoptions_destroy")]
    internal static partial void FlushOptionsDestroy(nint options);

    [LibraryImport(Library, EntryPoint = "rocksdb_flushoptions_set_wait")]
    internal static partial void FlushOptionsSetWait(nint options, byte wait);

    [LibraryImport(Library, EntryPoint = "rocksdb_flush")]
    internal static partial void Flush(nint db, nint flushOptions, out nint error);

    [LibraryImport(Library, EntryPoint = "rocksdb_free")]
    internal static partial void Free(nint pointer);

    /// <summary>Throws when a call reported an error (and frees RocksDB's message).</summary>
    /// <exception cref="RocksDbException">The call failed.</exception>
    internal static void Check(nint error, string what)
    {
        if (error == 0)
        {
            return;
        }

        var message = Marshal.PtrToStringUTF8(error) ?? "unknown error";
        Free(error);
        throw new RocksDbException($"RocksDB could not {what}: {message}");
    }

    /// <summary>
    /// Finds <c>librocksdb</c>: beside the app (a self-contained or AOT publish copies it there), else under
    /// <c>runtimes/{rid}/native</c> of the app's directory (a framework-dependent build), else wherever the system
    /// loader finds it. On Alpine (musl) the package's musl build is tried first.
    /// </summary>
    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Library)
        {
            return 0;
        }

        foreach (var candidate in Candidates())
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        return NativeLibrary.TryLoad(Library, assembly, searchPath, out var fallback) ? fallback : 0;
    }

    private static IEnumerable<string> Candidates()
    {
        var (extension, rid) = OperatingSystem.IsWindows() ? (".dll", "win") : OperatingSystem.IsMacOS() ? (".dylib", "osx") : (".so", "linux");
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var names = IsMusl() ? new[] { "librocksdb-musl", "librocksdb" } : ["librocksdb"];
        foreach (var directory in new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", $"{rid}-{arch}", "native") })
        {
            foreach (var name in names)
            {
                yield return Path.Combine(directory, name + extension);
            }
        }
    }

    private static bool IsMusl() =>
        OperatingSystem.IsLinux() && RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase);
}

/// <summary>RocksDB reported an error.</summary>
public sealed class RocksDbException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RocksDbException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RocksDbException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RocksDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
