namespace FaustGen.Chaos;

/// <summary>How workers are killed.</summary>
public enum KillStyle
{
    /// <summary>Its clients are cut off from the cluster (as if its machine died), then it is disposed.</summary>
    Isolate,

    /// <summary>Its clients are cut off and it is left running, never disposed (a hung process nobody kills).</summary>
    Abandon,

    /// <summary>It is stopped gracefully (a rolling restart).</summary>
    Graceful,
}

/// <summary>What goes wrong with the brokers meanwhile.</summary>
public enum BrokerFault
{
    /// <summary>Nothing: only workers die.</summary>
    None,

    /// <summary>One of three brokers goes down for a second or two now and then.</summary>
    Bounce,

    /// <summary>Requests (produce, fetch, commits, transactions, group membership) fail now and then with retriable errors.</summary>
    Errors,

    /// <summary>One of three brokers, leading partitions, stays down twice as long as the producers' message timeout.</summary>
    LongOutage,
}

/// <summary>The store of the app's table.</summary>
public enum StoreKind
{
    /// <summary><c>memory://</c>: a replacement worker rebuilds from the changelog.</summary>
    Memory,

    /// <summary><c>rocksdb://</c>, each replacement a static member (same InstanceId) reusing its predecessor's data directory.</summary>
    RocksDb,
}

/// <summary>One run of the harness.</summary>
/// <param name="Guarantee">The app's processing guarantee.</param>
/// <param name="Store">The table's store.</param>
/// <param name="Kill">How workers die.</param>
/// <param name="Fault">What the brokers do meanwhile.</param>
/// <param name="Seed">Seeds every random choice: keys, kill times and victims, faults.</param>
/// <param name="Duration">How long events are fed (and workers killed).</param>
public sealed record Scenario(ProcessingGuarantee Guarantee, StoreKind Store, KillStyle Kill, BrokerFault Fault, int Seed, TimeSpan Duration)
{
    /// <summary>Workers running at once.</summary>
    public int Workers { get; init; } = 3;

    /// <summary>Events fed, at a steady rate over <see cref="Duration"/>.</summary>
    public int Events { get; init; } = 30_000;

    /// <summary>Distinct keys.</summary>
    public int Keys { get; init; } = 500;

    /// <summary>Partitions of the source topic (and so of the changelog and output).</summary>
    public int Partitions { get; init; } = 8;

    /// <summary>Shortest time between two kills.</summary>
    public TimeSpan KillEveryMin { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest time between two kills.</summary>
    public TimeSpan KillEveryMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often workers commit.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the survivors may take, after the last kill, to process every event.</summary>
    public TimeSpan ConvergeTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Where run logs go (a folder per run), or null for none.</summary>
    public string? LogDirectory { get; init; }

    /// <summary>A short name: <c>eos-rocksdb-isolate-bounce-s7</c>.</summary>
    public string Name =>
        $"{(Guarantee == ProcessingGuarantee.ExactlyOnce ? "eos" : "alo")}-{Store.ToString().ToLowerInvariant()}-{Kill.ToString().ToLowerInvariant()}-{Fault.ToString().ToLowerInvariant()}-s{Seed}";

    /// <summary>The combination without the seed, for the summary.</summary>
    public string Combination => Name[..Name.LastIndexOf("-s", StringComparison.Ordinal)];
}
