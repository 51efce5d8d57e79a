using System.Diagnostics;

namespace FaustGen.Chaos;

/// <summary>One incarnation of a worker slot: the app, how it was configured, and how it ended.</summary>
internal sealed class Worker
{
    public Worker(Scenario scenario, int slot, int incarnation, string brokerUrl, string appId, int replicationFactor, string dataRoot, RunLog log)
    {
        Slot = slot;
        Name = $"w{slot}.{incarnation}";
        App = new CountingApp { LoggerFactory = log.For(Name) };
        var settings = App.Settings;
        settings.Id = appId;
        settings.Broker = brokerUrl;
        settings.ReplicationFactor = replicationFactor;
        // Unique per incarnation: isolating one cuts off this incarnation's clients only.
        settings.ClientId = $"chaos-{appId}-w{slot}-{incarnation}";
        settings.ProcessingGuarantee = scenario.Guarantee;
        settings.CommitInterval = scenario.CommitInterval;
        settings.ShutdownTimeout = TimeSpan.FromSeconds(5);
        settings.ClusterHeartbeatInterval = TimeSpan.FromMilliseconds(500);
        settings.WebEnabled = false;
        // A lost worker's open transaction is aborted by the broker this long after it began (Kafka Streams' default).
        settings.BrokerProperties["producer.transaction.timeout.ms"] = "10000";
        if (scenario.Fault == BrokerFault.LongOutage)
        {
            // Shorter than the outage, so sends queued for the missing leader fail while it is down.
            settings.BrokerProperties["producer.message.timeout.ms"] = "4000";
        }

        if (scenario.Store == StoreKind.RocksDb)
        {
            settings.Store = "rocksdb://";
            // A static member, restarted with its predecessor's identity and data directory (an abandoned predecessor
            // still holds its directory open, so its successor starts from an empty one).
            settings.InstanceId = $"slot-{slot}";
            settings.DataDirectory = Path.Combine(dataRoot, scenario.Kill == KillStyle.Abandon ? $"slot-{slot}.{incarnation}" : $"slot-{slot}");
        }
        else
        {
            settings.Store = "memory://";
        }
    }

    public int Slot { get; }

    public string Name { get; }

    public CountingApp App { get; }

    /// <summary>Whether the harness killed it (an app it killed may end Failed: that is not held against it).</summary>
    public bool Killed { get; set; }

    /// <summary>How long its disposal took after it was cut off, once disposed.</summary>
    public TimeSpan? StopTime { get; private set; }

    /// <summary>Disposes the app, timing it.</summary>
    public async Task DisposeAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await App.DisposeAsync();
        StopTime = Stopwatch.GetElapsedTime(started);
    }
}
