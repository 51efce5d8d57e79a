using System.Diagnostics;
using FaustGen.Transport;

namespace FaustGen.Tables;

/// <summary>The recovery thread: each round opens new jobs' partitions, learns where recoveries end, (un)assigns the
/// reader, applies what it read, and completes the recoveries that reached their end.</summary>
internal sealed partial class TableRecovery
{
    private void Run()
    {
        var buffer = new ConsumedRecord[2048];
        ITransportReader? reader = null;
        var nextPlan = Environment.TickCount64;
        var failures = 0;
        try
        {
            while (!stopping)
            {
                try
                {
                    reader ??= transport.CreateReader(app.Settings.ClientId + "-tables");
                    if (app.Settings.StandbyReplicas > 0 && Environment.TickCount64 >= nextPlan)
                    {
                        PlanStandbys();
                        nextPlan = Environment.TickCount64 + PlanIntervalMs;
                    }

                    if (Prepare(reader))
                    {
                        var count = reader.Read(buffer, ReadTimeout);
                        Apply(buffer.AsSpan(0, count));
                    }
                    else if (!Complete(reader))
                    {
                        wake.WaitOne(ReadTimeout);
                        continue;
                    }

                    Complete(reader);
                    failures = 0;
                    report.Progress(ActiveRecoveries);
                    if (Stalled() is { } stalled)
                    {
                        // librdkafka sometimes fetches nothing more for a partition after a broker came back (seen on the
                        // embedded cluster after a broker bounce): a new reader starts from where the stores are.
                        throw new TimeoutException(
                            $"table {stalled.Table.Name} partition {stalled.Partition} read nothing for {StallTimeout.TotalSeconds} s at offset {stalled.Position} of {stalled.End}");
                    }
                }
                catch (Exception ex)
                {
                    if (stopping)
                    {
                        // Stopping while a broker call failed (the worker may be cut off): nothing is left to do.
                        break;
                    }

                    // The broker may be unreachable for a while: start over with a new reader, where the stores are,
                    // trying less often the longer it lasts.
                    report.ReadFailed(ex);
                    reader?.Dispose();
                    reader = null;
                    lock (gate)
                    {
                        unassign.Clear();
                        foreach (var job in jobs.Values.Where(j => j.Phase == RecoveryPhase.Reading))
                        {
                            job.Phase = RecoveryPhase.Opened;
                        }
                    }

                    wake.WaitOne(RetryWait(++failures));
                }
            }
        }
        finally
        {
            reader?.Dispose();
            Array.Clear(buffer);
            stopped.TrySetResult();
        }
    }

    /// <summary>A recovery whose reader has not moved it for <see cref="StallTimeout"/>, or null.</summary>
    private RecoveryJob? Stalled()
    {
        lock (gate)
        {
            var now = Environment.TickCount64;
            return jobs.Values.FirstOrDefault(j => j.Recovering && j.Phase == RecoveryPhase.Reading && j.End > j.Position &&
                now - j.MovedAt > (long)StallTimeout.TotalMilliseconds);
        }
    }

    private static TimeSpan RetryWait(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxRetryWait.TotalMilliseconds, ReadTimeout.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 10))));

    /// <summary>Opens new jobs' partitions, learns where recoveries end, and (un)assigns the reader; returns whether
    /// anything is being read.</summary>
    private bool Prepare(ITransportReader reader)
    {
        List<TopicPartition> gone;
        List<RecoveryJob> pending;
        List<RecoveryJob> toOpen;
        lock (gate)
        {
            gone = [.. unassign];
            unassign.Clear();
            pending = [.. jobs.Values.Where(j => j.Phase != RecoveryPhase.Reading || (j.Recovering && j.End < 0))];
            toOpen = [.. pending.Where(j => j.Phase == RecoveryPhase.Unopened)];
            foreach (var job in toOpen)
            {
                job.Phase = RecoveryPhase.Opening;
            }
        }

        if (gone.Count > 0)
        {
            reader.Unassign(gone);
        }

        if (toOpen.Count > 0)
        {
            opener.Open(toOpen);
        }

        foreach (var job in pending)
        {
            // The watermark is a broker round trip: ask outside the lock.
            var end = job.Recovering && job.End < 0 ? reader.GetWatermarks(job.Changelog).High : -1;
            lock (gate)
            {
                if (!jobs.TryGetValue(job.Changelog, out var current) || current != job || !job.IsOpen)
                {
                    continue;
                }

                if (job.Recovering && job.End < 0 && end >= 0)
                {
                    job.End = end;
                    job.Started = Stopwatch.GetTimestamp();
                    job.From = job.Position;
                    report.Started(job);
                }

                if (job.Phase == RecoveryPhase.Opened && !(job.Recovery is not null && job.ReachedEnd))
                {
                    reader.Assign([new TopicPartitionOffset(job.Changelog.Topic, job.Changelog.Partition, job.Position)]);
                    job.Phase = RecoveryPhase.Reading;
                    job.MovedAt = Environment.TickCount64;
                }
            }
        }

        lock (gate)
        {
            return jobs.Values.Any(j => j.Phase == RecoveryPhase.Reading);
        }
    }

    /// <summary>The opener opened <paramref name="job"/>'s partition at <paramref name="position"/>. A job revoked
    /// meanwhile, and not taken up again since, gets its partition closed as the revocation would have.</summary>
    private void OnOpened(RecoveryJob job, long position)
    {
        lock (gate)
        {
            if (jobs.TryGetValue(job.Changelog, out var current) && current == job)
            {
                job.Phase = RecoveryPhase.Opened;
                job.Position = position;
            }
            else if (!(owned.ContainsKey(job.Partition) || jobs.ContainsKey(job.Changelog)))
            {
                job.Table.Close(job.Partition);
            }
        }

        wake.Set();
    }

    /// <summary>The opener could not open <paramref name="job"/>'s partition: the next round tries again.</summary>
    private void OnOpenFailed(RecoveryJob job, Exception error)
    {
        report.OpenFailed(job, error);
        lock (gate)
        {
            if (job.Phase == RecoveryPhase.Opening)
            {
                job.Phase = RecoveryPhase.Unopened;
            }
        }

        wake.Set();
    }

    private void Apply(ReadOnlySpan<ConsumedRecord> records)
    {
        var start = 0;
        while (start < records.Length)
        {
            var end = start + 1;
            // Runs are applied under the lock a revocation takes: keep them short so it never waits long.
            while (end < records.Length && end - start < MaxRun && records[end].Partition == records[start].Partition &&
                   string.Equals(records[end].Topic, records[start].Topic, StringComparison.Ordinal))
            {
                end++;
            }

            var run = records[start..end];
            var tp = new TopicPartition(run[0].Topic, run[0].Partition);
            lock (gate)
            {
                if (jobs.TryGetValue(tp, out var job) && job.Phase == RecoveryPhase.Reading)
                {
                    // Records from before a revocation and reassignment may still arrive: skip what the store has.
                    var skip = 0;
                    while (skip < run.Length && run[skip].Offset < job.Position)
                    {
                        skip++;
                    }

                    if (skip < run.Length)
                    {
                        var fresh = run[skip..];
                        var position = fresh[^1].Offset + 1;
                        job.Table.Apply(job.Partition, fresh, position);
                        job.Position = position;
                        job.MovedAt = Environment.TickCount64;
                        report.Replayed(job, fresh.Length);
                    }
                }
            }

            start = end;
        }
    }

    /// <summary>Finishes recoveries that reached their end: the partition becomes visible and its source partitions go
    /// (a global table's partition stays on the reader). Returns whether any did.</summary>
    private bool Complete(ITransportReader reader)
    {
        List<PartitionRecovery> done = [];
        List<TopicPartition> finished = [];
        List<ITable> caughtUp = [];
        lock (gate)
        {
            foreach (var job in jobs.Values)
            {
                if (job.Recovering && job.Phase == RecoveryPhase.Reading && job.End > job.Position && reader.GetPosition(job.Changelog) >= job.End)
                {
                    // What is left before the end is not data (a transaction's commit marker, aborted records).
                    job.Position = job.End;
                }

                if (job.ReachedEnd)
                {
                    report.Completed(job);
                    job.Table.Activate(job.Partition);
                    if (job.Recovery is { } recovery)
                    {
                        finished.Add(job.Changelog);
                        done.Add(recovery);
                    }
                    else
                    {
                        job.Activated = true;
                        caughtUp.Add(job.Table);
                    }
                }
            }

            foreach (var table in caughtUp.Distinct())
            {
                if (jobs.Values.All(j => j.Table != table || j.Activated) && --globalsBehind == 0)
                {
                    done.AddRange(awaitingGlobals);
                    awaitingGlobals.Clear();
                }
            }

            foreach (var tp in finished)
            {
                if (jobs.Remove(tp, out var job) && job.Phase == RecoveryPhase.Reading)
                {
                    reader.Unassign([tp]);
                }
            }
        }

        foreach (var recovery in done)
        {
            recovery.TableDone();
        }

        return done.Count > 0 || caughtUp.Count > 0;
    }
}
