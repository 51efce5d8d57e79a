namespace FaustGen.Tables;

/// <summary>
/// The rebuilding of one table partition number (every table's partition of that number) after it was assigned
/// to this worker. The poll loop holds back the source partitions of that number until it completes.
/// </summary>
internal sealed class PartitionRecovery(int partition, int tables)
{
    private readonly Lock gate = new();
    private int pending = tables;
    private bool cancelled;
    private Action<PartitionRecovery>? onDone;

    /// <summary>The partition number.</summary>
    public int Partition { get; } = partition;

    /// <summary>Whether every table's partition is rebuilt.</summary>
    public bool IsComplete
    {
        get
        {
            lock (gate)
            {
                return pending == 0;
            }
        }
    }

    /// <summary>Calls <paramref name="callback"/> once every table's partition is rebuilt (at once if it is),
    /// never if the partition is revoked first.</summary>
    public void WhenComplete(Action<PartitionRecovery> callback)
    {
        lock (gate)
        {
            if (pending > 0)
            {
                onDone = callback;
                return;
            }

            if (cancelled)
            {
                return;
            }
        }

        callback(this);
    }

    /// <summary>One table's partition is rebuilt.</summary>
    public void TableDone()
    {
        Action<PartitionRecovery>? callback;
        lock (gate)
        {
            if (cancelled || pending == 0 || --pending > 0)
            {
                return;
            }

            callback = onDone;
            onDone = null;
        }

        callback?.Invoke(this);
    }

    /// <summary>The partition was revoked: the callback is never called.</summary>
    public void Cancel()
    {
        lock (gate)
        {
            cancelled = true;
            onDone = null;
        }
    }
}
