using System.Globalization;

namespace FaustGen.RocksDb;

/// <summary>
/// The tunables of the <c>rocksdb://</c> store, read from the store URL's query:
/// <c>rocksdb://[data directory][?block_cache_size=64MiB&amp;write_buffer_size=16MiB&amp;max_write_buffers=3&amp;memtable_budget=256MiB&amp;cache_entries=8192&amp;compression=lz4]</c>.
/// Sizes are bytes, or a number with a KiB, MiB or GiB suffix.
/// </summary>
public sealed record RocksDbOptions
{
    /// <summary>The data directory the URL names, or null for the app's <see cref="AppSettings.DataDirectory"/>.</summary>
    public string? Directory { get; init; }

    /// <summary>The LRU block cache every table partition of the app shares (<c>block_cache_size</c>). Default 64 MiB.</summary>
    public long BlockCacheSize { get; init; } = 64L << 20;

    /// <summary>One memtable's size (<c>write_buffer_size</c>). Default 16 MiB.</summary>
    public long WriteBufferSize { get; init; } = 16L << 20;

    /// <summary>Memtables per table partition, the one being written included (<c>max_write_buffers</c>). Default 3.</summary>
    public int MaxWriteBuffers { get; init; } = 3;

    /// <summary>The memory all memtables of the app may take together, charged to the block cache
    /// (<c>memtable_budget</c>); past it RocksDB flushes the largest. Default 256 MiB.</summary>
    public long MemtableBudget { get; init; } = 256L << 20;

    /// <summary>The size of the cache in front of each open table partition (<c>cache_entries</c>, see
    /// <see cref="PartitionCache{TKey, TValue}"/>): how many written keys may wait for the next checkpoint before they
    /// are written to RocksDB, and how many read values are kept. 1 writes every change at once. Default 8192.</summary>
    public int CacheEntries { get; init; } = 8192;

    /// <summary>The compression of data files (<c>compression</c>: <c>none</c>, <c>snappy</c>, <c>zlib</c>,
    /// <c>lz4</c>, <c>zstd</c>), or null for RocksDB's default.</summary>
    public string? Compression { get; init; }

    /// <summary>Reads the options of a <c>rocksdb://</c> URL.</summary>
    /// <exception cref="FaustConfigurationException">A part of the URL cannot be read; the message names it.</exception>
    public static RocksDbOptions Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var at = url.IndexOf("://", StringComparison.Ordinal);
        var rest = at < 0 ? string.Empty : url[(at + 3)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rest : rest[..query];
        var options = new RocksDbOptions { Directory = path.Length == 0 ? null : path };
        if (query < 0)
        {
            return options;
        }

        foreach (var pair in rest[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = eq < 0 ? (pair, string.Empty) : (pair[..eq], Uri.UnescapeDataString(pair[(eq + 1)..]));
            options = key switch
            {
                "block_cache_size" => options with { BlockCacheSize = Size(key, value) },
                "write_buffer_size" => options with { WriteBufferSize = Size(key, value) },
                "memtable_budget" => options with { MemtableBudget = Size(key, value) },
                "max_write_buffers" => options with { MaxWriteBuffers = (int)Math.Max(1, Size(key, value)) },
                "cache_entries" => options with { CacheEntries = Entries(key, value) },
                "compression" when CompressionCode(value) is not null => options with { Compression = value.ToLowerInvariant() },
                "compression" => throw Invalid(key, value, "expected none, snappy, zlib, lz4 or zstd"),
                _ => throw Invalid(key, value, "unknown option; expected block_cache_size, write_buffer_size, max_write_buffers, memtable_budget, cache_entries or compression"),
            };
        }

        return options;
    }

    /// <summary>RocksDB's code for a compression name, or null when unknown.</summary>
    internal static int? CompressionCode(string? name) => name?.ToLowerInvariant() switch
    {
        "none" => 0,
        "snappy" => 1,
        "zlib" => 2,
        "lz4" => 4,
        "zstd" => 7,
        _ => null,
    };

    private static long Size(string key, string value)
    {
        var (number, scale) = value switch
        {
            _ when value.EndsWith("GiB", StringComparison.OrdinalIgnoreCase) => (value[..^3], 1L << 30),
            _ when value.EndsWith("MiB", StringComparison.OrdinalIgnoreCase) => (value[..^3], 1L << 20),
            _ when value.EndsWith("KiB", StringComparison.OrdinalIgnoreCase) => (value[..^3], 1L << 10),
            _ => (value, 1L),
        };
        return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed * scale
            : throw Invalid(key, value, "expected a positive size in bytes, or with a KiB, MiB or GiB suffix");
    }

    private static int Entries(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var entries) && entries is >= 1 and <= 1 << 24
            ? entries
            : throw Invalid(key, value, "expected a number of entries from 1 (every change written at once) to 16777216");

    private static FaustConfigurationException Invalid(string key, string value, string why) =>
        FaustConfigurationException.ForSetting($"{nameof(AppSettings.Store)} ({key})", value, why);
}
