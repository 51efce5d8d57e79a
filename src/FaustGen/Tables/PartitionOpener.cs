namespace FaustGen.Tables;

/// <summary>
/// Opens the table partitions of new recovery jobs on a thread of its own, one after the other, while the changelog
/// reader goes on with those already open: a persistent store's open is file system work (tens of milliseconds, mostly
/// waiting for the disk), which then overlaps the replay.
/// </summary>
/// <param name="opened">Called with each job opened and the changelog position its partition is at.</param>
/// <param name="failed">Called with each job whose partition could not be opened (the next round tries again).</param>
/// <param name="stopping">Whether the recovery is stopping (nothing more is opened).</param>
internal sealed class PartitionOpener(Action<RecoveryJob, long> opened, Action<RecoveryJob, Exception> failed, Func<bool> stopping)
{
    /// <summary>Opens the partitions of <paramref name="jobs"/>, in order, in the background.</summary>
    public void Open(List<RecoveryJob> jobs) =>
        Task.Factory.StartNew(() => OpenAll(jobs), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void OpenAll(List<RecoveryJob> jobs)
    {
        foreach (var job in jobs)
        {
            if (stopping())
            {
                return;
            }

            try
            {
                job.Table.Open(job.Partition);
                opened(job, job.Table.Position(job.Partition));
            }
            catch (Exception ex)
            {
                if (!stopping())
                {
                    failed(job, ex);
                }
            }
        }
    }
}
