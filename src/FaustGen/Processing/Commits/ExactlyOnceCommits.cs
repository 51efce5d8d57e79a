using FaustGen.Transport;

namespace FaustGen.Processing.Commits;

/// <summary>
/// Exactly once: the offsets go into the producer's open transaction, with everything sent since the last commit
/// (outputs, changelog writes), and commit with it. A commit waits until every event delivered so far is done, so that
/// the offsets cover every effect in the transaction and no event past them had one. Work that cannot be committed is
/// undone: the transaction aborts, the tables forget its changes, and the worker rewinds to its committed offsets.
/// </summary>
/// <param name="transactions">The producer's transactions.</param>
/// <param name="assignment">The partitions held, to wait for.</param>
/// <param name="discardTables">Drops the table partitions of the given partitions' numbers.</param>
internal sealed class ExactlyOnceCommits(ITransactions transactions, Assignment assignment, Action<IReadOnlyCollection<TopicPartition>> discardTables)
    : ICommitStrategy
{
    public bool CommitsUnmoved => true;

    public bool RewindsUncommitted => true;

    public bool Prepare() => assignment.Drain();

    public void Commit(ITransportConsumer member, IReadOnlyCollection<TopicPartitionOffset> offsets, TimeSpan timeout) =>
        transactions.Commit(member, offsets, timeout);

    public void Abandon(IReadOnlyCollection<TopicPartition> partitions) => discardTables(partitions);

    public bool Renew(Exception? error) => transactions.Renew(error);
}
