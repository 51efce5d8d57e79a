namespace FaustGen.Tables;

/// <summary>
/// The app's tables as this worker holds their partitions: which partition numbers it holds (a number can come from
/// several source topics, and stays held while any of them is), the recovery that rebuilds a number new to the worker,
/// and what a revocation, a commit or an abandoned transaction does to them.
/// </summary>
internal sealed class TablePartitions(App app, IReadOnlyList<ITable> tables, TableRecovery? recovery)
{
    private readonly Dictionary<int, int> held = [];

    /// <summary>The worker gets <paramref name="partitions"/>: tables start rebuilding the partition numbers new to it.
    /// Returns those recoveries; the poll loop holds their source partitions back until each completes.</summary>
    public List<PartitionRecovery> OnAssigned(IReadOnlyList<TopicPartition> partitions)
    {
        var recoveries = new List<PartitionRecovery>();
        lock (held)
        {
            foreach (var tp in partitions)
            {
                held[tp.Partition] = held.GetValueOrDefault(tp.Partition) + 1;
                if (held[tp.Partition] == 1 && recovery is not null)
                {
                    recoveries.Add(recovery.Recover(tp.Partition));
                }
            }
        }

        return recoveries;
    }

    /// <summary>The worker gave up <paramref name="partitions"/>: a partition number no source partition holds any more is
    /// closed in every table (its store keeps it for a while).</summary>
    public void OnRevoked(IReadOnlyList<TopicPartition> partitions)
    {
        if (recovery is not null)
        {
            // Tables checkpoint the changelog offsets of their changes as they close: as many as can be must be confirmed.
            app.Sender.Flush(app.Settings.ShutdownTimeout);
        }

        lock (held)
        {
            foreach (var tp in partitions)
            {
                if (!held.TryGetValue(tp.Partition, out var count))
                {
                    continue;
                }

                if (count > 1)
                {
                    held[tp.Partition] = count - 1;
                    continue;
                }

                held.Remove(tp.Partition);
                recovery?.Revoke(tp.Partition);
            }
        }
    }

    /// <summary>Exactly-once: the changes made to these partitions' tables since the last commit were aborted, so their
    /// local data cannot be trusted; it is dropped, and the next assignment rebuilds it from the committed changelog.</summary>
    public void Discard(IReadOnlyCollection<TopicPartition> partitions)
    {
        foreach (var partition in partitions.Select(tp => tp.Partition).Distinct())
        {
            foreach (var table in tables.Where(t => !t.IsGlobal))
            {
                table.Discard(partition);
            }
        }
    }

    /// <summary>Offsets were committed after the producer flushed: tables checkpoint how far their changelogs go.</summary>
    public void Checkpoint()
    {
        foreach (var table in tables)
        {
            table.Checkpoint();
        }
    }
}
