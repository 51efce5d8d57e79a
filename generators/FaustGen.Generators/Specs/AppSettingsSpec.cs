namespace FaustGen.Generators;

/// <summary>The settings an <c>[App]</c> attribute gives; null where it gives none (or gives an invalid one).</summary>
internal sealed record AppSettingsSpec(
    string? Id,
    string? Broker,
    string? Store,
    string? AvroRegistryUrl,
    string? SchemaRegistryUrl,
    string? ClientId,
    double? CommitIntervalSeconds,
    string? KeySerializer,
    string? ValueSerializer,
    int? StandbyReplicas,
    int? ReplicationFactor,
    int? TopicPartitions);
