using System.Buffers.Binary;
using System.Runtime.InteropServices;
using FaustGen.Transport;

namespace FaustGen.RocksDb;

/// <summary>
/// One table partition's RocksDB instance: the data in the default column family, the changelog position in the
/// <c>faustgen</c> column family, written in the same batch as the records it follows. Reads, writes and
/// closing are guarded so that a revocation never closes the instance under a reader.
/// </summary>
internal sealed unsafe class RocksDbPartition : IDisposable
{
    private static readonly byte[] PositionKey = "changelog-position"u8.ToArray();

    private readonly RocksDbEnvironment environment;
    private readonly ReaderWriterLockSlim guard = new(LockRecursionPolicy.NoRecursion);
    // The batch is reused: the recovery thread and the poll thread (checkpoints) take turns with it.
    private readonly Lock batchGate = new();
    private readonly nint defaultFamily;
    private readonly nint metaFamily;
    private nint db;
    private nint batch;

    private RocksDbPartition(RocksDbEnvironment environment, string path, nint db, nint defaultFamily, nint metaFamily)
    {
        this.environment = environment;
        Path = path;
        this.db = db;
        this.defaultFamily = defaultFamily;
        this.metaFamily = metaFamily;
        batch = RocksDbNative.WriteBatchCreate();
        Position = ReadPosition();
    }

    public string Path { get; }

    /// <summary>The next changelog offset the data does not include.</summary>
    public long Position { get; private set; }

    /// <summary>Opens (creating when missing) the instance in <paramref name="path"/>.</summary>
    public static RocksDbPartition Open(RocksDbEnvironment environment, string path)
    {
        Directory.CreateDirectory(path);
        var names = new[] { Marshal.StringToCoTaskMemUTF8("default"), Marshal.StringToCoTaskMemUTF8("faustgen") };
        try
        {
            var options = stackalloc nint[2] { environment.DbOptions, environment.DbOptions };
            var handles = stackalloc nint[2];
            fixed (nint* namePointers = names)
            {
                var db = RocksDbNative.OpenColumnFamilies(environment.DbOptions, path, 2, namePointers, options, handles, out var error);
                RocksDbNative.Check(error, $"open '{path}'");
                return new RocksDbPartition(environment, path, db, handles[0], handles[1]);
            }
        }
        finally
        {
            foreach (var name in names)
            {
                Marshal.FreeCoTaskMem(name);
            }
        }
    }

    /// <summary>Reads <paramref name="key"/>; <paramref name="read"/> gets the value's bytes while they are pinned.</summary>
    public bool TryGet<TState, TResult>(ReadOnlySpan<byte> key, TState state, ReadSpan<TState, TResult> read, out TResult result)
    {
        guard.EnterReadLock();
        try
        {
            ThrowIfClosed();
            nint slice;
            fixed (byte* k = key)
            {
                slice = RocksDbNative.GetPinned(db, environment.ReadOptions, k, (nuint)key.Length, out var error);
                RocksDbNative.Check(error, "read a key");
            }

            if (slice == 0)
            {
                result = default!;
                return false;
            }

            try
            {
                var value = RocksDbNative.PinnableSliceValue(slice, out var length);
                result = read(new ReadOnlySpan<byte>(value, checked((int)length)), state);
                return true;
            }
            finally
            {
                RocksDbNative.PinnableSliceDestroy(slice);
            }
        }
        finally
        {
            guard.ExitReadLock();
        }
    }

    /// <summary>Writes changelog records and the new position in one batch. Called by one thread at a time.</summary>
    public void Apply(ReadOnlySpan<ConsumedRecord> records, long position)
    {
        guard.EnterReadLock();
        try
        {
            ThrowIfClosed();
            using var batchScope = batchGate.EnterScope();
            RocksDbNative.WriteBatchClear(batch);
            foreach (ref readonly var record in records)
            {
                var key = record.Key ?? [];
                fixed (byte* k = key)
                {
                    if (record.Value is { } value)
                    {
                        fixed (byte* v = value)
                        {
                            RocksDbNative.WriteBatchPut(batch, k, (nuint)key.Length, v, (nuint)value.Length);
                        }
                    }
                    else
                    {
                        RocksDbNative.WriteBatchDelete(batch, k, (nuint)key.Length);
                    }
                }
            }

            PutPosition(position);
            RocksDbNative.Write(db, environment.WriteOptions, batch, out var error);
            RocksDbNative.Check(error, "apply changelog records");
            Position = position;
        }
        finally
        {
            guard.ExitReadLock();
        }
    }

    /// <summary>
    /// Writes agents' changes, each a key and a value (or a deletion) in <paramref name="bytes"/>, and, when given,
    /// the changelog position they reach, in one batch.
    /// </summary>
    public void Write(ReadOnlySpan<byte> bytes, ReadOnlySpan<Change> changes, long? position)
    {
        guard.EnterReadLock();
        try
        {
            ThrowIfClosed();
            using var batchScope = batchGate.EnterScope();
            RocksDbNative.WriteBatchClear(batch);
            fixed (byte* start = bytes)
            {
                foreach (ref readonly var change in changes)
                {
                    if (change.ValueLength >= 0)
                    {
                        RocksDbNative.WriteBatchPut(batch, start + change.KeyStart, (nuint)change.KeyLength, start + change.ValueStart, (nuint)change.ValueLength);
                    }
                    else
                    {
                        RocksDbNative.WriteBatchDelete(batch, start + change.KeyStart, (nuint)change.KeyLength);
                    }
                }
            }

            if (position is { } reached)
            {
                PutPosition(reached);
            }

            RocksDbNative.Write(db, environment.WriteOptions, batch, out var error);
            RocksDbNative.Check(error, "write table changes");
            if (position is { } written)
            {
                Position = written;
            }
        }
        finally
        {
            guard.ExitReadLock();
        }
    }

    /// <summary>Every entry, copied out (the iterator does not outlive the call).</summary>
    public List<(byte[] Key, byte[] Value)> Entries()
    {
        var entries = new List<(byte[], byte[])>();
        Scan(entries, static (list, key, value) => list.Add((key.ToArray(), value.ToArray())));
        return entries;
    }

    public long Count()
    {
        var count = new StrongBox<long>();
        Scan(count, static (box, _, _) => box.Value++);
        return count.Value;
    }

    /// <summary>Flushes memtables to disk (the write-ahead log is off) and closes the instance.</summary>
    public void Dispose()
    {
        guard.EnterWriteLock();
        try
        {
            if (db == 0)
            {
                return;
            }

            var flush = RocksDbNative.FlushOptionsCreate();
            RocksDbNative.FlushOptionsSetWait(flush, 1);
            RocksDbNative.Flush(db, flush, out var error);
            RocksDbNative.FlushOptionsDestroy(flush);
            RocksDbNative.WriteBatchDestroy(batch);
            RocksDbNative.ColumnFamilyHandleDestroy(defaultFamily);
            RocksDbNative.ColumnFamilyHandleDestroy(metaFamily);
            RocksDbNative.Close(db);
            (db, batch) = (0, 0);
            RocksDbNative.Check(error, $"flush '{Path}'");
        }
        finally
        {
            guard.ExitWriteLock();
        }
    }

    private void Scan<TState>(TState state, Action<TState, ReadOnlySpan<byte>, ReadOnlySpan<byte>> visit)
    {
        guard.EnterReadLock();
        try
        {
            ThrowIfClosed();
            var iterator = RocksDbNative.CreateIterator(db, environment.ReadOptions);
            try
            {
                for (RocksDbNative.IterSeekToFirst(iterator); RocksDbNative.IterValid(iterator) != 0; RocksDbNative.IterNext(iterator))
                {
                    var key = RocksDbNative.IterKey(iterator, out var keyLength);
                    var value = RocksDbNative.IterValue(iterator, out var valueLength);
                    visit(state, new ReadOnlySpan<byte>(key, checked((int)keyLength)), new ReadOnlySpan<byte>(value, checked((int)valueLength)));
                }

                RocksDbNative.IterGetError(iterator, out var error);
                RocksDbNative.Check(error, "iterate");
            }
            finally
            {
                RocksDbNative.IterDestroy(iterator);
            }
        }
        finally
        {
            guard.ExitReadLock();
        }
    }

    private void PutPosition(long position)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, position);
        fixed (byte* k = PositionKey)
        fixed (byte* v = bytes)
        {
            RocksDbNative.WriteBatchPutCf(batch, metaFamily, k, (nuint)PositionKey.Length, v, 8);
        }
    }

    private long ReadPosition()
    {
        fixed (byte* k = PositionKey)
        {
            var slice = RocksDbNative.GetPinnedCf(db, environment.ReadOptions, metaFamily, k, (nuint)PositionKey.Length, out var error);
            RocksDbNative.Check(error, "read the changelog position");
            if (slice == 0)
            {
                return 0;
            }

            try
            {
                var value = RocksDbNative.PinnableSliceValue(slice, out var length);
                return length == 8 ? BinaryPrimitives.ReadInt64LittleEndian(new ReadOnlySpan<byte>(value, 8)) : 0;
            }
            finally
            {
                RocksDbNative.PinnableSliceDestroy(slice);
            }
        }
    }

    private void ThrowIfClosed()
    {
        if (db == 0)
        {
            throw new ObjectDisposedException(Path, "The table partition's RocksDB instance is closed (the partition was revoked).");
        }
    }

    private sealed class StrongBox<T>
    {
        public T Value = default!;
    }
}

/// <summary>An agent's change in a buffer of encoded keys and values: where its key is, and where its value is
/// (<see cref="ValueLength"/> -1 for a deletion).</summary>
internal readonly record struct Change(int KeyStart, int KeyLength, int ValueStart, int ValueLength);

/// <summary>Reads a value from bytes that are valid only during the call.</summary>
internal delegate TResult ReadSpan<TState, TResult>(ReadOnlySpan<byte> bytes, TState state);
