using Confluent.Kafka;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// Produce (v3-8): the offsets a transactional producer's batches get are the ranges its transaction wrote, which
/// the ledger needs for the last stable offset and aborted-transaction lists; a fenced producer's request is refused
/// with INVALID_PRODUCER_EPOCH; each response's log start offsets let the ledger forget aborted transactions no
/// fetch can reach.
/// </summary>
internal sealed class ProduceHandler(TransactionLedger ledger)
{
    public Exchange Read(short version, ref WireReader request)
    {
        if (version < 3 || request.String() is not { } transactionalId)
        {
            return Exchange.PassOn;
        }

        request.Int16();
        request.Int32();
        var batches = new List<Batch>();
        TopicArrays.Read(ref request, (topic, ref message) =>
        {
            var partition = message.Int32();
            var records = message.Bytes();
            if (RecordBatches.IsTransactional(records))
            {
                batches.Add(new Batch(topic, partition, RecordBatches.ProducerId(records), RecordBatches.RecordCount(records)));
            }
        });

        if (batches.Count == 0)
        {
            return Exchange.PassOn;
        }

        return batches.Exists(b => ledger.IsFenced(transactionalId, b.ProducerId))
            ? Exchange.Answered(Refusal(version, batches))
            : Exchange.Then((ref body) => Written(version, batches, ref body));
    }

    private Rewrite Written(short version, List<Batch> batches, ref WireReader response)
    {
        TopicArrays.Read(ref response, (topic, ref message) =>
        {
            var partition = message.Int32();
            var error = message.Int16();
            var baseOffset = message.Int64();
            message.Int64();
            var logStart = version >= 5 ? message.Int64() : -1;
            if (version >= 8)
            {
                for (var errors = message.ArrayCount(); errors > 0; errors--)
                {
                    message.Int32();
                    message.String();
                }

                message.String();
            }

            // A batch the broker had already written (a retry after a lost answer) is acknowledged without an offset
            // (the mock answers -1): only the answer that placed it tells where it went.
            if (error != 0 || baseOffset < 0)
            {
                return;
            }

            if (batches.Find(b => b.Topic == topic && b.Partition == partition) is { Topic: not null } batch)
            {
                ledger.Written(batch.ProducerId, topic, partition, baseOffset, baseOffset + batch.Count - 1);
            }

            if (logStart >= 0)
            {
                ledger.LogStarts(topic, partition, logStart);
            }
        });
        return Rewrite.Unchanged;
    }

    /// <summary>The answer to a fenced producer: every partition refused.</summary>
    private static WireWriter Refusal(short version, List<Batch> batches)
    {
        var refusal = new WireWriter();
        var topics = batches.Select(b => b.Topic).Distinct(StringComparer.Ordinal).ToList();
        refusal.ArrayCount(topics.Count);
        foreach (var topic in topics)
        {
            var partitions = batches.Where(b => b.Topic == topic).ToList();
            refusal.String(topic).ArrayCount(partitions.Count);
            foreach (var batch in partitions)
            {
                refusal.Int32(batch.Partition).Int16((short)ErrorCode.InvalidProducerEpoch).Int64(-1).Int64(-1);
                if (version >= 5)
                {
                    refusal.Int64(-1);
                }

                if (version >= 8)
                {
                    refusal.ArrayCount(0).String(null);
                }
            }
        }

        // throttle_time_ms comes last in Produce responses.
        return refusal.Int32(0);
    }

    private readonly record struct Batch(string Topic, int Partition, long ProducerId, int Count);
}
