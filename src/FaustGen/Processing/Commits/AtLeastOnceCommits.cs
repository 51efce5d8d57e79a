using FaustGen.Transport;

namespace FaustGen.Processing.Commits;

/// <summary>
/// At least once: acknowledged offsets are committed on their own, whenever asked; one that fails is committed at the
/// next try, or its events are processed again by the partition's next owner. Nothing a worker did is ever undone.
/// </summary>
internal sealed class AtLeastOnceCommits : ICommitStrategy
{
    public bool CommitsUnmoved => false;

    public bool RewindsUncommitted => false;

    public bool Prepare() => true;

    public void Commit(ITransportConsumer member, IReadOnlyCollection<TopicPartitionOffset> offsets, TimeSpan timeout) =>
        member.Commit(offsets, timeout);

    public void Abandon(IReadOnlyCollection<TopicPartition> partitions)
    {
        // What was done stays done: events processed again apply their changes again.
    }

    public bool Renew(Exception? error) => true;
}
