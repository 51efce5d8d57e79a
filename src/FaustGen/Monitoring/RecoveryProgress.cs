namespace FaustGen.Monitoring;

/// <summary>How far this worker has come rebuilding its tables from their changelogs after an assignment.</summary>
/// <param name="IsComplete">Whether every assigned table partition is rebuilt; a worker is ready only then.</param>
/// <param name="RemainingRecords">Changelog records still to replay (0 when complete).</param>
public sealed record RecoveryProgress(bool IsComplete, long RemainingRecords)
{
    /// <summary>Nothing to replay: the app has no tables, or they are rebuilt.</summary>
    public static RecoveryProgress Complete { get; } = new(true, 0);
}
