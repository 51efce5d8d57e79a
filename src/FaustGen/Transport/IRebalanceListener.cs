namespace FaustGen.Transport;

/// <summary>Receives partition assignments and revocations of a consumer-group member.</summary>
public interface IRebalanceListener
{
    /// <summary>The member now owns <paramref name="partitions"/> (added to what it owned).</summary>
    void OnPartitionsAssigned(IReadOnlyList<TopicPartition> partitions);

    /// <summary>
    /// The member is giving up <paramref name="partitions"/>. The listener stops dispatch, lets events in flight
    /// finish (within the app's shutdown timeout) and commits what was acknowledged before returning.
    /// </summary>
    void OnPartitionsRevoked(IReadOnlyList<TopicPartition> partitions);

    /// <summary>The member lost <paramref name="partitions"/> without a chance to commit (for example it was
    /// evicted from the group). The listener drops them without committing.</summary>
    void OnPartitionsLost(IReadOnlyList<TopicPartition> partitions);
}
