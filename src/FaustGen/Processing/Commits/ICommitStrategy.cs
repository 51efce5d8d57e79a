using FaustGen.Transport;

namespace FaustGen.Processing.Commits;

/// <summary>
/// What a processing guarantee asks of the commit path (<see cref="Committer"/> does the rest the same way for both):
/// when a commit may be made, how offsets are made durable, and what becomes of work that could not be committed.
/// </summary>
internal interface ICommitStrategy
{
    /// <summary>Whether offsets are committed even when none moved (exactly-once: what was sent outside events, such as
    /// cluster-map entries, must not keep a transaction open until it times out).</summary>
    bool CommitsUnmoved { get; }

    /// <summary>Whether work that could not be committed must be undone: the worker then rewinds to its last committed
    /// offsets (exactly-once: the effects wait in a transaction that will abort). At least once, offsets not committed
    /// now are committed later, or processed again by the partition's next owner.</summary>
    bool RewindsUncommitted { get; }

    /// <summary>Gets ready to commit; returns whether a commit may be made now (exactly-once: once every event delivered
    /// so far is done, so that the offsets cover everything the transaction holds).</summary>
    bool Prepare();

    /// <summary>Makes <paramref name="offsets"/> of <paramref name="member"/> durable, within <paramref name="timeout"/>;
    /// throws when they are not.</summary>
    void Commit(ITransportConsumer member, IReadOnlyCollection<TopicPartitionOffset> offsets, TimeSpan timeout);

    /// <summary>The uncommitted work of <paramref name="partitions"/> is given up (exactly-once: their tables forget the
    /// changes of the transaction, which will abort, before they are closed).</summary>
    void Abandon(IReadOnlyCollection<TopicPartition> partitions);

    /// <summary>After a rewind released every partition: gets ready to commit again (exactly-once: a new transaction);
    /// false when that is impossible and the worker must stop. <paramref name="error"/> is why the rewind was needed.</summary>
    bool Renew(Exception? error);
}
