using FaustGen.Transport;

namespace FaustGen.Tables;

/// <summary>Where a <see cref="RecoveryJob"/> is with its table partition and the changelog reader.</summary>
internal enum RecoveryPhase
{
    /// <summary>Its table partition waits to be opened.</summary>
    Unopened,

    /// <summary>Its table partition is being opened, on the opener's thread.</summary>
    Opening,

    /// <summary>Open at <see cref="RecoveryJob.Position"/>, not read yet: the reader is told to read it at the next round
    /// (or, rebuilt already, it is complete).</summary>
    Opened,

    /// <summary>The reader reads its changelog partition from <see cref="RecoveryJob.Position"/>.</summary>
    Reading,
}

/// <summary>
/// A changelog partition the recovery thread reads into a table partition: an owned partition being rebuilt before its
/// events reach agents (<see cref="Recovery"/> set), a standby copy tailed for a failover, or a partition of a global
/// table, caught up once and then tailed for good. A standby copy becomes an owned one when the worker gets its
/// partition: only what it has not read yet is left. Changed under the recovery's lock.
/// </summary>
internal sealed class RecoveryJob(ITable table, int partition, TopicPartition changelog)
{
    public ITable Table { get; } = table;

    public int Partition { get; } = partition;

    public TopicPartition Changelog { get; } = changelog;

    public RecoveryPhase Phase { get; set; }

    /// <summary>The owned partition's recovery, or null for a standby copy or a global table's partition.</summary>
    public PartitionRecovery? Recovery { get; set; }

    /// <summary>Whether this is a partition of a global table, tailed for good.</summary>
    public bool Global { get; init; }

    /// <summary>Whether a global table's partition has caught up once and is visible to reads.</summary>
    public bool Activated { get; set; }

    /// <summary>Whether the partition is being rebuilt to an end before it can be read: an owned partition, or a global
    /// table's partition that has not caught up yet.</summary>
    public bool Recovering => Recovery is not null || (Global && !Activated);

    /// <summary>Whether its table partition is open (whether or not the reader reads it).</summary>
    public bool IsOpen => Phase is RecoveryPhase.Opened or RecoveryPhase.Reading;

    /// <summary>The next changelog offset to apply.</summary>
    public long Position { get; set; }

    /// <summary>When the reader last moved <see cref="Position"/> or began reading (<see cref="Environment.TickCount64"/>).</summary>
    public long MovedAt { get; set; }

    /// <summary>Where a recovery ends (the end of the log when it started), or -1 until known.</summary>
    public long End { get; set; } = -1;

    /// <summary>Where the recovery started.</summary>
    public long From { get; set; }

    /// <summary>When the recovery started (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long Started { get; set; }

    /// <summary>Whether a recovery has reached its end.</summary>
    public bool ReachedEnd => Recovering && IsOpen && End >= 0 && Position >= End;

    public long Remaining => End < 0 ? 0 : Math.Max(0, End - Position);
}
