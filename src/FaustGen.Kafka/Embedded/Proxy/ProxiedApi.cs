namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// A request the proxy reads: the highest version it reads, which the cluster makes the brokers' highest (so clients
/// send no later one), and the first flexible version (KIP-482) of the request, from the Kafka protocol.
/// </summary>
internal readonly record struct ProxiedApi(KafkaApiKey Key, short MaxVersion, short FirstFlexibleVersion)
{
    /// <summary>
    /// Every request the proxy reads. OffsetFetch goes to v7, one past the mock's v6, for its require_stable flag
    /// (KIP-447), which the proxy answers and removes before passing the request on as v6 (the same response).
    /// The group requests stop at the last version before a new layout: librdkafka sends JoinGroup v5, SyncGroup and
    /// Heartbeat v3 and LeaveGroup v1 at most.
    /// </summary>
    public static IReadOnlyList<ProxiedApi> All { get; } =
    [
        new(KafkaApiKey.Produce, 8, 9),
        new(KafkaApiKey.Fetch, 11, 12),
        new(KafkaApiKey.ListOffsets, 5, 6),
        new(KafkaApiKey.OffsetCommit, 7, 8),
        new(KafkaApiKey.OffsetFetch, 7, 6),
        new(KafkaApiKey.JoinGroup, 5, 6),
        new(KafkaApiKey.Heartbeat, 3, 4),
        new(KafkaApiKey.LeaveGroup, 2, 4),
        new(KafkaApiKey.SyncGroup, 3, 4),
        new(KafkaApiKey.InitProducerId, 1, 2),
        new(KafkaApiKey.AddPartitionsToTxn, 1, 3),
        new(KafkaApiKey.AddOffsetsToTxn, 1, 3),
        new(KafkaApiKey.EndTxn, 1, 3),
        new(KafkaApiKey.TxnOffsetCommit, 3, 3),
    ];

    /// <summary>The request the proxy reads with this key, if it reads it.</summary>
    public static ProxiedApi? Find(KafkaApiKey key)
    {
        foreach (var api in All)
        {
            if (api.Key == key)
            {
                return api;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="version"/> of the request is flexible.</summary>
    public bool IsFlexible(short version) => version >= FirstFlexibleVersion;
}
