using System.Runtime.CompilerServices;
using FaustGen.Transport;

namespace FaustGen.Processing;

/// <summary>
/// One actor's position in its inbox: the batch it is reading and the record it is at. It outlives the
/// streams of the actor, so a stream restarted after an error goes on where the failed one stopped. Moving
/// on skips the records of partitions that were revoked. The partition of the record it is at counts as
/// in flight: a revocation waits until no cursor is at one of the partitions it takes away. Events the agent holds back
/// for a retry (<see cref="PartitionHolds"/>) come before the inbox, and records of a held partition are parked there.
/// </summary>
internal sealed class InboxCursor(Inbox inbox, PartitionHolds? holds)
{
    private RecordBatch? batch;
    private int index;
    private AssignedPartition? partition;
    // A wait for the inbox that a pulse of the holds came before: the next wait takes it up rather than starting another
    // (the inbox of a single actor allows one waiting reader).
    private Task<bool>? pendingRead;

    /// <summary>The record the cursor is at.</summary>
    public ConsumedRecord Record { get; private set; }

    /// <summary>The handle that acknowledges <see cref="Record"/>.</summary>
    public EventHandle Handle { get; private set; }

    /// <summary>Which attempt in place at <see cref="Record"/> this is (1 but for events retried in place).</summary>
    public int Attempt { get; private set; } = 1;

    /// <summary>Whether <see cref="Record"/>'s attempts in place are spent: it goes where spent retries go.</summary>
    public bool GivenUp { get; private set; }

    /// <summary>Whether the cursor is at a record.</summary>
    public bool HasRecord => partition is not null;

    /// <summary>The partition of the record the cursor is at, or null. Read from any thread.</summary>
    public AssignedPartition? InFlight => Volatile.Read(ref partition);

    /// <summary>Moves to the next record if one is at hand, without waiting.</summary>
    public bool TryMoveNext()
    {
        Leave();
        while (holds is { Watching: true } && holds.TryTake(out var held))
        {
            if (Enter(held.Partition))
            {
                Record = held.Record;
                Handle = held.Handle;
                Attempt = held.Attempt;
                GivenUp = held.GivenUp;
                return true;
            }
        }

        while (true)
        {
            if (batch is not null)
            {
                if (++index < batch.Count)
                {
                    // In flight first, then the check, each side with a full fence: a revocation marked after the
                    // check waits for this record, and one marked before it is seen here, so the record is never
                    // started unseen by a revocation (which would then commit and release under it).
                    if (Enter(batch.Partition))
                    {
                        Record = batch.Records[index];
                        Handle = batch.HandleOf(index);
                        if (holds is { Watching: true } && holds.TryHold(batch.Partition, Record, Handle))
                        {
                            Leave();
                            continue;
                        }

                        Attempt = 1;
                        GivenUp = false;
                        return true;
                    }
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

    /// <summary>Counts the cursor in flight on <paramref name="state"/>, unless it is revoked.</summary>
    private bool Enter(AssignedPartition state)
    {
        Interlocked.Exchange(ref partition, state);
        if (!state.Revoked)
        {
            return true;
        }

        Volatile.Write(ref partition, null);
        return false;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WaitAndMoveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (holds is { Watching: true })
            {
                // Events held back may become ready while the inbox is empty: wait for either.
                var pulse = holds.Pulse;
                if (TryMoveNext())
                {
                    return true;
                }

                var readable = pendingRead ??= inbox.Reader.WaitToReadAsync(cancellationToken).AsTask();
                await Task.WhenAny(readable, pulse).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (readable.IsCompleted)
                {
                    pendingRead = null;
                    if (readable.IsCompletedSuccessfully && !readable.Result)
                    {
                        return false;
                    }
                }
            }
            else if (pendingRead is { } earlier)
            {
                pendingRead = null;
                await ((Task)earlier).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                cancellationToken.ThrowIfCancellationRequested();
                if (earlier.IsCompletedSuccessfully && !earlier.Result)
                {
                    return false;
                }
            }
            else if (!await inbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            if (TryMoveNext())
            {
                return true;
            }
        }
    }
}
