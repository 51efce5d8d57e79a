using FaustGen.Monitoring;

namespace FaustGen;

/// <summary>What the app tells its operators: the monitor, recovery, standbys and lag.</summary>
public abstract partial class App
{
    private AppMonitor? monitor;

    /// <summary>
    /// The monitor (Faust's <c>app.monitor</c>): totals and rates of every instrument on <see cref="Meter"/>, the
    /// app's sensors and yours. It exists once the app has started, and stays readable after it stops.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app has not started.</exception>
    public AppMonitor Monitor => monitor ?? throw new InvalidOperationException(
        $"App '{Settings.Id}' has not started: its monitor is created when it starts.");

    /// <summary>How far rebuilding tables from their changelogs has come; the worker is ready once it is complete.</summary>
    public RecoveryProgress Recovery => RecoverySource?.Invoke() ?? RecoveryProgress.Complete;

    /// <summary>The table partitions this worker keeps as standby copies for other workers
    /// (see <see cref="AppSettings.StandbyReplicas"/>).</summary>
    public IReadOnlyCollection<TopicPartition> Standbys => StandbySource?.Invoke() ?? [];

    /// <summary>Whether the worker serves: it runs and its tables are rebuilt (the readiness health check).</summary>
    public bool IsReady => State == AppState.Running && Recovery.IsComplete;

    /// <summary>Where table recovery reports its progress; until it does, the app counts as recovered.</summary>
    internal Func<RecoveryProgress>? RecoverySource { get; set; }

    /// <summary>Where standby replication reports the partitions it keeps.</summary>
    internal Func<IReadOnlyCollection<TopicPartition>>? StandbySource { get; set; }

    /// <summary>Records of <paramref name="partition"/> this worker has not yet processed, or null when not known.</summary>
    public long? ConsumerLag(TopicPartition partition) => conductor?.Lag(partition);

    /// <summary>Starts the monitor on the app's meter (at start, after the meter).</summary>
    private void StartMonitor(AppMetrics appMetrics)
    {
        monitor?.Dispose();
        monitor = new AppMonitor(this, appMetrics.Meter);
    }
}
