namespace FaustGen.Transport;

/// <summary>What a consumer-group member is configured with.</summary>
public sealed record ConsumerSettings
{
    /// <summary>The consumer group: the app id.</summary>
    public required string GroupId { get; init; }

    /// <summary>The client id.</summary>
    public required string ClientId { get; init; }

    /// <summary>Where to start in a partition that has no committed offset: true for the earliest message (Faust's default).</summary>
    public bool StartFromEarliest { get; init; } = true;
}
