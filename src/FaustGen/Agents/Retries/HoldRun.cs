namespace FaustGen;

/// <summary>What keeps a partition of an agent held: a retry in place waiting for its next attempt, or an event of a retry
/// topic waiting until it is due. The partition is released when the event it holds is acknowledged.</summary>
internal abstract class HoldRun(PartitionHolds holds, PartitionHold hold)
{
    private int settled;

    protected PartitionHolds Holds { get; } = holds;

    protected PartitionHold Hold { get; } = hold;

    /// <summary>The event was acknowledged (processed, skipped, forwarded or dead-lettered): once, the partition goes on.</summary>
    public void Settle()
    {
        if (Interlocked.Exchange(ref settled, 1) == 0)
        {
            OnSettled();
        }
    }

    /// <summary>The attempt failed and is to be retried in place; false when this hold does not retry in place (the caller
    /// then does what retries do once they are spent).</summary>
    public virtual bool Retry(Exception error) => false;

    protected virtual void OnSettled() => Holds.Release(Hold);
}
