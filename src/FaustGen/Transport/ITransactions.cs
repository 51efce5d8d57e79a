namespace FaustGen.Transport;

/// <summary>
/// The transactions of an app's producer under exactly-once: every message the app sends joins the transaction that is
/// open, and committing it makes those messages and the offsets the worker consumed visible together, to read_committed
/// readers; nothing of an aborted transaction ever is. Called from the app's poll loop only.
/// </summary>
public interface ITransactions
{
    /// <summary>
    /// Commits the open transaction with <paramref name="offsets"/> (each the offset of the next message to read) as the
    /// consumed positions of <paramref name="member"/>, whose group membership fences a member of an older generation
    /// (a zombie), and begins the next, within <paramref name="timeout"/>. Throws when the transaction could not be
    /// committed: it is then aborted, or left for the broker to abort.
    /// </summary>
    void Commit(ITransportConsumer member, IReadOnlyCollection<TopicPartitionOffset> offsets, TimeSpan timeout);

    /// <summary>
    /// After a transaction could not be committed (<paramref name="error"/> is what the commit threw, or null when
    /// messages sent in it were lost): leaves it to be aborted and begins a new one under the same transactional id, with
    /// a new producer if needed; sends wait meanwhile. Returns false, changing nothing, when the failure does not allow
    /// going on (a fatal producer error other than being fenced): the worker then stops.
    /// </summary>
    bool Renew(Exception? error);
}
