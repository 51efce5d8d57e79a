namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// Fetch (v4-11) and ListOffsets (v2-5) of read_committed consumers (isolation_level 1): what a partition holds past
/// its last stable offset (the first offset of its oldest open transaction) is cut from fetch responses, which list
/// the aborted transactions of what they return; the end of the log ListOffsets gives is the last stable offset.
/// </summary>
internal sealed class ReadCommittedHandler(TransactionLedger ledger)
{
    // A read_committed fetch whose records all lie past the last stable offset is answered this much later, so the
    // consumer does not fetch the same records again at once while the transaction stays open.
    private static readonly TimeSpan HeldFetchDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Fetch: replica_id, max_wait_ms, min_bytes, max_bytes, then isolation_level.</summary>
    public Exchange Fetch(short version, ref WireReader request)
    {
        if (version < 4)
        {
            return Exchange.PassOn;
        }

        request.Int32();
        request.Int32();
        request.Int32();
        request.Int32();
        return request.Int8() == 1 ? Exchange.Then((ref body) => RewriteFetch(version, ref body)) : Exchange.PassOn;
    }

    /// <summary>ListOffsets: replica_id, then isolation_level.</summary>
    public Exchange ListOffsets(short version, ref WireReader request)
    {
        if (version < 2)
        {
            return Exchange.PassOn;
        }

        request.Int32();
        return request.Int8() == 1 ? Exchange.Then((ref body) => RewriteListOffsets(version, ref body)) : Exchange.PassOn;
    }

    private Rewrite RewriteFetch(short version, ref WireReader response)
    {
        var answer = new WireWriter();
        answer.Int32(response.Int32());
        if (version >= 7)
        {
            answer.Int16(response.Int16()).Int32(response.Int32());
        }

        var held = false;
        TopicArrays.Rewrite(ref response, answer, (topic, ref message, into) => held |= RewriteFetched(version, topic, ref message, into));
        return new Rewrite(answer, held ? Task.Delay(HeldFetchDelay) : null);
    }

    /// <summary>Rewrites a partition of a fetch response; returns whether all of its records lie past the last stable offset.</summary>
    private bool RewriteFetched(short version, string topic, ref WireReader response, WireWriter answer)
    {
        var partition = response.Int32();
        var error = response.Int16();
        var high = response.Int64();
        response.Int64();
        var stable = ledger.StableOffset(topic, partition, high);
        answer.Int32(partition).Int16(error).Int64(high).Int64(stable);
        if (version >= 5)
        {
            var logStart = response.Int64();
            answer.Int64(logStart);
            if (logStart >= 0)
            {
                ledger.LogStarts(topic, partition, logStart);
            }
        }

        for (var count = response.ArrayCount(); count > 0; count--)
        {
            response.Int64();
            response.Int64();
        }

        var preferred = version >= 11 ? response.Int32() : 0;
        var records = response.Bytes();
        var kept = RecordBatches.Below(records, stable);
        var aborted = kept == 0 ? [] : ledger.AbortedFrom(topic, partition, RecordBatches.BaseOffset(records));
        answer.ArrayCount(aborted.Count);
        foreach (var (producerId, first) in aborted)
        {
            answer.Int64(producerId).Int64(first);
        }

        if (version >= 11)
        {
            answer.Int32(preferred);
        }

        answer.Int32(kept).Raw(records[..kept]);
        return records.Length > 0 && kept == 0;
    }

    private Rewrite RewriteListOffsets(short version, ref WireReader response)
    {
        var answer = new WireWriter().Int32(response.Int32());
        TopicArrays.Rewrite(ref response, answer, (topic, ref message, into) =>
        {
            var partition = message.Int32();
            var error = message.Int16();
            var timestamp = message.Int64();
            var offset = message.Int64();
            // Only the end of the log (timestamp -1 in the answer) moves back to the last stable offset.
            into.Int32(partition).Int16(error).Int64(timestamp).Int64(error == 0 && timestamp == -1 ? ledger.StableOffset(topic, partition, offset) : offset);
            if (version >= 4)
            {
                into.Int32(message.Int32());
            }
        });
        return new Rewrite(answer, null);
    }
}
