using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace FaustGen.Tables;

/// <summary>What table recovery tells operators: logs when a partition starts and ends rebuilding and every few seconds
/// while partitions rebuild, and the metrics of records replayed and still to replay.</summary>
internal sealed partial class RecoveryReport
{
    private static readonly long ProgressIntervalMs = 5000;
    private static readonly string[] Kinds = ["recovery", "standby"];

    private readonly ILogger logger;
    private readonly string app;
    private readonly Counter<long> replayed;
    private long nextProgress = Environment.TickCount64 + ProgressIntervalMs;

    public RecoveryReport(App owner, Func<IEnumerable<Measurement<long>>> remaining)
    {
        logger = owner.Logger;
        app = owner.Settings.Id;
        replayed = owner.Meter.CreateCounter<long>(
            "faustgen.recovery.records", "{record}", "Changelog records replayed into tables, by table and kind (recovery of an owned partition, or standby).");
        owner.Meter.CreateObservableGauge(
            "faustgen.recovery.partition.remaining", remaining, "{record}", "Changelog records still to replay before an owned table partition is rebuilt, by table and partition.");
    }

    /// <summary>A job learned where its recovery ends.</summary>
    public void Started(RecoveryJob job)
    {
        if (job.End > job.Position)
        {
            LogRecovering(logger, app, job.Table.Name, job.Partition, job.End - job.Position, job.Position, job.End);
        }
    }

    /// <summary>Records were applied to a job's partition.</summary>
    public void Replayed(RecoveryJob job, int count)
    {
        if (replayed.Enabled)
        {
            replayed.Add(count, new("table", job.Table.Name), new("kind", Kinds[job.Recovering ? 0 : 1]));
        }
    }

    /// <summary>A job's partition is rebuilt.</summary>
    public void Completed(RecoveryJob job)
    {
        var elapsed = job.Started == 0 ? 0 : Stopwatch.GetElapsedTime(job.Started).TotalSeconds;
        LogRecovered(logger, app, job.Table.Name, job.Partition, job.Position - job.From, Math.Round(elapsed, 3),
            elapsed > 0 ? Math.Round((job.Position - job.From) / elapsed) : 0);
    }

    /// <summary>Logs how far the recoveries under way are, every few seconds; <paramref name="active"/> is called under
    /// the recovery's lock, and only when it is time.</summary>
    public void Progress(Func<List<RecoveryJob>> active)
    {
        if (Environment.TickCount64 < nextProgress)
        {
            return;
        }

        nextProgress = Environment.TickCount64 + ProgressIntervalMs;
        var jobs = active();
        if (jobs.Count == 0)
        {
            return;
        }

        var done = jobs.Sum(j => j.Position - j.From);
        var remaining = jobs.Sum(j => j.Remaining);
        var elapsed = jobs.Max(j => Stopwatch.GetElapsedTime(j.Started).TotalSeconds);
        var rate = elapsed > 0 ? done / elapsed : 0;
        LogRecoveryProgress(logger, app, jobs.Count, done, done + remaining, Math.Round(rate), rate > 0 ? Math.Round(remaining / rate, 1) : double.NaN);
    }

    /// <summary>The reader failed (the broker may be out of reach for a while).</summary>
    public void ReadFailed(Exception error) => LogReadFailed(logger, error, app, error.Message);

    /// <summary>A table partition could not be opened.</summary>
    public void OpenFailed(RecoveryJob job, Exception error) => LogOpenFailed(logger, error, app, job.Table.Name, job.Partition, error.Message);

    [LoggerMessage(Level = LogLevel.Information, Message = "App {App} recovering table {Table} partition {Partition}: {Records} changelog records (offsets {From} to {To})")]
    private static partial void LogRecovering(ILogger logger, string app, string table, int partition, long records, long from, long to);

    [LoggerMessage(Level = LogLevel.Information, Message = "App {App} recovered table {Table} partition {Partition}: {Records} records in {Seconds} s ({Rate} records/s)")]
    private static partial void LogRecovered(ILogger logger, string app, string table, int partition, long records, double seconds, double rate);

    [LoggerMessage(Level = LogLevel.Information, Message = "App {App} recovering {Partitions} table partitions: {Done} of {Total} records, {Rate} records/s, about {Seconds} s left")]
    private static partial void LogRecoveryProgress(ILogger logger, string app, int partitions, long done, long total, double rate, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "App {App} could not open partition {Partition} of table {Table}: {Reason}; retrying")]
    private static partial void LogOpenFailed(ILogger logger, Exception error, string app, string table, int partition, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App} could not read its changelogs: {Reason}; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception error, string app, string reason);
}
