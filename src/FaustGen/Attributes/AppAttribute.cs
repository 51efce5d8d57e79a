namespace FaustGen;

/// <summary>
/// Marks a <c>partial</c> class as a FaustGen application. The source generator makes the class
/// derive from <see cref="App"/> and compiles its agents, topics, tables, timers and startup tasks
/// into plain registration code.
/// </summary>
/// <remarks>
/// Every property other than <see cref="Id"/> is optional; a property left out keeps the default
/// documented on <see cref="AppSettings"/>. Values given here are defaults: code and configuration
/// can still override them before the app starts.
/// </remarks>
/// <param name="id">
/// The application id, shared by every worker of the app. It names the Kafka consumer group and
/// prefixes internal topics (changelogs, repartition topics).
/// </param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AppAttribute(string id) : Attribute
{
    /// <summary>The application id.</summary>
    public string Id { get; } = id;

    /// <summary>Broker URL, for example <c>kafka://host1:9092;host2:9092</c>. See <see cref="AppSettings.Broker"/>.</summary>
    public string? Broker { get; set; }

    /// <summary>Table store URL: <c>memory://</c> or <c>rocksdb://</c>. See <see cref="AppSettings.Store"/>.</summary>
    public string? Store { get; set; }

    /// <summary>URL of the schema registry of the <c>avro</c>, <c>json-schema</c> and <c>protobuf</c> codecs. See <see cref="AppSettings.SchemaRegistryUrl"/>.</summary>
    public string? SchemaRegistryUrl { get; set; }

    /// <summary>The older name of <see cref="SchemaRegistryUrl"/>.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public string? AvroRegistryUrl { get; set; }

    /// <summary>Client id reported to the broker. See <see cref="AppSettings.ClientId"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Seconds between commits of processed offsets. See <see cref="AppSettings.CommitInterval"/>.</summary>
    public double CommitIntervalSeconds { get; set; }

    /// <summary>Default codec name for keys, for example <c>raw</c> or <c>json</c>. See <see cref="AppSettings.KeySerializer"/>.</summary>
    public string? KeySerializer { get; set; }

    /// <summary>Default codec name for values, for example <c>json</c>. See <see cref="AppSettings.ValueSerializer"/>.</summary>
    public string? ValueSerializer { get; set; }

    /// <summary>Number of standby replicas of each table partition. See <see cref="AppSettings.StandbyReplicas"/>.</summary>
    public int StandbyReplicas { get; set; }

    /// <summary>Replication factor of the internal topics the app creates. See <see cref="AppSettings.ReplicationFactor"/>.</summary>
    public int ReplicationFactor { get; set; }

    /// <summary>Partition count of the internal topics the app creates. See <see cref="AppSettings.TopicPartitions"/>.</summary>
    public int TopicPartitions { get; set; }
}
