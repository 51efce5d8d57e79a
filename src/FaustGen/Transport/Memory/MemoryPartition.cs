namespace FaustGen.Transport.Memory;

/// <summary>
/// One partition of an in-memory topic: an append-only log with offsets. Compaction removes superseded
/// records, leaving gaps in the offsets exactly as a compacted Kafka partition does.
/// </summary>
internal sealed class MemoryPartition(string topic, int partition)
{
    private readonly Lock gate = new();
    private readonly List<ConsumedRecord> records = [];
    private readonly List<IMemoryWatcher> watchers = [];
    private long nextOffset;

    /// <summary>The offset the next record gets (Kafka's high watermark).</summary>
    public long EndOffset
    {
        get
        {
            lock (gate)
            {
                return nextOffset;
            }
        }
    }

    /// <summary>The offset of the oldest record kept, or <see cref="EndOffset"/> when empty.</summary>
    public long StartOffset
    {
        get
        {
            lock (gate)
            {
                return records.Count > 0 ? records[0].Offset : nextOffset;
            }
        }
    }

    public RecordMetadata Append(in OutgoingMessage message)
    {
        lock (gate)
        {
            var timestamp = message.Timestamp ?? DateTimeOffset.UtcNow;
            var record = new ConsumedRecord(topic, partition, nextOffset, timestamp, message.Key, message.Value, message.Headers);
            records.Add(record);
            nextOffset++;
            foreach (var watcher in watchers)
            {
                watcher.Wake();
            }

            return new RecordMetadata(topic, partition, record.Offset, timestamp);
        }
    }

    /// <summary>Copies records from offset <paramref name="from"/> on into <paramref name="buffer"/>; returns
    /// how many, and the offset to read next.</summary>
    public int Read(long from, Span<ConsumedRecord> buffer, out long next)
    {
        lock (gate)
        {
            var index = IndexOf(from);
            var count = Math.Min(buffer.Length, records.Count - index);
            for (var i = 0; i < count; i++)
            {
                buffer[i] = records[index + i];
            }

            next = count > 0 ? buffer[count - 1].Offset + 1 : Math.Max(from, records.Count > 0 ? records[0].Offset : nextOffset);
            return count;
        }
    }

    /// <summary>Keeps only the newest record of each key (records without key are kept); returns how many were removed.</summary>
    public int Compact()
    {
        lock (gate)
        {
            var newest = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var record in records)
            {
                if (record.Key is { } key)
                {
                    newest[Convert.ToBase64String(key)] = record.Offset;
                }
            }

            return records.RemoveAll(r => r.Key is { } key && newest[Convert.ToBase64String(key)] != r.Offset);
        }
    }

    public void Watch(IMemoryWatcher consumer)
    {
        lock (gate)
        {
            watchers.Add(consumer);
        }
    }

    public void Unwatch(IMemoryWatcher consumer)
    {
        lock (gate)
        {
            watchers.Remove(consumer);
        }
    }

    private int IndexOf(long offset)
    {
        // Offsets grow but may have gaps after compaction: find the first record at or after `offset`.
        int lo = 0, hi = records.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (records[mid].Offset < offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
