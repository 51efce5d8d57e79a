using FaustGen.Transport;

namespace FaustGen.Processing;

/// <summary>
/// A run of consecutive records of one partition handed to the agents that subscribe to its topic. One batch
/// goes to every subscriber; the last one to finish returns it to the pool, so steady-state delivery
/// allocates nothing.
/// </summary>
internal sealed class RecordBatch
{
    public const int Capacity = 128;

    private static readonly Lock PoolGate = new();
    private static readonly Stack<RecordBatch> Pool = new();

    private int references;

    public ConsumedRecord[] Records { get; } = new ConsumedRecord[Capacity];

    public int Count { get; private set; }

    public AssignedPartition Partition { get; private set; } = null!;

    /// <summary>The tracker sequence of <c>Records[0]</c>; record i has sequence <c>FirstSequence + i</c>.</summary>
    public long FirstSequence { get; private set; }

    public static RecordBatch Rent(AssignedPartition partition, ReadOnlySpan<ConsumedRecord> records, long firstSequence, int receivers)
    {
        RecordBatch? batch;
        lock (PoolGate)
        {
            Pool.TryPop(out batch);
        }

        batch ??= new RecordBatch();
        records.CopyTo(batch.Records);
        batch.Count = records.Length;
        batch.Partition = partition;
        batch.FirstSequence = firstSequence;
        batch.references = receivers;
        return batch;
    }

    public EventHandle HandleOf(int index) => new(Partition.Tracker, FirstSequence + index);

    /// <summary>Called by each receiver when done reading the batch.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref references) != 0)
        {
            return;
        }

        Array.Clear(Records, 0, Count);
        Count = 0;
        Partition = null!;
        lock (PoolGate)
        {
            if (Pool.Count < 1024)
            {
                Pool.Push(this);
            }
        }
    }
}
