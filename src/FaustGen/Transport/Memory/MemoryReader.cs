namespace FaustGen.Transport.Memory;

/// <summary>Reads partitions of the in-memory broker assigned by hand.</summary>
internal sealed class MemoryReader(MemoryBroker broker) : ITransportReader, IMemoryWatcher
{
    private readonly Dictionary<TopicPartition, long> positions = [];
    private readonly List<TopicPartition> order = [];
    private readonly ManualResetEventSlim signal = new(false);
    private int next;

    public void Assign(IReadOnlyCollection<TopicPartitionOffset> partitions)
    {
        foreach (var p in partitions)
        {
            var tp = p.TopicPartition;
            var partition = broker.Partition(tp);
            if (positions.TryAdd(tp, p.Offset))
            {
                order.Add(tp);
                partition.Watch(this);
            }
            else
            {
                positions[tp] = p.Offset;
            }
        }

        signal.Set();
    }

    public void Unassign(IReadOnlyCollection<TopicPartition> partitions)
    {
        foreach (var tp in partitions)
        {
            if (positions.Remove(tp))
            {
                order.Remove(tp);
                broker.Partition(tp).Unwatch(this);
            }
        }
    }

    public int Read(Span<ConsumedRecord> buffer, TimeSpan timeout)
    {
        var count = Fetch(buffer);
        if (count > 0)
        {
            return count;
        }

        signal.Reset();
        count = Fetch(buffer);
        if (count > 0)
        {
            return count;
        }

        signal.Wait(timeout);
        return Fetch(buffer);
    }

    /// <summary>The in-memory log has no transaction markers: the position is the offset after the last record read.</summary>
    public long GetPosition(TopicPartition partition) => positions.TryGetValue(partition, out var position) ? position : -1;

    public (long Low, long High) GetWatermarks(TopicPartition partition)
    {
        var log = broker.Partition(partition);
        return (log.StartOffset, log.EndOffset);
    }

    public void Wake() => signal.Set();

    public void Dispose()
    {
        Unassign([.. order]);
        signal.Dispose();
    }

    private int Fetch(Span<ConsumedRecord> buffer)
    {
        var written = 0;
        for (var i = 0; i < order.Count && written < buffer.Length; i++)
        {
            var tp = order[(next + i) % order.Count];
            written += broker.Partition(tp).Read(positions[tp], buffer[written..], out var position);
            positions[tp] = position;
        }

        next = order.Count == 0 ? 0 : (next + 1) % order.Count;
        return written;
    }
}

/// <summary>Something waiting for records of a memory partition.</summary>
internal interface IMemoryWatcher
{
    /// <summary>A record was appended to a watched partition.</summary>
    void Wake();
}
