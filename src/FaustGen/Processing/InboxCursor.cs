using System.Runtime.CompilerServices;
using FaustGen.Transport;

namespace FaustGen.Processing;

/// <summary>
/// One actor's position in its inbox: the batch it is reading and the record it is at. It outlives the
/// streams of the actor, so a stream restarted after an error goes on where the failed one stopped. Moving
/// on skips the records of partitions that were revoked. The partition of the record it is at counts as
/// in flight: a revocation waits until no cursor is at one of the partitions it takes away.
/// </summary>
internal sealed class InboxCursor(Inbox inbox)
{
    private RecordBatch? batch;
    private int index;
    private AssignedPartition? partition;

    /// <summary>The record the cursor is at.</summary>
    public ConsumedRecord Record { get; private set; }

    /// <summary>The handle that acknowledges <see cref="Record"/>.</summary>
    public EventHandle Handle { get; private set; }

    /// <summary>Whether the cursor is at a record.</summary>
    public bool HasRecord => partition is not null;

    /// <summary>The partition of the record the cursor is at, or null. Read from any thread.</summary>
    public AssignedPartition? InFlight => Volatile.Read(ref partition);

    /// <summary>Moves to the next record if one is at hand, without waiting.</summary>
    public bool TryMoveNext()
    {
        Leave();
        while (true)
        {
            if (batch is not null)
            {
                if (++index < batch.Count)
                {
                    // In flight first, then the check, each side with a full fence: a revocation marked after the
                    // check waits for this record, and one marked before it is seen here, so the record is never
                    // started unseen by a revocation (which would then commit and release under it).
                    Interlocked.Exchange(ref partition, batch.Partition);
                    if (!batch.Partition.Revoked)
                    {
                        Record = batch.Records[index];
                        Handle = batch.HandleOf(index);
                        return true;
                    }

                    Volatile.Write(ref partition, null);
                }

                batch.Release();
                batch = null;
            }

            if (!inbox.Reader.TryRead(out var next))
            {
                return false;
            }

            batch = next;
            index = -1;
        }
    }

    /// <summary>Moves to the next record, waiting for one; false when the inbox is complete.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken) =>
        TryMoveNext() ? new(true) : WaitAndMoveAsync(cancellationToken);

    /// <summary>Stops counting the current record as in flight (it was acknowledged or given up).</summary>
    public void Leave() => Volatile.Write(ref partition, null);

    /// <summary>Gives back the batch being read.</summary>
    public void Close()
    {
        Leave();
        batch?.Release();
        batch = null;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WaitAndMoveAsync(CancellationToken cancellationToken)
    {
        while (await inbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (TryMoveNext())
            {
                return true;
            }
        }

        return false;
    }
}
