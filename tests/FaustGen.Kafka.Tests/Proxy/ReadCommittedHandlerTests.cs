using FaustGen.Kafka.Embedded.Proxy;
using static FaustGen.Kafka.Tests.Proxy.ProxyFrames;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>Fetch v11 and ListOffsets v5 frames of read_committed consumers.</summary>
public sealed class ReadCommittedHandlerTests
{
    private static byte[] FetchRequest(byte isolation) => Sized(
    [
        0, 1, 0, 11,                // api key 1 (Fetch), version 11
        0, 0, 0, 2,                 // correlation id 2
        0, 1, (byte)'c',            // client id "c"
        255, 255, 255, 255,         // replica_id -1
        0, 0, 1, 244,               // max_wait_ms 500
        0, 0, 0, 1,                 // min_bytes 1
        0, 16, 0, 0,                // max_bytes
        isolation,                  // isolation_level
        0, 0, 0, 0,                 // session_id
        255, 255, 255, 255,         // session_epoch -1
        0, 0, 0, 0,                 // topics: 0
        0, 0, 0, 0,                 // forgotten_topics_data: 0
        0, 0,                       // rack_id ""
    ]);

    /// <summary>Partition 0 of "t" up to 14: two transactional batches, at 10 (two records) and 12 (two records).</summary>
    private static byte[] FetchResponse(byte logStart) => Sized(
    [
        0, 0, 0, 2,                 // correlation id 2
        0, 0, 0, 0,                 // throttle_time_ms
        0, 0,                       // error_code
        0, 0, 0, 0,                 // session_id
        0, 0, 0, 1,                 // responses: 1
        0, 1, (byte)'t',            // topic "t"
        0, 0, 0, 1,                 // partitions: 1
        0, 0, 0, 0,                 // partition_index 0
        0, 0,                       // error_code
        0, 0, 0, 0, 0, 0, 0, 14,    // high_watermark 14
        0, 0, 0, 0, 0, 0, 0, 14,    // last_stable_offset (the mock's: the high watermark)
        0, 0, 0, 0, 0, 0, 0, logStart, // log_start_offset
        255, 255, 255, 255,         // aborted_transactions: null
        255, 255, 255, 255,         // preferred_read_replica -1
        0, 0, 0, 122,               // records: 122 bytes
        .. Batch(baseOffset: 10, lastOffsetDelta: 1, producerId: 6, transactional: true),
        .. Batch(baseOffset: 12, lastOffsetDelta: 1, producerId: 7, transactional: true),
    ]);

    [Fact]
    public void A_read_committed_fetch_stops_at_the_last_stable_offset_and_lists_the_aborted_transactions()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "y", 6);
        ledger.Written(6, "t", 0, 5, 11);
        ledger.Ended(6, committed: false);
        Open(ledger, "x", 7);
        ledger.Written(7, "t", 0, 12, 13);

        var reply = Respond(Interceptor(ledger).Read(FetchRequest(1)), FetchResponse(0));

        byte[] expected = Sized(
        [
            0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 14,    // high_watermark 14
            0, 0, 0, 0, 0, 0, 0, 12,    // last_stable_offset 12: producer 7's transaction is open from 12
            0, 0, 0, 0, 0, 0, 0, 0,     // log_start_offset 0
            0, 0, 0, 1,                 // aborted_transactions: 1
            0, 0, 0, 0, 0, 0, 0, 6,     // producer_id 6
            0, 0, 0, 0, 0, 0, 0, 5,     // first_offset 5
            255, 255, 255, 255,         // preferred_read_replica -1
            0, 0, 0, 61,                // records: the batch below 12 only
            .. Batch(baseOffset: 10, lastOffsetDelta: 1, producerId: 6, transactional: true),
        ]);
        Assert.Equal(expected, reply.Frame);
        Assert.True(reply.Before.IsCompleted);
    }

    [Fact]
    public void A_fetch_with_nothing_stable_is_held_back_a_little()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "x", 7);
        ledger.Written(7, "t", 0, 10, 13);

        var reply = Respond(Interceptor(ledger).Read(FetchRequest(1)), FetchResponse(0));

        byte[] expected = Sized(
        [
            0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 14,    // high_watermark 14
            0, 0, 0, 0, 0, 0, 0, 10,    // last_stable_offset 10
            0, 0, 0, 0, 0, 0, 0, 0,     // log_start_offset 0
            0, 0, 0, 0,                 // aborted_transactions: 0
            255, 255, 255, 255,         // preferred_read_replica -1
            0, 0, 0, 0,                 // records: none
        ]);
        Assert.Equal(expected, reply.Frame);
        Assert.False(reply.Before.IsCompleted);
    }

    [Fact]
    public void A_fetch_response_s_log_start_prunes_the_aborted_transactions_before_it()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "y", 6);
        ledger.Written(6, "t", 0, 5, 9);
        ledger.Ended(6, committed: false);

        Respond(Interceptor(ledger).Read(FetchRequest(1)), FetchResponse(10));

        Assert.Equal(0, ledger.AbortedCount("t", 0));
    }

    [Fact]
    public void A_read_uncommitted_fetch_passes_unread()
    {
        using var ledger = new TransactionLedger();

        Assert.Null(Interceptor(ledger).Read(FetchRequest(0)).Response);
    }

    [Fact]
    public void ListOffsets_gives_read_committed_consumers_the_last_stable_offset_as_the_end()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "x", 7);
        ledger.Written(7, "t", 0, 12, 13);
        byte[] request = Sized(
        [
            0, 2, 0, 5, 0, 0, 0, 6, 0, 1, (byte)'c',
            255, 255, 255, 255,         // replica_id -1
            1,                          // isolation_level read_committed
            0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 1,
            0, 0, 0, 0,                 // partition_index 0
            255, 255, 255, 255,         // current_leader_epoch -1
            255, 255, 255, 255, 255, 255, 255, 255, // timestamp -1: the end
        ]);
        byte[] response(byte offset) => Sized(
        [
            0, 0, 0, 6,                 // correlation id 6
            0, 0, 0, 0,                 // throttle_time_ms
            0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 1,
            0, 0, 0, 0,                 // partition_index 0
            0, 0,                       // error_code
            255, 255, 255, 255, 255, 255, 255, 255, // timestamp -1
            0, 0, 0, 0, 0, 0, 0, offset, // offset
            0, 0, 0, 0,                 // leader_epoch 0
        ]);

        var reply = Respond(Interceptor(ledger).Read(request), response(14));

        Assert.Equal(response(12), reply.Frame);
    }
}
