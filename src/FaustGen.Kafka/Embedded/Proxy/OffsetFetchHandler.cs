using System.Buffers.Binary;
using Confluent.Kafka;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// OffsetFetch (v1-7): a group's offset is the one its last committed transaction gave it, if any; and a request that
/// requires stable offsets (v7's require_stable, which librdkafka sets for read_committed consumers) gets
/// UNSTABLE_OFFSET_COMMIT for every partition an open transaction holds an offset for (KIP-447), so the consumer
/// retries until the transaction ends rather than start where the transaction is about to move the group.
/// </summary>
internal sealed class OffsetFetchHandler(TransactionLedger ledger)
{
    /// <summary>The version the mock broker reads at most: v7 is passed on as v6, the same without require_stable.</summary>
    private const short BrokerVersion = 6;

    /// <summary>Reads the request: group_id, topics (name, partition indexes), require_stable (v7).</summary>
    public Exchange Read(byte[] frame, short version, ref WireReader request)
    {
        if (version < 1)
        {
            return Exchange.PassOn;
        }

        var group = request.String() ?? string.Empty;
        TopicArrays.Read(ref request, (_, ref message) => message.Int32());

        if (version <= BrokerVersion)
        {
            return Exchange.Then((ref body) => Rewrite(group, version, requireStable: false, ref body));
        }

        // The reader reads frame[4..].
        var flagAt = 4 + request.Position;
        var requireStable = request.Int8() != 0;
        return new Exchange(null, WithoutFlag(frame, flagAt), (ref body) => Rewrite(group, version, requireStable, ref body));
    }

    /// <summary>The v7 request as v6: the require_stable byte removed, the version and size changed.</summary>
    private static byte[] WithoutFlag(byte[] frame, int flagAt)
    {
        var v6 = new byte[frame.Length - 1];
        frame.AsSpan(0, flagAt).CopyTo(v6);
        frame.AsSpan(flagAt + 1).CopyTo(v6.AsSpan(flagAt));
        BinaryPrimitives.WriteInt32BigEndian(v6, v6.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(v6.AsSpan(6), BrokerVersion);
        return v6;
    }

    private Rewrite Rewrite(string group, short version, bool requireStable, ref WireReader response)
    {
        var answer = new WireWriter(response.Flexible);
        if (version >= 3)
        {
            answer.Int32(response.Int32());
        }

        TopicArrays.Rewrite(ref response, answer, (topic, ref message, into) =>
        {
            var partition = message.Int32();
            var offset = message.Int64();
            var leaderEpoch = version >= 5 ? message.Int32() : -1;
            var metadata = message.String();
            var error = message.Int16();
            message.TaggedFields();
            if (error == 0 && requireStable && ledger.IsPending(group, topic, partition))
            {
                // What Kafka answers for a partition with a pending transactional offset.
                (offset, leaderEpoch, metadata, error) = (-1, -1, string.Empty, (short)ErrorCode.UnstableOffsetCommit);
            }
            else if (error == 0 && ledger.CommittedOffset(group, topic, partition) is { } committed)
            {
                offset = committed;
            }

            into.Int32(partition).Int64(offset);
            if (version >= 5)
            {
                into.Int32(leaderEpoch);
            }

            into.String(metadata).Int16(error).TaggedFields();
        });

        if (version >= 2)
        {
            answer.Int16(response.Int16());
        }

        response.TaggedFields();
        answer.TaggedFields();
        return new Rewrite(answer, null);
    }
}
