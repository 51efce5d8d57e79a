using Confluent.Kafka;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// TxnOffsetCommit (v0-3): the offsets become pending in the producer's transaction (the mock stores none). As a
/// Kafka group coordinator does, the proxy answers itself, every partition refused, a request whose group metadata
/// (v3: generation_id, member_id, group_instance_id; KIP-447) is not the group's current one (ILLEGAL_GENERATION,
/// UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID: librdkafka makes the transaction abortable), and a fenced producer's
/// (INVALID_PRODUCER_EPOCH).
/// </summary>
internal sealed class TxnOffsetCommitHandler(TransactionLedger ledger, GroupMembership groups)
{
    public Exchange Read(short version, ref WireReader request)
    {
        var transactionalId = request.String() ?? string.Empty;
        var group = request.String() ?? string.Empty;
        var producerId = request.Int64();
        request.Int16();
        var error = ErrorCode.NoError;
        if (version >= 3)
        {
            var generation = request.Int32();
            var memberId = request.String() ?? string.Empty;
            var instanceId = request.String();
            error = groups.Check(group, generation, memberId, instanceId);
        }

        if (error == ErrorCode.NoError && ledger.IsFenced(transactionalId, producerId))
        {
            error = ErrorCode.InvalidProducerEpoch;
        }

        // The answer refusing every partition, should the request be refused.
        var answer = new WireWriter(request.Flexible).Int32(0);
        var offsets = new List<(string Topic, int Partition, long Offset)>();
        TopicArrays.Rewrite(ref request, answer, (topic, ref message, into) =>
        {
            var partition = message.Int32();
            offsets.Add((topic, partition, message.Int64()));
            if (version >= 2)
            {
                message.Int32();
            }

            message.String();
            message.TaggedFields();
            into.Int32(partition).Int16((short)error).TaggedFields();
        });

        if (error != ErrorCode.NoError)
        {
            return Exchange.Answered(answer.TaggedFields());
        }

        return Exchange.Then((ref body) =>
        {
            // The response: throttle_time_ms, then each partition's index and error.
            body.Int32();
            var accepted = new List<(string, int, long)>();
            TopicArrays.Read(ref body, (topic, ref message) =>
            {
                var partition = message.Int32();
                if (message.Int16() == 0 && offsets.FindIndex(o => o.Topic == topic && o.Partition == partition) is >= 0 and var at)
                {
                    accepted.Add(offsets[at]);
                }

                message.TaggedFields();
            });
            ledger.OffsetsAdded(producerId, group, accepted);
            return Rewrite.Unchanged;
        });
    }
}
