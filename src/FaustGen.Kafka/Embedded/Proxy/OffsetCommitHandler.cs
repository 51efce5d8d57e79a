namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// OffsetCommit (v0-7): an offset the broker stores for a group partition replaces the one a transaction committed
/// before, as with Kafka, where the last commit wins: the ledger forgets its own, and OffsetFetch returns the broker's.
/// </summary>
internal sealed class OffsetCommitHandler(TransactionLedger ledger)
{
    /// <summary>Reads the group id, the only field needed: the response names the partitions and whether each was stored.</summary>
    public Exchange Read(short version, ref WireReader request)
    {
        var group = request.String() ?? string.Empty;
        return Exchange.Then((ref body) =>
        {
            if (version >= 3)
            {
                body.Int32();
            }

            TopicArrays.Read(ref body, (topic, ref message) =>
            {
                var partition = message.Int32();
                if (message.Int16() == 0)
                {
                    ledger.OffsetCommitted(group, topic, partition);
                }
            });

            return Rewrite.Unchanged;
        });
    }
}
