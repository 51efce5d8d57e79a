using Confluent.Kafka;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>Has the broker abort a producer's open transaction, as its coordinator does when it fences the producer
/// or times the transaction out (the broker then writes the abort markers).</summary>
internal delegate Task AbortOnBroker(string transactionalId, long producerId, short epoch);

/// <summary>
/// The transaction coordinator's requests (InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, v0-1): the
/// ledger learns from them when producers are initialised and transactions begin and end, and a fenced producer's
/// requests are answered INVALID_PRODUCER_EPOCH without reaching the broker.
/// </summary>
internal sealed class TransactionCoordinatorHandler(TransactionLedger ledger, AbortOnBroker abort)
{
    private const short InvalidProducerEpoch = (short)ErrorCode.InvalidProducerEpoch;

    /// <summary>InitProducerId (transactional_id, transaction_timeout_ms): the new producer fences the previous one of
    /// its transactional id, whose open transaction is aborted before the new one learns its id, as with Kafka.</summary>
    public Exchange InitProducerId(ref WireReader request)
    {
        var transactionalId = request.String();
        var timeoutMs = request.Int32();
        if (transactionalId is null)
        {
            return Exchange.PassOn;
        }

        return Exchange.Then((ref body) =>
        {
            body.Int32();
            if (body.Int16() != 0)
            {
                return Rewrite.Unchanged;
            }

            var producerId = body.Int64();
            var epoch = body.Int16();
            return new Rewrite(null, ledger.Initialised(transactionalId, producerId, timeoutMs, () => abort(transactionalId, producerId, epoch)));
        });
    }

    /// <summary>AddPartitionsToTxn (transactional_id, producer_id, producer_epoch, topics): the transaction is open once
    /// a partition is added.</summary>
    public Exchange AddPartitionsToTxn(ref WireReader request)
    {
        var transactionalId = request.String() ?? string.Empty;
        var producerId = request.Int64();
        request.Int16();
        if (!ledger.IsFenced(transactionalId, producerId))
        {
            return Exchange.Then((ref body) =>
            {
                body.Int32();
                var added = false;
                TopicArrays.Read(ref body, (_, ref message) =>
                {
                    message.Int32();
                    added |= message.Int16() == 0;
                });
                if (added)
                {
                    ledger.Began(producerId);
                }

                return Rewrite.Unchanged;
            });
        }

        var answer = new WireWriter().Int32(0);
        TopicArrays.Rewrite(ref request, answer, (_, ref message, into) => into.Int32(message.Int32()).Int16(InvalidProducerEpoch));
        return Exchange.Answered(answer);
    }

    /// <summary>AddOffsetsToTxn (transactional_id, producer_id, producer_epoch, group_id): the transaction is open once
    /// it will commit offsets.</summary>
    public Exchange AddOffsetsToTxn(ref WireReader request)
    {
        var transactionalId = request.String() ?? string.Empty;
        var producerId = request.Int64();
        return ledger.IsFenced(transactionalId, producerId)
            ? Exchange.Answered(new WireWriter().Int32(0).Int16(InvalidProducerEpoch))
            : Exchange.Then((ref body) =>
            {
                body.Int32();
                if (body.Int16() == 0)
                {
                    ledger.Began(producerId);
                }

                return Rewrite.Unchanged;
            });
    }

    /// <summary>EndTxn (transactional_id, producer_id, producer_epoch, committed): the transaction is ending from now (a
    /// new producer of its id waits for it); once the broker has written the markers, a commit makes the
    /// transaction's offsets the group's and an abort hides its records.</summary>
    public Exchange EndTxn(ref WireReader request)
    {
        var transactionalId = request.String() ?? string.Empty;
        var producerId = request.Int64();
        request.Int16();
        var committed = request.Int8() != 0;
        if (ledger.IsFenced(transactionalId, producerId))
        {
            return Exchange.Answered(new WireWriter().Int32(0).Int16(InvalidProducerEpoch));
        }

        ledger.Ending(producerId);
        return Exchange.Then((ref body) =>
        {
            body.Int32();
            if (body.Int16() == 0)
            {
                ledger.Ended(producerId, committed);
            }
            else
            {
                ledger.EndRefused(producerId);
            }

            return Rewrite.Unchanged;
        });
    }
}
