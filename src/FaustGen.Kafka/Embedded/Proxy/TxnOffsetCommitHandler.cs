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

        var answer = new WireWriter(request.Flexible).Int32(0);
        var offsets = new List<(string, int, long)>();
        var topics = request.ArrayCount();
        answer.ArrayCount(topics);
        for (; topics > 0; topics--)
        {
            var topic = request.String() ?? string.Empty;
            var partitions = request.ArrayCount();
            answer.String(topic).ArrayCount(partitions);
            for (; partitions > 0; partitions--)
            {
                var partition = request.Int32();
                offsets.Add((topic, partition, request.Int64()));
                if (version >= 2)
                {
                    request.Int32();
                }

                request.String();
                request.TaggedFields();
                answer.Int32(partition).Int16((short)error).TaggedFields();
            }

            request.TaggedFields();
            answer.TaggedFields();
        }

        if (error != ErrorCode.NoError)
        {
            return Exchange.Answered(answer.TaggedFields());
        }

        return Exchange.Then((ref body) =>
        {
            ledger.OffsetsAdded(producerId, group, Accepted(offsets, ref body));
            return Rewrite.Unchanged;
        });
    }

    /// <summary>The offsets of the partitions the response accepts (throttle_time_ms, topics: name, partitions: index, error).</summary>
    private static List<(string Topic, int Partition, long Offset)> Accepted(List<(string Topic, int Partition, long Offset)> offsets, ref WireReader response)
    {
        var accepted = new List<(string, int, long)>();
        response.Int32();
        for (var topics = response.ArrayCount(); topics > 0; topics--)
        {
            var topic = response.String() ?? string.Empty;
            for (var partitions = response.ArrayCount(); partitions > 0; partitions--)
            {
                var partition = response.Int32();
                if (response.Int16() == 0 && offsets.FindIndex(o => o.Topic == topic && o.Partition == partition) is >= 0 and var at)
                {
                    accepted.Add(offsets[at]);
                }

                response.TaggedFields();
            }

            response.TaggedFields();
        }

        return accepted;
    }
}
